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

  // —— Restock orders (the order machine in machines.ts; its effects beside it) ——
  "order.submit": { store: ["owner", "clerk"] },
  "order.withdraw": { store: ["owner", "clerk"] },
  "order.receive": { store: ["owner", "clerk"] },
  "order.confirm": { distributor: ["admin"] },
  "order.reject": { distributor: ["admin"] },
  "order.cancel": { distributor: ["admin"] },

  // —— Delivery runs: picking, dispatch, stops, claims, account entries ——
  "run.dispatch": { distributor: ["admin", "warehouse"] },

  // —— Buying alliance: members, suppliers, campaigns, pledges ——
  "membership.apply": { store: ["owner"] },
  "membership.decide": { alliance: ["coordinator"] },
  "supplier.save": { alliance: ["coordinator"] },
  "campaign.save": { alliance: ["coordinator"] },
  "campaign.open": { alliance: ["coordinator"] },
  // The coordinator's 立即截单 only brings the close forward; the close itself is the job's.
  "campaign.closeNow": { alliance: ["coordinator"] },
  "campaign.close": { alliance: ["coordinator"], system: true },
  "campaign.cancel": { alliance: ["coordinator"] },
  "pledge.save": { store: ["owner", "clerk"] },
  "pledge.withdraw": { store: ["owner", "clerk"] },
  "notice.open": { store: ["owner", "clerk"], alliance: ["coordinator"] },

  // —— Payments ——
  // The payer starts paying (a pledge's deposit, an order): store staff, as the pages allow.
  "payment.start": { store: ["owner", "clerk"] },
  // The jobs that follow a campaign's outcome: only the system acts on them.
  "payment.capture": { system: true },
  "payment.cancel": { system: true },
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
