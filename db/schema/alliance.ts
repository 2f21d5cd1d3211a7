import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  CAMPAIGN_STATUSES,
  CERTIFICATE_KINDS,
  MEMBERSHIP_STATUSES,
  PLEDGE_STATUSES,
  SUPPLIER_ORDER_STATUSES,
} from "./alliance-enums";
import { restockOrders } from "./distribution";
import { organisations, users } from "./identity";
import { products } from "./inventory";

// A store applies to an alliance; a coordinator approves, rejects or later removes it. The row
// belongs to both organisations; each side filters by its own id. A store may be in several.
export const allianceMembers = sqliteTable(
  "alliance_members",
  {
    id: text("id").primaryKey(),
    allianceOrgId: text("alliance_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    status: text("status", { enum: MEMBERSHIP_STATUSES }).notNull().default("requested"),
    note: text("note"),
    requestedAt: integer("requested_at").notNull(),
    decidedAt: integer("decided_at"),
    decidedBy: text("decided_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("alliance_members_pair_uq").on(t.allianceOrgId, t.storeOrgId),
    index("alliance_members_store_idx").on(t.storeOrgId),
  ],
);

// Manufacturers and brand suppliers the alliance buys from.
export const suppliers = sqliteTable(
  "suppliers",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    licenceNo: text("licence_no"),
    address: text("address"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("suppliers_org_name_idx").on(t.orgId, t.name)],
);

// 食用农产品承诺达标合格证, 检验报告, 营业执照 … with the dates they are valid (YYYY-MM-DD).
export const supplierCertificates = sqliteTable(
  "supplier_certificates",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CERTIFICATE_KINDS }).notNull(),
    title: text("title").notNull(),
    number: text("number"),
    validFrom: text("valid_from"),
    validUntil: text("valid_until"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("supplier_certificates_supplier_idx").on(t.orgId, t.supplierId)],
);

export const supplierProducts = sqliteTable(
  "supplier_products",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    barcode: text("barcode"),
    spec: text("spec"),
    baseUnit: text("base_unit").notNull(),
    packUnit: text("pack_unit").notNull(),
    packSize: integer("pack_size").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("supplier_products_supplier_idx").on(t.orgId, t.supplierId)],
);

// 团购批次. The product, pack and units are copied from the supplier's list when the campaign
// is created. The fulfilling distributor's SKU (same barcode) is what member orders carry;
// with no distributor the supplier delivers directly.
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    supplierProductId: text("supplier_product_id")
      .notNull()
      .references(() => supplierProducts.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    productName: text("product_name").notNull(),
    barcode: text("barcode"),
    baseUnit: text("base_unit").notNull(),
    packUnit: text("pack_unit").notNull(),
    packSize: integer("pack_size").notNull(),
    moqPacks: integer("moq_packs").notNull(),
    // Per-store cap in packs; null = no cap.
    capPacks: integer("cap_packs"),
    deadlineAt: integer("deadline_at").notNull(),
    distributorOrgId: text("distributor_org_id").references(() => organisations.id),
    distributorProductId: text("distributor_product_id").references(() => products.id),
    expectedDeliveryDate: text("expected_delivery_date").notNull(),
    // Deposit as basis points of the pledge value (0–10000; 1000 = 10%).
    depositBp: integer("deposit_bp").notNull().default(0),
    status: text("status", { enum: CAMPAIGN_STATUSES }).notNull().default("draft"),
    // Fixed at close: the packs pledged and the tier price every pledge pays.
    totalPacks: integer("total_packs"),
    finalPriceFen: integer("final_price_fen"),
    closedAt: integer("closed_at"),
    cancelReason: text("cancel_reason"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("campaigns_org_status_idx").on(t.orgId, t.status, t.deadlineAt),
    index("campaigns_status_deadline_idx").on(t.status, t.deadlineAt),
  ],
);

// Price per pack from a total number of packs pledged; tiers strictly increase in packs and
// strictly decrease in price.
export const campaignTiers = sqliteTable(
  "campaign_tiers",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    minPacks: integer("min_packs").notNull(),
    priceFen: integer("price_fen").notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.minPacks] })],
);

// One pledge per store per campaign; changing it updates the row, withdrawing marks it.
export const pledges = sqliteTable(
  "pledges",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    allianceOrgId: text("alliance_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    packs: integer("packs").notNull(),
    status: text("status", { enum: PLEDGE_STATUSES }).notNull().default("active"),
    depositFen: integer("deposit_fen").notNull().default(0),
    // Fixed at close.
    priceFen: integer("price_fen"),
    // The store's regular price per pack from its distributor, at close: what savings compare to.
    regularPriceFen: integer("regular_price_fen"),
    restockOrderId: text("restock_order_id").references(() => restockOrders.id),
    // Recorded after delivery and receipt: (regular − campaign price) × packs received.
    savingsFen: integer("savings_fen"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("pledges_campaign_store_uq").on(t.campaignId, t.storeOrgId),
    index("pledges_store_idx").on(t.storeOrgId, t.createdAt),
  ],
);

// The alliance's purchase order to the supplier for a campaign's total: one per campaign.
export const supplierOrders = sqliteTable(
  "supplier_orders",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    packs: integer("packs").notNull(),
    priceFen: integer("price_fen").notNull(),
    totalFen: integer("total_fen").notNull(),
    status: text("status", { enum: SUPPLIER_ORDER_STATUSES }).notNull().default("placed"),
    // Issue 14: the supplier's record with the alliance (on time?) reads these ("YYYY-MM-DD").
    promisedDeliveryDate: text("promised_delivery_date"),
    deliveredDate: text("delivered_date"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("supplier_orders_campaign_uq").on(t.campaignId)],
);

// What an organisation is told (a campaign failed, a deposit was released …). Params are JSON
// for the message key, rendered in the reader's language.
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    messageKey: text("message_key").notNull(),
    params: text("params").notNull().default("{}"),
    link: text("link"),
    createdAt: integer("created_at").notNull(),
    readAt: integer("read_at"),
  },
  (t) => [index("notifications_org_created_idx").on(t.orgId, t.createdAt)],
);
