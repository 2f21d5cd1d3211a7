import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { organisations, restockOrders, sales, salesHourly, stockDaily, storeMonths } from "@db/schema";
import { shanghaiDayStart } from "../dates";
import { addMonths } from "./months";
import { townshipCodeOf } from "./places.server";

// One store's month as the county needs it, rolled up once when the month has closed (a job, or
// the seed), from the store-level rollups and ledgers: the bureau's pages never read these.

export type StoreMonthFacts = Omit<typeof storeMonths.$inferInsert, "orgId" | "month" | "countyCode" | "townshipCode">;

/** Reads the store-level data of one store and month; the caller writes the row. */
export function storeMonthFacts(db: Db, orgId: string, month: string): StoreMonthFacts {
  const from = `${month}-01`;
  const to = `${addMonths(month, 1)}-01`;
  const takings = db
    .select({
      salesFen: sql<number>`coalesce(sum(${salesHourly.revenueFen}), 0)`,
      saleCount: sql<number>`coalesce(sum(${salesHourly.sales}), 0)`,
      sellingDays: sql<number>`count(distinct ${salesHourly.day})`,
    })
    .from(salesHourly)
    .where(and(eq(salesHourly.orgId, orgId), gte(salesHourly.day, from), lt(salesHourly.day, to)))
    .get();
  const credit = db
    .select({ fen: sql<number>`coalesce(sum(${sales.totalFen}), 0)` })
    .from(sales)
    .where(
      and(
        eq(sales.orgId, orgId),
        eq(sales.tender, "credit"),
        eq(sales.status, "completed"),
        gte(sales.createdAt, shanghaiDayStart(from)),
        lt(sales.createdAt, shanghaiDayStart(to)),
      ),
    )
    .get();
  const restock = db
    .select({ fen: sql<number>`coalesce(sum(${restockOrders.totalFen}), 0)` })
    .from(restockOrders)
    .where(
      and(
        eq(restockOrders.storeOrgId, orgId),
        inArray(restockOrders.status, ["delivered", "received"]),
        gte(restockOrders.deliveryDate, from),
        lt(restockOrders.deliveryDate, to),
      ),
    )
    .get();
  const stock = db
    .select({
      stockDays: sql<number>`count(*)`,
      stockoutDays: sql<number>`coalesce(sum(case when ${stockDaily.onHand} <= 0 then 1 else 0 end), 0)`,
    })
    .from(stockDaily)
    .where(and(eq(stockDaily.orgId, orgId), gte(stockDaily.day, from), lt(stockDaily.day, to)))
    .get();
  return {
    salesFen: takings?.salesFen ?? 0,
    saleCount: takings?.saleCount ?? 0,
    sellingDays: takings?.sellingDays ?? 0,
    creditFen: credit?.fen ?? 0,
    restockFen: restock?.fen ?? 0,
    stockDays: stock?.stockDays ?? 0,
    stockoutDays: stock?.stockoutDays ?? 0,
    basketFen: 0,
  };
}

/** Rolls up every located store of a county for a closed month (idempotent: rewrites the rows). */
export function rollUpCountyMonth(db: Db, countyCode: string, month: string): number {
  const stores = db
    .select({ id: organisations.id, placeCode: organisations.placeCode })
    .from(organisations)
    .where(and(eq(organisations.kind, "store"), eq(organisations.countyCode, countyCode)))
    .all();
  let n = 0;
  db.transaction((tx) => {
    for (const s of stores) {
      const townshipCode = townshipCodeOf(s.placeCode);
      if (!townshipCode) continue;
      const facts = storeMonthFacts(tx as unknown as Db, s.id, month);
      const row = { orgId: s.id, month, countyCode, townshipCode, ...facts };
      tx.insert(storeMonths)
        .values(row)
        .onConflictDoUpdate({ target: [storeMonths.orgId, storeMonths.month], set: row })
        .run();
      n += 1;
    }
  });
  return n;
}
