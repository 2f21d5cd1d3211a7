import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { deliveryRoutes } from "./distribution";
import { organisations, users } from "./identity";
import { products, stockLots } from "./inventory";

// Produce up (农产品上行, issue 15, decision 039): the distributor's weekly buying list, the
// store's purchases from farmers (each a produce lot with its certificate), the farmer's account
// (the credit book's mirror), consignments picked up on a run's return leg, and the warehouse's
// grading that settles with the store. Weights are integer grams, money integer fen.

/** How a line is priced: per 斤 (500 g, weighed in grams) or per piece (counted). */
export const PRODUCE_UNITS = ["jin", "piece"] as const;
export type ProduceUnit = (typeof PRODUCE_UNITS)[number];

export const FARMER_PAYMENTS = ["cash", "owed"] as const;
export type FarmerPayment = (typeof FARMER_PAYMENTS)[number];

// The store's account with a farmer: positive amounts are what the store owes the farmer.
export const FARMER_ENTRY_KINDS = ["purchase", "payment", "netting", "adjustment"] as const;
export type FarmerEntryKind = (typeof FARMER_ENTRY_KINDS)[number];

export const CONSIGNMENT_STATUSES = ["offered", "picked_up", "graded"] as const;
export type ConsignmentStatus = (typeof CONSIGNMENT_STATUSES)[number];

export const GRADE_RESULTS = ["accepted", "downgraded", "rejected"] as const;
export type GradeResult = (typeof GRADE_RESULTS)[number];

export const buyingLists = sqliteTable(
  "buying_lists",
  {
    id: text("id").primaryKey(),
    // The distributor that buys.
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    // Monday of the week the list is for (Asia/Shanghai).
    weekOf: text("week_of").notNull(),
    // Calendar days ("YYYY-MM-DD", comma-separated) the return leg picks up on.
    pickupDates: text("pickup_dates").notNull(),
    createdBy: text("created_by").references(() => users.id),
    publishedAt: integer("published_at").notNull(),
  },
  (t) => [index("buying_lists_org_week_idx").on(t.orgId, t.weekOf)],
);

export const buyingListLines = sqliteTable(
  "buying_list_lines",
  {
    id: text("id").primaryKey(),
    listId: text("list_id")
      .notNull()
      .references(() => buyingLists.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    produce: text("produce").notNull(),
    grade: text("grade").notNull(),
    unit: text("unit", { enum: PRODUCE_UNITS }).notNull(),
    // Fen per 斤 or per piece.
    priceFen: integer("price_fen").notNull(),
    // Grams (per 斤 lines) or pieces wanted this week.
    wantedQty: integer("wanted_qty").notNull(),
    // The distributor's product the warehouse lot is booked to (base unit 克 or 个).
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
  },
  (t) => [index("buying_list_lines_list_idx").on(t.listId)],
);

export const farmers = sqliteTable(
  "farmers",
  {
    id: text("id").primaryKey(),
    // The store that buys from the farmer.
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    mobile: text("mobile").notNull(),
    village: text("village").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("farmers_org_mobile_uq").on(t.orgId, t.mobile)],
);

export const producePurchases = sqliteTable(
  "produce_purchases",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    farmerId: text("farmer_id")
      .notNull()
      .references(() => farmers.id),
    // The buying list line the store bought against (its produce, grade and unit).
    listLineId: text("list_line_id")
      .notNull()
      .references(() => buyingListLines.id),
    // The store's produce product and the lot this purchase became.
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    lotId: text("lot_id")
      .notNull()
      .references(() => stockLots.id),
    produce: text("produce").notNull(),
    grade: text("grade").notNull(),
    unit: text("unit", { enum: PRODUCE_UNITS }).notNull(),
    // Grams or pieces.
    qty: integer("qty").notNull(),
    // The store's price to the farmer, fen per 斤 or per piece, as the card showed it.
    priceFen: integer("price_fen").notNull(),
    amountFen: integer("amount_fen").notNull(),
    payment: text("payment", { enum: FARMER_PAYMENTS }).notNull(),
    // 承诺达标合格证: its number and the photo (a file under uploadsDirectory()).
    certNo: text("cert_no").notNull(),
    certPhoto: text("cert_photo"),
    harvestDate: text("harvest_date").notNull(),
    // The farmer may dispute the receipt until then.
    disputeUntil: integer("dispute_until").notNull(),
    // Opens the receipt page sent to the farmer; nothing else.
    receiptToken: text("receipt_token").notNull().unique(),
    actorId: text("actor_id").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("produce_purchases_org_created_idx").on(t.orgId, t.createdAt)],
);

