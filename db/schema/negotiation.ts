import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { campaigns, supplierCertificates, supplierOrders, suppliers } from "./alliance";
import { organisations, users } from "./identity";

// Issue 14: an alliance negotiates a supplier batch with its members' pooled demand (decision 036).
// Every row carries the alliance's id (`org_id`) and every query filters on it; the supplier side
// reaches rows only through its invitation (a signed link), never by an id of its choosing.

export const RFQ_STATUSES = ["draft", "open", "awarded", "cancelled"] as const;
export type RfqStatus = (typeof RFQ_STATUSES)[number];
export const RFQ_DELIVERIES = ["distributor", "direct"] as const;
export const UPLOAD_KINDS = ["certificate", "price_sheet"] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];
export const PRICE_KINDS = ["band", "alt"] as const;

/** 意向登记: a member store says it wants a product, about how many packs a month. */
export const interestRegistrations = sqliteTable(
  "interest_registrations",
  {
    id: text("id").primaryKey(),
    allianceOrgId: text("alliance_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    product: text("product").notNull(),
    barcode: text("barcode"),
    packsPerMonth: integer("packs_per_month").notNull(),
    note: text("note"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("interest_alliance_idx").on(t.allianceOrgId, t.createdAt),
    index("interest_store_idx").on(t.storeOrgId),
  ],
);

/** 询价单. `evidence` is the pooled-demand snapshot taken when it is sent (JSON, see demand-evidence). */
export const quoteRequests = sqliteTable(
  "quote_requests",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    category: text("category").notNull(),
    spec: text("spec"),
    baseUnit: text("base_unit").notNull(),
    packUnit: text("pack_unit").notNull(),
    packSize: integer("pack_size").notNull(),
    brands: text("brands"),
    // The barcodes whose sales stand as evidence (JSON array of strings).
    barcodes: text("barcodes").notNull().default("[]"),
    // Certificates a quote must come with (JSON array of CERTIFICATE_KINDS).
    certificatesRequired: text("certificates_required").notNull().default("[]"),
    qualityNote: text("quality_note"),
    delivery: text("delivery", { enum: RFQ_DELIVERIES }).notNull(),
    deliveryNote: text("delivery_note"),
    paymentTermsDays: integer("payment_terms_days").notNull().default(0),
    // The annual rate that prices the cost of payment terms in the comparison (basis points; 600 = 6 %).
    annualRateBp: integer("annual_rate_bp").notNull().default(600),
    deadlineAt: integer("deadline_at").notNull(),
    status: text("status", { enum: RFQ_STATUSES }).notNull().default("draft"),
    evidence: text("evidence"),
    sentAt: integer("sent_at"),
    awardedQuoteId: text("awarded_quote_id"),
    campaignId: text("campaign_id").references(() => campaigns.id),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("quote_requests_org_idx").on(t.orgId, t.status, t.deadlineAt)],
);

/** The volume bands (packs per batch) every primary bid prices: so quotes compare. */
export const quoteRequestBands = sqliteTable(
  "quote_request_bands",
  {
    requestId: text("request_id")
      .notNull()
      .references(() => quoteRequests.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    minPacks: integer("min_packs").notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.minPacks] })],
);

/**
 * A supplier asked to quote by a link. Only the SHA-256 of the link's token is kept: a copy of
 * the database does not hand out working links. `outcome` is what the supplier's page says after
 * the award ("awarded" / "declined").
 */
