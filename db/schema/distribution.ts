import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  ACCOUNT_ENTRY_KINDS,
  CLAIM_KINDS,
  CLAIM_STATUSES,
  LINK_STATUSES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_TERMS,
  RUN_STATUSES,
} from "./distribution-enums";
import { organisations, users } from "./identity";
import { products } from "./inventory";

// A distributor's SKUs are products of the distributor organisation, so its warehouse stock is
// the same ledger as a store's (products.on_hand in base units, stock_movements, lots). This
// table adds what only a wholesaler has.
export const catalogItems = sqliteTable(
  "catalog_items",
  {
    productId: text("product_id")
      .primaryKey()
      .references(() => products.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    // The default list's price of one pack (箱/件).
    casePriceFen: integer("case_price_fen").notNull(),
    minOrderPacks: integer("min_order_packs").notNull().default(1),
    shelfLocation: text("shelf_location").notNull().default(""),
    // Base units promised to confirmed orders not yet shipped; available = on_hand - reserved.
    reserved: integer("reserved").notNull().default(0),
  },
  (t) => [index("catalog_items_org_shelf_idx").on(t.orgId, t.shelfLocation)],
);

// Named price lists (e.g. for alliance members) override the default case price per SKU.
export const priceLists = sqliteTable("price_lists", {
  id: text("id").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const priceListItems = sqliteTable(
  "price_list_items",
  {
    priceListId: text("price_list_id")
      .notNull()
      .references(() => priceLists.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    casePriceFen: integer("case_price_fen").notNull(),
  },
  (t) => [primaryKey({ columns: [t.priceListId, t.productId] })],
);

// A van's round: the days it runs and when orders for it close. Dates are computed in
// Asia/Shanghai: e.g. weekdays "2,5" (Tue, Fri), cut-off 18:00 one day before.
export const deliveryRoutes = sqliteTable("delivery_routes", {
  id: text("id").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  // ISO weekdays, 1 = Monday … 7 = Sunday, comma-separated.
  weekdays: text("weekdays").notNull(),
  cutoffTime: text("cutoff_time").notNull().default("18:00"),
  cutoffDaysBefore: integer("cutoff_days_before").notNull().default(1),
  // Townships and villages the route covers, as shown to people ("东坝头镇、爪营乡").
  areas: text("areas").notNull().default(""),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at").notNull(),
});

// A store asks to be served; the distributor accepts and sets the terms. The row belongs to
// both organisations: each side reads it filtered by its own id.
export const distributorLinks = sqliteTable(
  "distributor_links",
  {
    id: text("id").primaryKey(),
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    status: text("status", { enum: LINK_STATUSES }).notNull().default("requested"),
    priceListId: text("price_list_id").references(() => priceLists.id),
    routeId: text("route_id").references(() => deliveryRoutes.id),
    // Position of the store on its route's manifest.
    stopSeq: integer("stop_seq").notNull().default(0),
    paymentTerms: text("payment_terms", { enum: PAYMENT_TERMS }).notNull().default("cod"),
    creditLimitFen: integer("credit_limit_fen").notNull().default(0),
    note: text("note"),
    requestedAt: integer("requested_at").notNull(),
    decidedAt: integer("decided_at"),
    decidedBy: text("decided_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("distributor_links_pair_uq").on(t.distributorOrgId, t.storeOrgId),
    index("distributor_links_store_idx").on(t.storeOrgId),
  ],
);

export const deliveryRuns = sqliteTable(
  "delivery_runs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    routeId: text("route_id")
      .notNull()
      .references(() => deliveryRoutes.id),
    deliveryDate: text("delivery_date").notNull(),
    status: text("status", { enum: RUN_STATUSES }).notNull().default("planned"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("delivery_runs_route_date_uq").on(t.orgId, t.routeId, t.deliveryDate)],
);

export const restockOrders = sqliteTable(
  "restock_orders",
  {
    id: text("id").primaryKey(),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    linkId: text("link_id")
      .notNull()
      .references(() => distributorLinks.id),
    routeId: text("route_id").references(() => deliveryRoutes.id),
    // Calendar date in Asia/Shanghai the order is to be delivered on.
    deliveryDate: text("delivery_date").notNull(),
    runId: text("run_id").references(() => deliveryRuns.id),
    status: text("status", { enum: ORDER_STATUSES }).notNull().default("submitted"),
    paymentTerms: text("payment_terms", { enum: PAYMENT_TERMS }).notNull(),
    // Sum of ordered packs × snapshotted case price; after picking, what is actually shipped.
    totalFen: integer("total_fen").notNull(),
    // Shown to the store; the driver asks for it at the door as proof of delivery.
    deliveryCode: text("delivery_code").notNull(),
    signedBy: text("signed_by"),
    codCollectedFen: integer("cod_collected_fen").notNull().default(0),
    // The order whose short-picked remainder this one carries to a later run.
    backorderOf: text("backorder_of"),
    // Where the order came from: the restock cart, a repeat, a suggestion, a group-buy campaign.
    source: text("source").notNull().default("cart"),
    note: text("note"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("restock_orders_store_idx").on(t.storeOrgId, t.createdAt),
    index("restock_orders_distributor_idx").on(t.distributorOrgId, t.status, t.deliveryDate),
    index("restock_orders_run_idx").on(t.runId),
  ],
);

// Name, barcode, pack size and price are copied when the order is submitted: later catalog
// changes never alter an order.
export const restockOrderLines = sqliteTable(
  "restock_order_lines",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => restockOrders.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id").notNull(),
    distributorOrgId: text("distributor_org_id").notNull(),
    // The distributor's SKU (a product of the distributor organisation).
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    name: text("name").notNull(),
    barcode: text("barcode"),
    packUnit: text("pack_unit"),
    baseUnit: text("base_unit").notNull(),
    packSize: integer("pack_size").notNull(),
    casePriceFen: integer("case_price_fen").notNull(),
    qtyPacks: integer("qty_packs").notNull(),
    pickedPacks: integer("picked_packs"),
    receivedPacks: integer("received_packs"),
    damagedPacks: integer("damaged_packs"),
    // The store's own product the received stock was booked to (matched by barcode or created).
    storeProductId: text("store_product_id").references(() => products.id),
  },
  (t) => [index("restock_order_lines_order_idx").on(t.orderId)],
);

// Every state change of an order or a run: who, when, from, to, why. Read as the timeline.
export const stateTransitions = sqliteTable(
  "state_transitions",
  {
    id: text("id").primaryKey(),
    entity: text("entity", { enum: ["order", "run", "campaign"] }).notNull(),
    entityId: text("entity_id").notNull(),
    // The organisation of the person who made the change.
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    actorId: text("actor_id").references(() => users.id),
    // Why (decision 029): a message key with its JSON params, rendered in the reader's language;
    // or, in `reason`, plain text (a person's own words, or an old sentence no key matched).
    reason: text("reason"),
    reasonKey: text("reason_key"),
    reasonParams: text("reason_params"),
    at: integer("at").notNull(),
  },
  (t) => [index("state_transitions_entity_idx").on(t.entity, t.entityId, t.at)],
);

export const deliveryClaims = sqliteTable(
  "delivery_claims",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => restockOrders.id, { onDelete: "cascade" }),
    lineId: text("line_id")
      .notNull()
      .references(() => restockOrderLines.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id").notNull(),
    distributorOrgId: text("distributor_org_id").notNull(),
    kind: text("kind", { enum: CLAIM_KINDS }).notNull(),
    qtyPacks: integer("qty_packs").notNull(),
    amountFen: integer("amount_fen").notNull(),
    status: text("status", { enum: CLAIM_STATUSES }).notNull().default("open"),
    resolutionNote: text("resolution_note"),
    resolvedBy: text("resolved_by").references(() => users.id),
    resolvedAt: integer("resolved_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("delivery_claims_distributor_idx").on(t.distributorOrgId, t.status)],
);

// The store's account with one distributor, as a ledger: balance = sum(amount_fen), positive
// when the store owes money.
export const accountEntries = sqliteTable(
  "account_entries",
  {
    id: text("id").primaryKey(),
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ACCOUNT_ENTRY_KINDS }).notNull(),
    amountFen: integer("amount_fen").notNull(),
    orderId: text("order_id").references(() => restockOrders.id),
    claimId: text("claim_id").references(() => deliveryClaims.id),
    method: text("method", { enum: PAYMENT_METHODS }),
    note: text("note"),
    actorId: text("actor_id").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("account_entries_pair_idx").on(t.distributorOrgId, t.storeOrgId, t.createdAt)],
);
