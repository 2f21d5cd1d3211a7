import { ROLES, type Role } from "../identity/roles";
import { roleMay, type Permission } from "../permissions";

// Browser-safe. Route guards of the order and run pages ask the same permission table as the
// domain writers they call, so a page and its use case cannot disagree about who may.

/** The distributor roles that hold `permission`. */
export function distributorRolesWith(permission: Permission): Role[] {
  return ROLES.distributor.filter((role) => roleMay("distributor", role, permission));
}

/** Everyone at the distributor reads a run and prints its lists (decision 020). */
export const RUN_READERS: readonly Role[] = ROLES.distributor;