export const quoteInvitations = sqliteTable(
  "quote_invitations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    requestId: text("request_id")
      .notNull()
      .references(() => quoteRequests.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    tokenHash: text("token_hash").notNull(),
    expiresAt: integer("expires_at").notNull(),
    outcome: text("outcome", { enum: ["awarded", "declined"] }),
    outcomeMessage: text("outcome_message"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("quote_invitations_token_uq").on(t.tokenHash),
    uniqueIndex("quote_invitations_supplier_uq").on(t.requestId, t.supplierId),
  ],
);

/** A supplier's quote on one request: its saved draft (JSON, the supplier's alone) and its versions. */
export const quotes = sqliteTable(
  "quotes",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    requestId: text("request_id")
      .notNull()
      .references(() => quoteRequests.id, { onDelete: "cascade" }),
    invitationId: text("invitation_id")
      .notNull()
      .references(() => quoteInvitations.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    draft: text("draft"),
    draftSavedAt: integer("draft_saved_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("quotes_invitation_uq").on(t.invitationId)],
);

/** Every submitted quote is a version, never changed afterwards. */
export const quoteVersions = sqliteTable(
  "quote_versions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    quoteId: text("quote_id")
      .notNull()
      .references(() => quotes.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    minimumPacks: integer("minimum_packs").notNull(),
    leadTimeDays: integer("lead_time_days").notNull(),
    validUntil: text("valid_until").notNull(),
    paymentTermsDays: integer("payment_terms_days").notNull(),
    // Delivery for the whole batch, kept apart from the price; the comparison spreads it per pack.
    deliveryFen: integer("delivery_fen").notNull(),
    note: text("note"),
    // The counter round this version answers, if any.
    roundId: text("round_id"),
    submittedAt: integer("submitted_at").notNull(),
  },
  (t) => [uniqueIndex("quote_versions_quote_version_uq").on(t.quoteId, t.version)],
);

/** Prices of a version: one per band of the request (`band`), and the alternative offer's own breaks (`alt`). */
export const quoteVersionPrices = sqliteTable(
  "quote_version_prices",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => quoteVersions.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: PRICE_KINDS }).notNull(),
    minPacks: integer("min_packs").notNull(),
    priceFen: integer("price_fen").notNull(),
    // Applies if the campaign ends below this band.
    fallbackPriceFen: integer("fallback_price_fen"),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.kind, t.minPacks] })],
);

/** A counter-offer round: the coordinator asks some suppliers for better terms, with a message. */
export const counterRounds = sqliteTable(
  "counter_rounds",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    requestId: text("request_id")
      .notNull()
      .references(() => quoteRequests.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    message: text("message").notNull(),
    // Answers are taken until then.
    answerBy: integer("answer_by").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("counter_rounds_number_uq").on(t.requestId, t.number)],
);

export const counterRoundInvitations = sqliteTable(
  "counter_round_invitations",
  {
    roundId: text("round_id")
      .notNull()
      .references(() => counterRounds.id, { onDelete: "cascade" }),
    invitationId: text("invitation_id")
      .notNull()
      .references(() => quoteInvitations.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.invitationId] })],
);

/**
 * A file the app owns (certificate photo or scan, price sheet), stored under uploadsDirectory()
 * as `stored_name`; the type was sniffed from its first bytes, never taken from the browser.
 */
export const uploadedFiles = sqliteTable(
  "uploaded_files",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "cascade" }),
    invitationId: text("invitation_id").references(() => quoteInvitations.id, { onDelete: "set null" }),
    certificateId: text("certificate_id").references(() => supplierCertificates.id, { onDelete: "set null" }),
    kind: text("kind", { enum: UPLOAD_KINDS }).notNull(),
    fileName: text("file_name").notNull(),
    mime: text("mime").notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    storedName: text("stored_name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("uploaded_files_supplier_idx").on(t.orgId, t.supplierId)],
);

/** The campaign an award opened: which request and which quote version its price came from. */
export const campaignOrigins = sqliteTable("campaign_origins", {
  campaignId: text("campaign_id")
    .primaryKey()
    .references(() => campaigns.id, { onDelete: "cascade" }),
  orgId: text("org_id")
    .notNull()
    .references(() => organisations.id, { onDelete: "cascade" }),
  requestId: text("request_id")
    .notNull()
    .references(() => quoteRequests.id),
  quoteId: text("quote_id")
    .notNull()
    .references(() => quotes.id),
  versionId: text("version_id")
    .notNull()
    .references(() => quoteVersions.id),
});

/** The supplier's certificates that go with an awarded campaign. */
export const campaignCertificates = sqliteTable(
  "campaign_certificates",
  {
    campaignId: text("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    certificateId: text("certificate_id")
      .notNull()
      .references(() => supplierCertificates.id, { onDelete: "cascade" }),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.certificateId] })],
);

/**
 * 供应商批次: what the supplier delivered against a supplier order (batch number, production and
 * expiry dates, its certificate). Traceability and recalls (issue 15) hang lots off this row.
 */
export const supplierBatches = sqliteTable(
  "supplier_batches",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    supplierOrderId: text("supplier_order_id")
      .notNull()
      .references(() => supplierOrders.id, { onDelete: "cascade" }),
    supplierId: text("supplier_id")
      .notNull()
      .references(() => suppliers.id),
    batchNo: text("batch_no").notNull(),
    productionDate: text("production_date"),
    expiryDate: text("expiry_date"),
    certificateId: text("certificate_id").references(() => supplierCertificates.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("supplier_batches_order_idx").on(t.orgId, t.supplierOrderId),
    uniqueIndex("supplier_batches_no_uq").on(t.supplierId, t.batchNo),
  ],
);
