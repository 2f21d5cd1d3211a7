import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ADJUSTMENT_REASONS, MOVEMENT_KINDS } from "./enums";
import { organisations, users } from "./identity";

export const products = sqliteTable(
  "products",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    barcode: text("barcode"),
    // Pinyin initials of the name ("kslhsnrm" for 康师傅红烧牛肉面) so a shopkeeper can type "kls".
    pinyin: text("pinyin").notNull().default(""),
    category: text("category").notNull().default(""),
    baseUnit: text("base_unit").notNull(),
    packUnit: text("pack_unit"),
    packSize: integer("pack_size").notNull().default(1),
    priceFen: integer("price_fen").notNull(),
    // Moving average cost per base unit, updated on every receipt.
    costFen: integer("cost_fen").notNull().default(0),
    reorderPoint: integer("reorder_point").notNull().default(0),
    // Cached sum of this product's stock movements; written only with a movement.
    onHand: integer("on_hand").notNull().default(0),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    // The store's catalog version at this product's last change the sell screen shows (set by
    // triggers, migration 0006): a phone asks for the products changed since its version.
    catalogVersion: integer("catalog_version").notNull().default(0),
  },
  (t) => [
    uniqueIndex("products_org_barcode_uq").on(t.orgId, t.barcode),
    index("products_org_name_idx").on(t.orgId, t.name),
    // The product list's order (pinyin, then id): a page of 50 reads 50 rows, not the whole store (decision 045).
    index("products_org_pinyin_idx").on(t.orgId, t.pinyin, t.id),
  ],
);

// A lot is what was received together: batch number and expiry. Quantity without a known
// lot (opening stock, returns, found items, oversold stock) lives in the product's
// lot with empty batch and expiry, which alone may go negative.
export const stockLots = sqliteTable(
  "stock_lots",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    batchNo: text("batch_no").notNull().default(""),
    // Calendar date "YYYY-MM-DD" as printed on the pack; "" when unknown.
    expiryDate: text("expiry_date").notNull().default(""),
    onHand: integer("on_hand").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("stock_lots_product_batch_expiry_uq").on(t.productId, t.batchNo, t.expiryDate),
    index("stock_lots_org_expiry_idx").on(t.orgId, t.expiryDate),
  ],
);

// Append-only: never updated, never deleted. Corrections are new rows.
export const stockMovements = sqliteTable(
  "stock_movements",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    lotId: text("lot_id")
      .notNull()
      .references(() => stockLots.id),
    kind: text("kind", { enum: MOVEMENT_KINDS }).notNull(),
    reason: text("reason", { enum: ADJUSTMENT_REASONS }),
    qty: integer("qty").notNull(),
    unitCostFen: integer("unit_cost_fen").notNull(),
    batchNo: text("batch_no").notNull().default(""),
    expiryDate: text("expiry_date").notNull().default(""),
    actorId: text("actor_id").references(() => users.id),
    refType: text("ref_type"),
    refId: text("ref_id"),
    note: text("note"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("stock_movements_org_product_created_idx").on(t.orgId, t.productId, t.createdAt),
    index("stock_movements_ref_idx").on(t.orgId, t.refType, t.refId),
  ],
);

export const stockCounts = sqliteTable("stock_counts", {
  id: text("id").primaryKey(),
  orgId: text("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  actorId: text("actor_id").references(() => users.id),
  note: text("note"),
  createdAt: integer("created_at").notNull(),
});

export const stockCountLines = sqliteTable(
  "stock_count_lines",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    countId: text("count_id")
      .notNull()
      .references(() => stockCounts.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    expected: integer("expected").notNull(),
    counted: integer("counted").notNull(),
  },
  (t) => [index("stock_count_lines_count_idx").on(t.countId)],
);