export const farmerEntries = sqliteTable(
  "farmer_entries",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    farmerId: text("farmer_id")
      .notNull()
      .references(() => farmers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: FARMER_ENTRY_KINDS }).notNull(),
    // Signed: positive adds to what the store owes the farmer.
    amountFen: integer("amount_fen").notNull(),
    purchaseId: text("purchase_id").references(() => producePurchases.id),
    // The credit-book entry a netting wrote on the farmer's customer account.
    creditEntryId: text("credit_entry_id"),
    note: text("note"),
    actorId: text("actor_id").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("farmer_entries_org_farmer_idx").on(t.orgId, t.farmerId, t.createdAt)],
);

/** The store's own certificate for a lot mixed from several farmers' lots. */
export const storeCertificates = sqliteTable("store_certificates", {
  id: text("id").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  lotId: text("lot_id")
    .notNull()
    .unique()
    .references(() => stockLots.id, { onDelete: "cascade" }),
  number: text("number").notNull(),
  // What the mixed lot is (every source lot had the same), as a purchase lot reads it off its purchase.
  produce: text("produce").notNull(),
  grade: text("grade").notNull(),
  unit: text("unit", { enum: PRODUCE_UNITS }).notNull(),
  createdAt: integer("created_at").notNull(),
});

export const consignments = sqliteTable(
  "consignments",
  {
    id: text("id").primaryKey(),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    listId: text("list_id")
      .notNull()
      .references(() => buyingLists.id),
    // The return leg of the run on this route and day picks it up.
    routeId: text("route_id")
      .notNull()
      .references(() => deliveryRoutes.id),
    pickupDate: text("pickup_date").notNull(),
    status: text("status", { enum: CONSIGNMENT_STATUSES }).notNull().default("offered"),
    signedBy: text("signed_by"),
    pickedUpBy: text("picked_up_by").references(() => users.id),
    pickedUpAt: integer("picked_up_at"),
    gradedAt: integer("graded_at"),
    // What the distributor credited the store (fen), once graded.
    settledFen: integer("settled_fen"),
    // The store↔distributor account entry the settlement booked (kind "produce").
    accountEntryId: text("account_entry_id"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("consignments_store_idx").on(t.storeOrgId, t.createdAt),
    index("consignments_run_idx").on(t.distributorOrgId, t.routeId, t.pickupDate),
  ],
);

export const consignmentLines = sqliteTable(
  "consignment_lines",
  {
    id: text("id").primaryKey(),
    consignmentId: text("consignment_id")
      .notNull()
      .references(() => consignments.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id").notNull(),
    distributorOrgId: text("distributor_org_id").notNull(),
    listLineId: text("list_line_id")
      .notNull()
      .references(() => buyingListLines.id),
    // The store's produce lot sent up.
    storeLotId: text("store_lot_id")
      .notNull()
      .references(() => stockLots.id),
    storeProductId: text("store_product_id")
      .notNull()
      .references(() => products.id),
    offeredQty: integer("offered_qty").notNull(),
    pickedQty: integer("picked_qty"),
    result: text("result", { enum: GRADE_RESULTS }),
    // Fen per 斤 or piece the warehouse paid (the list's, or the new price of a downgrade).
    gradedPriceFen: integer("graded_price_fen"),
    newGrade: text("new_grade"),
    amountFen: integer("amount_fen"),
    rejectReason: text("reject_reason"),
    warehouseLotId: text("warehouse_lot_id").references(() => stockLots.id),
  },
  (t) => [index("consignment_lines_consignment_idx").on(t.consignmentId)],
);
