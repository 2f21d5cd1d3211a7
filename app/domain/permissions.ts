import type { OrgKind, Role } from "@db/schema/enums";

// Who may do what, as one table: each named permission lists the roles of each kind of
// organisation that hold it, and whether the system actor (a job) holds it. Domain writers check
// their permission first (`requirePermission` in permission-check.server.ts); route guards and
// pages use the same names. Browser-safe: pages show only the actions the role may take.

type Grant = { readonly [K in OrgKind]?: readonly Role[] } & { readonly system?: true };

export const PERMISSIONS = {
  // —— Accounts, organisations, store staff ——
  "org.addClerk": { store: ["owner"] },

  // —— Store: products, stock, counts, imports ——
  "product.save": { store: ["owner", "clerk"] },

  // —— Store: selling, sales, credit book ——
  "sale.record": { store: ["owner", "clerk"] },
  "sale.void": { store: ["owner", "clerk"] },

  // —— Distributor: catalog, warehouse, price lists, routes, store links ——
  "catalog.save": { distributor: ["admin"] },

  // —— Restock orders (the order machine in machines.ts; its effects in restock/order-process.server.ts) ——
  "order.submit": { store: ["owner", "clerk"] },
  "order.withdraw": { store: ["owner", "clerk"] },
  "order.receive": { store: ["owner", "clerk"] },
  // The warehouse works the inbox with the admin (it sees the stock); calling off a confirmed order is the admin's.
  "order.confirm": { distributor: ["admin", "warehouse"] },
  "order.reject": { distributor: ["admin", "warehouse"] },
  "order.cancel": { distributor: ["admin"] },
  // A group buy's member orders, placed on the distributor's side by the campaign close (a job) and nobody else.
  "order.placeForCampaign": { system: true },

  // —— Delivery runs: picking, dispatch, stops, claims, account entries ——
  // The warehouse picks and loads, the driver delivers; the admin can do both (decision 020).
  "run.pick": { distributor: ["admin", "warehouse"] },
  "run.dispatch": { distributor: ["admin", "warehouse"] },
  "run.deliver": { distributor: ["admin", "driver"] },
  "run.complete": { distributor: ["admin", "driver"] },
  "claim.resolve": { distributor: ["admin"] },
  "account.recordPayment": { distributor: ["admin"] },

  // —— Buying alliance: members, suppliers, campaigns, pledges ——
  "campaign.open": { alliance: ["coordinator"] },
  "campaign.close": { alliance: ["coordinator"], system: true },

  // —— Payments ——
  "payment.reconcile": { system: true },

  // —— Background jobs ——
  "job.retry": { distributor: ["admin"], alliance: ["coordinator"] },
} as const satisfies Record<string, Grant>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether a role of an organisation kind holds a permission (null: the system actor). */
export function roleMay(kind: OrgKind, role: Role | null, permission: Permission): boolean {
  const grant: Grant = PERMISSIONS[permission];
  if (role === null) return grant.system === true;
  return grant[kind]?.includes(role) ?? false;
}
