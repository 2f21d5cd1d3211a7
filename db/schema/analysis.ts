import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./identity";
import { products } from "./inventory";

// Rollups: analytics read these, never every sale line. They are maintained in the same
// transaction as the sale, void or return that changes them (app/domain/analysis/rollups.server.ts),
// and `recomputeRollups` rebuilds them from the ledger to prove they agree.
//
// `day` is the calendar day in Asia/Shanghai ("2026-11-29") of the original sale: a void or a
// return takes the figures back from the day the sale was made, so a day's numbers are net.

/** Per store, per product, per day: units sold net of returns and voids, takings and cost. */
export const salesDaily = sqliteTable(
  "sales_daily",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    qty: integer("qty").notNull().default(0),
    revenueFen: integer("revenue_fen").notNull().default(0),
    costFen: integer("cost_fen").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.productId, t.day] }), index("sales_daily_org_day_idx").on(t.orgId, t.day)],
);

/** Per store, per day, per hour (0–23, Asia/Shanghai): sales counted, takings and cost. */
export const salesHourly = sqliteTable(
  "sales_hourly",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    hour: integer("hour").notNull(),
    sales: integer("sales").notNull().default(0),
    revenueFen: integer("revenue_fen").notNull().default(0),
    costFen: integer("cost_fen").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day, t.hour] })],
);

/**
 * A distributor's demand: per distributor, per ISO week (Monday's date of the order's delivery
 * date), per SKU, per store. Packs ordered count submitted orders not rejected or cancelled;
 * packs shipped are set when the run is dispatched.
 */
export const demandWeekly = sqliteTable(
  "demand_weekly",
  {
    distributorOrgId: text("distributor_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    week: text("week").notNull(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    storeOrgId: text("store_org_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    packsOrdered: integer("packs_ordered").notNull().default(0),
    packsShipped: integer("packs_shipped").notNull().default(0),
    valueFen: integer("value_fen").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.distributorOrgId, t.week, t.productId, t.storeOrgId] }),
    index("demand_weekly_store_idx").on(t.distributorOrgId, t.storeOrgId, t.week),
  ],
);
