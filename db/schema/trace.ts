import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations } from "./identity";
import { stockLots } from "./inventory";

// Traceability (issue 15): every lot knows where it came from. A lot is a `stock_lots` row of
// whoever holds it — a store's lot, the distributor's warehouse lot, a store's produce lot —
// and each edge below says "this lot received `qty` base units from that source". Walking the
// edges up gives the origin (supplier batch, farmer purchase), walking them down gives everyone
// who holds or sold some of it. The edges cross organisations (a warehouse lot feeds store lots),
// so each side carries its own org id and every read filters on the side it is allowed to see.

export const LOT_SOURCE_KINDS = [
  // Another stock lot: warehouse → store at receipt (dispatch carried it), store → warehouse for
  // produce sent up on a run, a mixed produce lot made from several farmers' lots.
  "stock_lot",
  // A supplier batch (negotiation's `supplier_batches`) received into the warehouse.
  "supplier_batch",
  // A store's purchase from a farmer (produce up): the lot's origin.
  "produce_purchase",
] as const;
export type LotSourceKind = (typeof LOT_SOURCE_KINDS)[number];

export const lotSources = sqliteTable(
  "lot_sources",
  {
    id: text("id").primaryKey(),
    // The lot that received the units, and its holder.
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    lotId: text("lot_id")
      .notNull()
      .references(() => stockLots.id, { onDelete: "cascade" }),
    // Where they came from, and who held that.
    sourceKind: text("source_kind", { enum: LOT_SOURCE_KINDS }).notNull(),
    sourceOrgId: text("source_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    sourceId: text("source_id").notNull(),
    // Base units of the receiving lot's product that came this way.
    qty: integer("qty").notNull(),
    // What carried them: an order line, a consignment line, a supplier delivery, a mix.
    refType: text("ref_type").notNull(),
    refId: text("ref_id").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("lot_sources_lot_idx").on(t.orgId, t.lotId),
    index("lot_sources_source_idx").on(t.sourceKind, t.sourceId),
    // Safe to retry: one edge per lot, source and carrying document.
    uniqueIndex("lot_sources_edge_uq").on(t.lotId, t.sourceKind, t.sourceId, t.refType, t.refId),
  ],
);

/**
 * The public face of a lot: an unguessable code printed in a label's QR code. It opens the
 * lot's public trace page and nothing else (no internal id appears on that page).
 */
export const lotTraceCodes = sqliteTable("lot_trace_codes", {
  code: text("code").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  lotId: text("lot_id")
    .notNull()
    .unique()
    .references(() => stockLots.id, { onDelete: "cascade" }),
  createdAt: integer("created_at").notNull(),
});

/**
 * Which warehouse lots went onto an order line when the van left (issue 15, decision 040). The
 * warehouse ledger takes a dispatched line first-expiring-first; this row is one lot's share of
 * it, with the batch and expiry the store's receipt books without typing. Both organisations'
 * ids are kept: the distributor reads it by its own, the store by its own.
 */
export const shippedLots = sqliteTable(
  "shipped_lots",
  {
    id: text("id").primaryKey(),
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    orderId: text("order_id").notNull(),
    lineId: text("line_id").notNull(),
    // The warehouse lot (a `stock_lots` row of the distributor) and the movement that took it.
    lotId: text("lot_id")
      .notNull()
      .references(() => stockLots.id, { onDelete: "cascade" }),
    movementId: text("movement_id").notNull(),
    batchNo: text("batch_no").notNull().default(""),
    expiryDate: text("expiry_date").notNull().default(""),
    // Base units of the line's product taken from this lot.
    qty: integer("qty").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("shipped_lots_line_idx").on(t.lineId),
    index("shipped_lots_lot_idx").on(t.distributorOrgId, t.lotId),
    uniqueIndex("shipped_lots_movement_uq").on(t.movementId),
  ],
);
