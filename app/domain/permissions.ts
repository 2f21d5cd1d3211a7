import type { OrgKind, Role } from "@db/schema/enums";

// Who may do what, as one table: each named permission lists the roles of each kind of
// organisation that hold it, and whether the system actor (a job) holds it. Domain writers check
// their permission first (`requirePermission` in permission-check.server.ts); route guards and
// pages use the same names. Browser-safe: pages show only the actions the role may take.

type Grant = { readonly [K in OrgKind]?: readonly Role[] } & { readonly system?: true };

export const PERMISSIONS = {
  // —— Accounts, organisations, store staff ——
  // Account-level verbs (sign up, log in, log out, open a store, switch organisation, language)
  // take a UserCtx or no ctx at all: the person acts on their own account, not in an
  // organisation, so no role is involved and they are not in this table. Opening a store makes
  // the person its owner; from then on this table applies.
  "store.home": { store: ["owner", "clerk"] },
  "distributor.home": { distributor: ["admin", "warehouse", "driver"] },
  "alliance.home": { alliance: ["coordinator"] },
  "team.view": { store: ["owner"] },
  "org.addClerk": { store: ["owner"] },

  // —— Store: products, stock, counts, imports ——
  "product.view": { store: ["owner", "clerk"] },
  "product.save": { store: ["owner", "clerk"] },
  "product.import": { store: ["owner", "clerk"] },
  "stock.receive": { store: ["owner", "clerk"] },
  // The distributor's warehouse is the same ledger: its staff receive supplier deliveries. A name
  // of its own, so that each page's guard names one kind of organisation.
  "warehouse.receive": { distributor: ["admin", "warehouse"] },
  "stock.adjust": { store: ["owner", "clerk"] },
  "stock.count": { store: ["owner", "clerk"] },

  // —— Store: selling, sales, credit book ——
  "sale.view": { store: ["owner", "clerk"] },
  "sale.record": { store: ["owner", "clerk"] },
  // A clerk may void a sale of their own shortly after recording it (the mistake just made);
  // any other sale, and returns, are the owner's (decision 010).
  "sale.void": { store: ["owner", "clerk"] },
  "sale.voidAny": { store: ["owner"] },
  "sale.return": { store: ["owner"] },
  "customer.view": { store: ["owner", "clerk"] },
  "customer.save": { store: ["owner", "clerk"] },
  "credit.repay": { store: ["owner", "clerk"] },

  // —— Analysis: dashboards, insight, suggestions, exports, distributor demand (reads) ——
  "analysis.view": { store: ["owner", "clerk"] },
  // Cost, margin and stock value are the owner's business, not the clerk's.
  "analysis.cost": { store: ["owner"] },
  "suggestion.view": { store: ["owner", "clerk"] },
  "demand.view": { distributor: ["admin", "warehouse"] },

  // —— Distributor: catalog, warehouse, price lists, routes, store links ——
  "catalog.view": { distributor: ["admin", "warehouse"] },
  "catalog.save": { distributor: ["admin"] },
  "catalog.import": { distributor: ["admin"] },
  "priceList.view": { distributor: ["admin"] },
  "priceList.save": { distributor: ["admin"] },
  "route.view": { distributor: ["admin"] },
  "route.save": { distributor: ["admin"] },
  "link.view": { distributor: ["admin"] },
  "link.decide": { distributor: ["admin"] },
  "link.terms": { distributor: ["admin"] },
  // The store side: finding distributors and asking to buy from one.
  "link.request": { store: ["owner", "clerk"] },

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
  "payment.reconcile": { system: true },

  // —— Background jobs ——
  "job.view": { distributor: ["admin"], alliance: ["coordinator"] },
  "job.retry": { distributor: ["admin"], alliance: ["coordinator"] },

  // —— Page guards of the order, run and alliance areas (reads; their lanes own the verbs) ——
  "restock.view": { store: ["owner", "clerk"] },
  "order.view": { distributor: ["admin", "warehouse"] },
  "account.view": { distributor: ["admin"] },
  "claim.view": { distributor: ["admin"] },
  "run.view": { distributor: ["admin", "warehouse", "driver"] },
  "run.drive": { distributor: ["admin", "driver"] },
  "groupBuy.view": { store: ["owner", "clerk"] },
  "alliance.apply": { store: ["owner"] },
  "notice.view": { store: ["owner", "clerk"], alliance: ["coordinator"] },
  "campaign.view": { alliance: ["coordinator"] },
  "member.view": { alliance: ["coordinator"] },
  "supplier.view": { alliance: ["coordinator"] },
  "savings.view": { alliance: ["coordinator"] },

  // —— Store↔distributor account: payments a store reports, the distributor confirms (issue 11) ——
  // A store reports money it paid away from a delivery stop; it counts once the office confirms it.
  "account.reportPayment": { store: ["owner"] },
  "account.confirmPayment": { distributor: ["admin"] },

  // —— Selling offline: the outbox sync (issue 12) ——

  // —— Payments: Checkout, connected accounts, refunds, settlements (issue 13) ——
  // Refund jobs and session expiry follow a campaign's outcome or an order's change: only the system.
  "payment.refund": { system: true },
  // The store chooses refund or credit for what it paid online beyond an order's final cost.
  "payment.chooseRefund": { store: ["owner", "clerk"] },
  // A payee opens its connected account (onboarding by account link) and reads it back: the
  // distributor's admin (order payments), the alliance's coordinator (deposits).
  "payment.connect": { distributor: ["admin"], alliance: ["coordinator"] },
  // The deposit settlements between an alliance and a distributor: both sides' money people.
  "settlement.view": { distributor: ["admin"], alliance: ["coordinator"] },

  // —— Alliance negotiation: interest, requests for quotation, quotes, award (issue 14) ——
  // A member store says what it wants to buy together (意向登记).
  "interest.register": { store: ["owner", "clerk"] },
  // The coordinator's side of a request for quotation (询价单), decision 036.
  "rfq.view": { alliance: ["coordinator"] },
  "rfq.save": { alliance: ["coordinator"] },
  "rfq.send": { alliance: ["coordinator"] },
  "rfq.counter": { alliance: ["coordinator"] },
  "rfq.award": { alliance: ["coordinator"] },
  // Promised / actual delivery and the supplier batch of a supplier order (the supplier's record).
  "supplierOrder.record": { alliance: ["coordinator"] },
  // The SUPPLIER answering by link is not in this table: it has no account, no organisation and no
  // role. Its verbs (app/domain/negotiation/supplier-*.server.ts) take a `SupplierLink` — the
  // invitation a verified, unexpired signed token names — instead of a Ctx, and can reach that one
  // invitation's quote and nothing else (decision 036).

  // —— County commerce bureau: places, consent, indicators (issue 16) ——
  // The bureau reads its county's aggregates only (disclosure-controlled, app/domain/county/);
  // it holds no store, distributor or alliance permission, so none of their pages opens for it.
  "county.home": { bureau: ["director", "analyst"] },
  "county.report": { bureau: ["director", "analyst"] },
  // The staple basket (which products count as rice, flour, oil, salt…) and the place list.
  "county.basket.save": { bureau: ["director"] },
  "county.places.import": { bureau: ["director"] },
  // Freezing a month's published figures: the director, or the monthly job.
  "county.publish": { bureau: ["director"], system: true },
  // The daily staple stock position is the worker's alone (a nightly job per bureau).
  "county.stock.record": { system: true },
  // A store owner's consent to share aggregates, and a distributor's for figures that name it.
  "consent.view": { store: ["owner"], distributor: ["admin"] },
  "consent.give": { store: ["owner"], distributor: ["admin"] },
  "consent.withdraw": { store: ["owner"], distributor: ["admin"] },

  // —— Backups and restore (issue 17) ——
  // The machine's replica and snapshots, on the distributor admin's page (the county operator).
  "backup.view": { distributor: ["admin"] },

  // —— Produce up: buying lists, farmers, purchases, consignments, grading (issue 15, produce) ——
  // The distributor's weekly buying list (收购清单): published by the office, read by linked stores.
  "buyingList.publish": { distributor: ["admin"] },
  "buyingList.view": { distributor: ["admin", "warehouse"], store: ["owner", "clerk"] },
  // The store buys from farmers at the counter: clerks weigh and pay cash or put it on the account.
  "produce.view": { store: ["owner", "clerk"] },
  "produce.buy": { store: ["owner", "clerk"] },
  // Paying a farmer what the store owes, and netting it against the farmer's own 赊账: the owner's money.
  "farmer.pay": { store: ["owner"] },
  "farmer.net": { store: ["owner"] },
  // The store's own certificate for a lot mixed from several farmers.
  "produce.certify": { store: ["owner", "clerk"] },
  // A consignment offered against the buying list, picked up on the run's return leg.
  "consignment.offer": { store: ["owner", "clerk"] },
  "consignment.view": { distributor: ["admin", "warehouse", "driver"] },
  "consignment.pickup": { distributor: ["admin", "driver"] },
  // The warehouse grades what came up and settles with the store on its account.
  "consignment.grade": { distributor: ["admin", "warehouse"] },

  // —— Traceability: lot chains, labels, exports (issue 15, trace) ——
  // A lot's chain both ways, for the lot's holder (decision 040); the public page needs no login.
  "trace.view": { store: ["owner", "clerk"], distributor: ["admin", "warehouse"] },
  // The authorities' spreadsheet of a lot's whole chain (FSMA 204 style, within 24 hours).
  "trace.export": { store: ["owner"], distributor: ["admin", "warehouse"] },
  // Printing a lot's QR labels mints its public trace code on first use.
  "trace.label": { store: ["owner", "clerk"], distributor: ["admin", "warehouse"] },

  // —— Recalls and mock recalls (issue 15, recall) ——
  // Flagging a supplier batch or a lot, and the report: the distributor's admin and warehouse
  // (who see the lots), the alliance's coordinator (who recorded the supplier batches). Decision 041.
  "recall.view": { distributor: ["admin", "warehouse"], alliance: ["coordinator"] },
  "recall.flag": { distributor: ["admin"], alliance: ["coordinator"] },
  "recall.release": { distributor: ["admin"], alliance: ["coordinator"] },
  // A holding store sees its recalls, confirms it checked the shelf, returns or destroys the units.
  "recall.store": { store: ["owner", "clerk"] },
  "recall.act": { store: ["owner", "clerk"] },
  // (recallui) Answering a farmer's dispute of a receipt books money in the farmer account: the
  // owner's, like paying the farmer. The alliance's chain page of its supplier batches. Decision 047.
  "produceDispute.resolve": { store: ["owner"] },
  "allianceTrace.view": { alliance: ["coordinator"] },
  // Recalled units come back on a run (decision 046): the driver counts them at the stop, the
  // warehouse books them in (quarantined) or destroys them.
  "recall.pickup": { distributor: ["admin", "driver"] },
  "recall.bookIn": { distributor: ["admin", "warehouse"] },
} as const satisfies Record<string, Grant>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether a role of an organisation kind holds a permission (null: the system actor). */
export function roleMay(kind: OrgKind, role: Role | null, permission: Permission): boolean {
  const grant: Grant = PERMISSIONS[permission];
  if (role === null) return grant.system === true;
  return grant[kind]?.includes(role) ?? false;
}
