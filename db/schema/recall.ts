import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./identity";
import { products, stockLots } from "./inventory";

// Recalls (issue 15, decision 041). A distributor or an alliance coordinator flags a supplier
// batch or a stock lot with a reason; every lot reached from it down the lot graph
// (`lot_sources`) is listed here with its holder, and the store lots among them are kept apart
// (quarantined) until the recall is released. A drill (mock recall) lists and notifies the
// same way but quarantines nothing: selling goes on, and the report times the stores' answers.

export const RECALL_KINDS = ["recall", "drill"] as const;
export type RecallKind = (typeof RECALL_KINDS)[number];

export const RECALL_SOURCE_KINDS = ["supplier_batch", "stock_lot"] as const;
export type RecallSourceKind = (typeof RECALL_SOURCE_KINDS)[number];

export const RECALL_STATUSES = ["open", "released"] as const;
export type RecallStatus = (typeof RECALL_STATUSES)[number];

// What a recall's log records: who did what, why, and how many units.
export const RECALL_EVENT_KINDS = [
  "flag",
  "quarantine",
  "confirm",
  "return",
  "destroy",
  "release",
  "pickup",
  "book_in",
] as const;
export type RecallEventKind = (typeof RECALL_EVENT_KINDS)[number];

export const recalls = sqliteTable(
  "recalls",
  {
    id: text("id").primaryKey(),
    // The organisation that flagged it (a distributor or an alliance).
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: RECALL_KINDS }).notNull(),
    sourceKind: text("source_kind", { enum: RECALL_SOURCE_KINDS }).notNull(),
    sourceId: text("source_id").notNull(),
    // What the flag names, as the flagger saw it (batch number, product): the report's title.
    sourceLabel: text("source_label").notNull(),
    reason: text("reason").notNull(),
    // How the quarantined units go back: a recorded arrangement (the next run's driver takes them).
    returnNote: text("return_note").notNull().default(""),
    status: text("status", { enum: RECALL_STATUSES }).notNull().default("open"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    releasedBy: text("released_by").references(() => users.id),
    releasedAt: integer("released_at"),
    releaseReason: text("release_reason"),
  },
  (t) => [index("recalls_org_created_idx").on(t.orgId, t.createdAt)],
);

/** A lot the recall reached, with its holder and the units it received from the flagged source. */
export const recallLots = sqliteTable(
  "recall_lots",
  {
    id: text("id").primaryKey(),
    recallId: text("recall_id")
      .notNull()
      .references(() => recalls.id, { onDelete: "cascade" }),
    // The holder of the lot (a store, or the distributor's warehouse).
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    lotId: text("lot_id")
      .notNull()
      .references(() => stockLots.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    received: integer("received").notNull(),
    confirmedAt: integer("confirmed_at"),
    confirmedBy: text("confirmed_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("recall_lots_recall_lot_uq").on(t.recallId, t.lotId),
    index("recall_lots_org_idx").on(t.orgId, t.recallId),
  ],
);

/**
 * The lots no one may sell now: one row per lot under an open recall (never a drill's). The
 * ledger's lot choice joins it by primary key, the sale's only extra cost; the rows go when the
 * recall is released or the lot is emptied by returning or destroying its units. Triggers
 * (migration 0015) move the store's catalog version, so the phone's offline copy learns it.
 */
export const quarantinedLots = sqliteTable(
  "quarantined_lots",
  {
    lotId: text("lot_id")
      .primaryKey()
      .references(() => stockLots.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    recallId: text("recall_id")
      .notNull()
      .references(() => recalls.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("quarantined_lots_org_product_idx").on(t.orgId, t.productId)],
);

/** Who did what to a recall and why: flag, quarantine, a store's confirmation, returns, release. */
export const recallEvents = sqliteTable(
  "recall_events",
  {
    id: text("id").primaryKey(),
    recallId: text("recall_id")
      .notNull()
      .references(() => recalls.id, { onDelete: "cascade" }),
    // The organisation that acted (the flagger, or a holding store).
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: RECALL_EVENT_KINDS }).notNull(),
    lotId: text("lot_id").references(() => stockLots.id, { onDelete: "set null" }),
    qty: integer("qty").notNull().default(0),
    actorId: text("actor_id").references(() => users.id),
    note: text("note").notNull().default(""),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("recall_events_recall_idx").on(t.recallId, t.createdAt)],
);

export const RECALL_RETURN_OUTCOMES = ["quarantined", "destroyed"] as const;
export type RecallReturnOutcome = (typeof RECALL_RETURN_OUTCOMES)[number];

/**
 * Recalled units a holding store hands to the driver of its next run (decision 046): the driver
 * confirms the count at the stop (the units leave the store's lot as a recall `return`), and the
 * warehouse books them in, into a quarantined warehouse lot, or destroys them. One row per
 * store lot and run.
 */
export const recallReturns = sqliteTable(
  "recall_returns",
  {
    id: text("id").primaryKey(),
    recallId: text("recall_id")
      .notNull()
      .references(() => recalls.id, { onDelete: "cascade" }),
    // The distributor whose van carried them back.
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeLotId: text("store_lot_id")
      .notNull()
      .references(() => stockLots.id, { onDelete: "cascade" }),
    runId: text("run_id").notNull(),
    qty: integer("qty").notNull(),
    pickedBy: text("picked_by").references(() => users.id),
    pickedAt: integer("picked_at").notNull(),
    outcome: text("outcome", { enum: RECALL_RETURN_OUTCOMES }),
    // The warehouse lot the units went back into (the lot they were shipped from).
    warehouseLotId: text("warehouse_lot_id").references(() => stockLots.id, { onDelete: "set null" }),
    bookedBy: text("booked_by").references(() => users.id),
    bookedAt: integer("booked_at"),
  },
  (t) => [
    uniqueIndex("recall_returns_run_lot_uq").on(t.runId, t.storeLotId),
    index("recall_returns_recall_idx").on(t.recallId),
  ],
);
