import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations, users } from "./identity";

// The county's view (issue 16, decision 037): places as codes, the stores' consent to share
// aggregates, the store-month facts the county figures are made of, and the published (frozen)
// county cells the bureau's pages read.

export const PLACE_LEVELS = ["county", "township", "village"] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

/** GB/T 2260 / 统计用区划代码 places: a county (6 digits), its townships (9), their villages (12). */
export const places = sqliteTable(
  "places",
  {
    code: text("code").primaryKey(),
    countyCode: text("county_code").notNull(),
    parentCode: text("parent_code").notNull(),
    level: text("level", { enum: PLACE_LEVELS }).notNull(),
    name: text("name").notNull(),
    // Former names that still appear in addresses ("阎楼乡" for 闫楼乡), separated by "|".
    aliases: text("aliases").notNull().default(""),
  },
  (t) => [index("places_county_level_idx").on(t.countyCode, t.level), index("places_parent_idx").on(t.parentCode)],
);

/**
 * A store's (or distributor's) consent to share its figures in the county's aggregates. One row
 * per period of consent: it counts from the month after it was given (`fromMonth`) until the
 * month it was withdrawn (`untilMonth`, excluded). Months already published stay as published.
 */
export const aggregateConsents = sqliteTable(
  "aggregate_consents",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    givenAt: integer("given_at").notNull(),
    givenBy: text("given_by")
      .notNull()
      .references(() => users.id),
    fromMonth: text("from_month").notNull(),
    withdrawnAt: integer("withdrawn_at"),
    withdrawnBy: text("withdrawn_by").references(() => users.id),
    untilMonth: text("until_month"),
  },
  (t) => [index("aggregate_consents_org_idx").on(t.orgId, t.givenAt)],
);

/**
 * One store's month, as the county figures need it (written when the month closes, from the
 * store-level rollups and ledgers): takings and their credit part, restock bought, days it
 * sold on the app, and staple stock-outs counted over the daily stock position.
 */
export const storeMonths = sqliteTable(
  "county_store_months",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    countyCode: text("county_code").notNull(),
    townshipCode: text("township_code").notNull(),
    salesFen: integer("sales_fen").notNull().default(0),
    creditFen: integer("credit_fen").notNull().default(0),
    saleCount: integer("sale_count").notNull().default(0),
    sellingDays: integer("selling_days").notNull().default(0),
    restockFen: integer("restock_fen").notNull().default(0),
    // Store × staple product × day observations, and how many of them had nothing on hand.
    stockDays: integer("stock_days").notNull().default(0),
    stockoutDays: integer("stockout_days").notNull().default(0),
    // The staple basket at this store's shelf prices (Σ item price), 0 when incomplete.
    basketFen: integer("basket_fen").notNull().default(0),
    // Delivery network (migration 0017), over orders from distributors that consented for the
    // month only: orders delivered with a delivery date in the month, how many on or before that
    // date, their packs ordered and shipped (the fill rate).
    deliveries: integer("deliveries").notNull().default(0),
    onTime: integer("on_time").notNull().default(0),
    packsOrdered: integer("packs_ordered").notNull().default(0),
    packsShipped: integer("packs_shipped").notNull().default(0),
    // 1 when the store ordered in the three months before and not in this one.
    stopped: integer("stopped").notNull().default(0),
    // Group-buy savings recorded on pledges whose order was delivered in the month.
    savedFen: integer("saved_fen").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.month] }),
    index("county_store_months_county_idx").on(t.countyCode, t.month),
  ],
);

/**
 * A store month's restock by category (the distributor's category of each line), written with the
 * store month; the categories of a store month add up to its restock_fen.
 */
export const storeMonthCategories = sqliteTable(
  "county_store_month_categories",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    category: text("category").notNull(),
    countyCode: text("county_code").notNull(),
    restockFen: integer("restock_fen").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.month, t.category] }),
    index("county_store_month_categories_county_idx").on(t.countyCode, t.month),
  ],
);

/** A day's closing stock of a store's product: the stock-out rate's observations. */
export const stockDaily = sqliteTable(
  "stock_daily",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    productId: text("product_id").notNull(),
    day: text("day").notNull(),
    onHand: integer("on_hand").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.productId, t.day] })],
);

/** The staple basket a bureau keeps: which products count as rice, flour, oil, salt… */
export const stapleBasket = sqliteTable(
  "staple_basket",
  {
    countyCode: text("county_code").notNull(),
    item: text("item").notNull(),
    matchKind: text("match_kind", { enum: ["barcode", "category"] }).notNull(),
    matchValue: text("match_value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.item, t.matchKind, t.matchValue] })],
);

/** A published county month: frozen, never recomputed. Which stores' data it holds is kept too. */
export const countyPublications = sqliteTable(
  "county_publications",
  {
    countyCode: text("county_code").notNull(),
    month: text("month").notNull(),
    publishedAt: integer("published_at").notNull(),
    stores: integer("stores").notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.month] })],
);

export const publicationStores = sqliteTable(
  "county_publication_stores",
  {
    countyCode: text("county_code").notNull(),
    month: text("month").notNull(),
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.countyCode, t.month, t.orgId] }),
    index("county_publication_stores_org_idx").on(t.orgId),
  ],
);

/**
 * The published cells: one figure of one measure for one place (a township, the pooled small
 * townships, the county) and one period (a month, a quarter), with its disclosure state. A
 * hidden cell keeps no value: what is not shown is not stored where a page could leak it.
 */
export const countyCells = sqliteTable(
  "county_cells",
  {
    countyCode: text("county_code").notNull(),
    measure: text("measure").notNull(),
    place: text("place").notNull(),
    period: text("period").notNull(),
    state: text("state", { enum: ["shown", "few", "confidential"] }).notNull(),
    value: integer("value"),
    stores: integer("stores"),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.measure, t.period, t.place] })],
);
