export { ORG_KINDS, ROLES, type OrgKind, type Role } from "@db/schema/enums";
