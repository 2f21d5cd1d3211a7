import { sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { salesDaily, salesHourly } from "@db/schema";
import { preparedFor } from "../prepared.server";
import { inTransaction } from "../context.server";
import { DAY_MS, shanghaiDate, shanghaiDayStart, shanghaiHour } from "../dates";
import { ORDER_STATUS_GROUPS } from "../machines";

// The rollups (db/schema/analysis.ts) are kept in the same transaction as the write that changes
// them: a sale, a void, a return; an order submitted, rejected, cancelled, moved or dispatched.
// `recompute…` rebuilds them from the ledger with the SQL of migration 0003's backfill; the tests
// prove that what is maintained here equals what is recomputed, row for row.
//
// Semantics (the backfill's): `sales_daily` / `sales_hourly` count completed sales, net of
// returns, on the Asia/Shanghai day and hour the sale was made; a voided sale counts nothing,
// not even as a sale. `demand_weekly` counts orders that are neither rejected nor cancelled, on
// the ISO week (its Monday) of the order's delivery date; packs shipped are the picked packs of
// orders out for delivery, delivered or received.

/** One sold line's figures, as recorded on the sale line (price and cost at the time of sale). */
export type SoldLine = { productId: string; qty: number; priceFen: number; costFen: number };

function byProduct(lines: readonly SoldLine[]) {
  const merged = new Map<string, { qty: number; revenueFen: number; costFen: number }>();
  for (const l of lines) {
    const row = merged.get(l.productId) ?? { qty: 0, revenueFen: 0, costFen: 0 };
    row.qty += l.qty;
    row.revenueFen += l.qty * l.priceFen;
    row.costFen += l.qty * l.costFen;
    merged.set(l.productId, row);
  }
  return merged;
}

// Bumped whenever this process writes `sales_daily`, so readers that keep a ranking from it (the
// sell page's top sellers) know to read it again; another process's writes show in SQLite's
// `data_version` instead.
let salesDailyWrites = 0;

/** How many times this process has written `sales_daily` (a change counter, not a count of rows). */
export function salesDailyVersion(): number {
  return salesDailyWrites;
}

const p = sql.placeholder;

// The two upserts run on every sale, return and void: prepared once per database (decision 033).
// They run on the connection of the caller's transaction (a WriteTx and its Db share it).
const upserts = preparedFor((db) => ({
  daily: db
    .insert(salesDaily)
    .values({
      orgId: p("orgId"),
      productId: p("productId"),
      day: p("day"),
      qty: p("qty"),
      revenueFen: p("revenueFen"),
      costFen: p("costFen"),
    })
    .onConflictDoUpdate({
      target: [salesDaily.orgId, salesDaily.productId, salesDaily.day],
      set: {
        qty: sql`${salesDaily.qty} + excluded.qty`,
        revenueFen: sql`${salesDaily.revenueFen} + excluded.revenue_fen`,
        costFen: sql`${salesDaily.costFen} + excluded.cost_fen`,
      },
    })
    .prepare(),
  hourly: db
    .insert(salesHourly)
    .values({
      orgId: p("orgId"),
      day: p("day"),
      hour: p("hour"),
      sales: p("sales"),
      revenueFen: p("revenueFen"),
      costFen: p("costFen"),
    })
    .onConflictDoUpdate({
      target: [salesHourly.orgId, salesHourly.day, salesHourly.hour],
      set: {
        sales: sql`${salesHourly.sales} + excluded.sales`,
        revenueFen: sql`${salesHourly.revenueFen} + excluded.revenue_fen`,
        costFen: sql`${salesHourly.costFen} + excluded.cost_fen`,
      },
    })
    .prepare(),
}));

function addDaily(db: Db, orgId: string, day: string, lines: readonly SoldLine[], sign: 1 | -1) {
  salesDailyWrites++;
  const { daily } = upserts(db);
  for (const [productId, r] of byProduct(lines)) {
    daily.run({ orgId, productId, day, qty: sign * r.qty, revenueFen: sign * r.revenueFen, costFen: sign * r.costFen });
  }
}

function addHourly(db: Db, orgId: string, createdAt: number, sales: number, lines: readonly SoldLine[], sign: 1 | -1) {
  let revenueFen = 0;
  let costFen = 0;
  for (const l of lines) {
    revenueFen += l.qty * l.priceFen;
    costFen += l.qty * l.costFen;
  }
  upserts(db).hourly.run({
    orgId,
    day: shanghaiDate(createdAt),
    hour: shanghaiHour(createdAt),
    sales,
    revenueFen: sign * revenueFen,
    costFen: sign * costFen,
  });
}

/**
 * A completed sale, in the sale's transaction (`db` is the connection that transaction is open
 * on): one upsert per product into `sales_daily` and one into `sales_hourly`. `createdAt` is the
 * sale's own timestamp (the day and hour it counts on).
 */
export function bookSale(db: Db, orgId: string, createdAt: number, lines: readonly SoldLine[]): void {
  addDaily(db, orgId, shanghaiDate(createdAt), lines, 1);
  addHourly(db, orgId, createdAt, 1, lines, 1);
}

/**
 * Part of a sale came back (`qty` per line is what is returned now): the figures come off the
 * day and hour of the original sale, which still counts as a sale.
 */
export function bookSaleReturn(db: Db, orgId: string, saleCreatedAt: number, returned: readonly SoldLine[]): void {
  addDaily(db, orgId, shanghaiDate(saleCreatedAt), returned, -1);
  addHourly(db, orgId, saleCreatedAt, 0, returned, -1);
}

/**
 * A sale was voided. `remaining` lists EVERY line of the sale with `qty` = what had not been
 * returned before (zero included): the rest comes off, the sale stops counting, and a row that
 * no completed sale backs any more is removed, exactly as a rebuild would leave it.
 * Call it after the sale row is marked voided or before: the sale's own id is excluded.
 */
export function bookSaleVoid(
  db: Db,
  orgId: string,
  sale: { id: string; createdAt: number },
  remaining: readonly SoldLine[],
): void {
  const day = shanghaiDate(sale.createdAt);
  const hour = shanghaiHour(sale.createdAt);
  addDaily(db, orgId, day, remaining, -1);
  addHourly(db, orgId, sale.createdAt, -1, remaining, -1);
  db.run(sql`DELETE FROM sales_hourly WHERE org_id = ${orgId} AND day = ${day} AND hour = ${hour} AND sales = 0`);
  const from = shanghaiDayStart(day);
  const to = from + DAY_MS;
  for (const productId of new Set(remaining.map((l) => l.productId))) {
    db.run(sql`DELETE FROM sales_daily WHERE org_id = ${orgId} AND product_id = ${productId} AND day = ${day}
      AND NOT EXISTS (SELECT 1 FROM sales s JOIN sale_lines l ON l.sale_id = s.id
        WHERE s.org_id = ${orgId} AND s.created_at >= ${from} AND s.created_at < ${to}
          AND s.status = 'completed' AND s.id <> ${sale.id} AND l.product_id = ${productId})`);
  }
}

/** Orders whose picked packs count as shipped in `demand_weekly`. */
export const SHIPPED_STATES = sql.raw(`(${ORDER_STATUS_GROUPS.shipped.map((s) => `'${s}'`).join(", ")})`);

// Rebuilds ----------------------------------------------------------------------------------

/** Deletes and rebuilds one store's `sales_daily` and `sales_hourly` from its sales, in one transaction. */
export function recomputeSalesRollups(db: Db, orgId: string): void {
  salesDailyWrites++;
  inTransaction(db, (tx) => {
    tx.run(sql`DELETE FROM sales_daily WHERE org_id = ${orgId}`);
    tx.run(sql`DELETE FROM sales_hourly WHERE org_id = ${orgId}`);
    tx.run(sql`INSERT INTO sales_daily (org_id, product_id, day, qty, revenue_fen, cost_fen)
      SELECT l.org_id, l.product_id, strftime('%Y-%m-%d', (s.created_at + 28800000) / 1000, 'unixepoch'),
        sum(l.qty - l.returned_qty), sum((l.qty - l.returned_qty) * l.price_fen), sum((l.qty - l.returned_qty) * l.cost_fen)
      FROM sale_lines l JOIN sales s ON s.id = l.sale_id
      WHERE s.status = 'completed' AND s.org_id = ${orgId} AND l.org_id = ${orgId}
      GROUP BY 1, 2, 3`);
    tx.run(sql`INSERT INTO sales_hourly (org_id, day, hour, sales, revenue_fen, cost_fen)
      SELECT s.org_id, strftime('%Y-%m-%d', (s.created_at + 28800000) / 1000, 'unixepoch'),
        CAST(strftime('%H', (s.created_at + 28800000) / 1000, 'unixepoch') AS INTEGER),
        count(DISTINCT s.id), sum((l.qty - l.returned_qty) * l.price_fen), sum((l.qty - l.returned_qty) * l.cost_fen)
      FROM sales s JOIN sale_lines l ON l.sale_id = s.id
      WHERE s.status = 'completed' AND s.org_id = ${orgId} AND l.org_id = ${orgId}
      GROUP BY 1, 2, 3`);
  });
}

/** Deletes and rebuilds one distributor's `demand_weekly` from its restock orders, in one transaction. */
export function recomputeDemand(db: Db, distributorOrgId: string): void {
  inTransaction(db, (tx) => {
    tx.run(sql`DELETE FROM demand_weekly WHERE distributor_org_id = ${distributorOrgId}`);
    tx.run(sql`INSERT INTO demand_weekly (distributor_org_id, week, product_id, store_org_id, packs_ordered, packs_shipped, value_fen)
      SELECT o.distributor_org_id, date(o.delivery_date, 'weekday 0', '-6 days'), l.product_id, o.store_org_id,
        sum(l.qty_packs),
        sum(CASE WHEN o.status IN ${SHIPPED_STATES} THEN coalesce(l.picked_packs, l.qty_packs) ELSE 0 END),
        sum(l.qty_packs * l.case_price_fen)
      FROM restock_orders o JOIN restock_order_lines l ON l.order_id = o.id
      WHERE o.status NOT IN ('rejected', 'cancelled') AND o.distributor_org_id = ${distributorOrgId}
      GROUP BY 1, 2, 3, 4`);
  });
}

/** Rebuilds every organisation's rollups (stores' sales, distributors' demand): the repair tool. */
export function recomputeAllRollups(db: Db): { stores: number; distributors: number } {
  const orgs = db.all<{ id: string; kind: string }>(
    sql`SELECT id, kind FROM organisations WHERE kind IN ('store', 'distributor')`,
  );
  let stores = 0;
  let distributors = 0;
  for (const org of orgs) {
    if (org.kind === "store") {
      recomputeSalesRollups(db, org.id);
      stores++;
    } else {
      recomputeDemand(db, org.id);
      distributors++;
    }
  }
  return { stores, distributors };
}
