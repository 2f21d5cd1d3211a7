import type { OrgKind, Role } from "@db/schema/enums";

// Who may do what, as one table: each named permission lists the roles of each kind of
// organisation that hold it, and whether the system actor (a job) holds it. Domain writers check
// their permission first (`requirePermission` in permission-check.server.ts); route guards and
// pages use the same names. Browser-safe: pages show only the actions the role may take.

type Grant = { readonly [K in OrgKind]?: readonly Role[] } & { readonly system?: true };

export const PERMISSIONS = {
  // Restock orders (the order machine in machines.ts; effects in restock/order-process.server.ts).
  "order.submit": { store: ["owner", "clerk"] },
  "order.withdraw": { store: ["owner", "clerk"] },
  "order.receive": { store: ["owner", "clerk"] },
  "order.confirm": { distributor: ["admin"] },
  "order.reject": { distributor: ["admin"] },
  "order.cancel": { distributor: ["admin"] },
  "order.createFromCampaign": { alliance: ["coordinator"], system: true },
} as const satisfies Record<string, Grant>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether a role of an organisation kind holds a permission (null: the system actor). */
export function roleMay(kind: OrgKind, role: Role | null, permission: Permission): boolean {
  const grant: Grant = PERMISSIONS[permission];
  if (role === null) return grant.system === true;
  return grant[kind]?.includes(role) ?? false;
}
