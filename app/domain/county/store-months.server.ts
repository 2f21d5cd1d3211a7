import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import {
  organisations,
  products,
  sales,
  salesHourly,
  stapleBasket,
  stockDaily,
  storeMonthCategories,
  storeMonths,
} from "@db/schema";
import { shanghaiDayStart } from "../dates";
import { addMonths } from "./months";
import { townshipCodeOf } from "./places.server";
import { storeMonthOrderFacts } from "./store-month-orders.server";

// One store's month as the county needs it, rolled up once when the month has closed (a job, or
// the seed), from the store-level rollups and ledgers: the bureau's pages never read these.

export type StoreMonthFacts = Omit<
  typeof storeMonths.$inferInsert,
  "orgId" | "month" | "countyCode" | "townshipCode"
> & {
  categories: { category: string; restockFen: number }[];
};

export type BasketItem = { item: string; matchKind: "barcode" | "category"; matchValue: string };

/** The staple basket a county's bureau keeps (rice, flour, oil, salt… by barcode or category). */
export function basketOf(db: Db, countyCode: string): BasketItem[] {
  return db
    .select({ item: stapleBasket.item, matchKind: stapleBasket.matchKind, matchValue: stapleBasket.matchValue })
    .from(stapleBasket)
    .where(eq(stapleBasket.countyCode, countyCode))
    .all();
}

/** The store's active products that count as staples of the basket. */
function stapleProducts(db: Db, orgId: string, basket: readonly BasketItem[]) {
  const rows = db
    .select({ id: products.id, barcode: products.barcode, category: products.category, priceFen: products.priceFen })
    .from(products)
    .where(and(eq(products.orgId, orgId), eq(products.active, true)))
    .all();
  return basket.map((b) => ({
    item: b.item,
    products: rows.filter((p) =>
      b.matchKind === "barcode" ? p.barcode === b.matchValue : p.category === b.matchValue,
    ),
  }));
}

/**
 * The basket at this store's shelf prices: for each item its cheapest matching product, summed;
 * 0 when the store lacks an item (an incomplete basket is left out of the medians).
 */
export function basketFenOf(db: Db, orgId: string, basket: readonly BasketItem[]): number {
  if (basket.length === 0) return 0;
  const byItem = new Map<string, number>();
  for (const { item, products: found } of stapleProducts(db, orgId, basket)) {
    for (const p of found) byItem.set(item, Math.min(byItem.get(item) ?? Infinity, p.priceFen));
  }
  const items = new Set(basket.map((b) => b.item));
  if ([...items].some((i) => !byItem.has(i))) return 0;
  return [...byItem.values()].reduce((a, b) => a + b, 0);
}

/**
 * The day's closing stock of every staple product of every store in a county: the observations
 * the stock-out rate counts (a daily job's work; idempotent per day).
 */
export function recordStockPositions(db: Db, countyCode: string, day: string): number {
  const basket = basketOf(db, countyCode);
  if (basket.length === 0) return 0;
  const stores = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, "store"), eq(organisations.countyCode, countyCode)))
    .all();
  let n = 0;
  db.transaction((tx) => {
    for (const s of stores) {
      const found = tx
        .select({ id: products.id, onHand: products.onHand, barcode: products.barcode, category: products.category })
        .from(products)
        .where(and(eq(products.orgId, s.id), eq(products.active, true)))
        .all()
        .filter((p) =>
          basket.some((b) => (b.matchKind === "barcode" ? p.barcode === b.matchValue : p.category === b.matchValue)),
        );
      for (const p of found) {
        tx.insert(stockDaily)
          .values({ orgId: s.id, productId: p.id, day, onHand: p.onHand })
          .onConflictDoUpdate({
            target: [stockDaily.orgId, stockDaily.productId, stockDaily.day],
            set: { onHand: p.onHand },
          })
          .run();
        n += 1;
      }
    }
  });
  return n;
}

/** Reads the store-level data of one store and month; the caller writes the row. */
export function storeMonthFacts(
  db: Db,
  orgId: string,
  month: string,
  basket: readonly BasketItem[] = [],
): StoreMonthFacts {
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
  const orders = storeMonthOrderFacts(db, orgId, month);
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
    restockFen: orders.restockFen,
    deliveries: orders.deliveries,
    onTime: orders.onTime,
    packsOrdered: orders.packsOrdered,
    packsShipped: orders.packsShipped,
    stopped: orders.stopped,
    savedFen: orders.savedFen,
    categories: orders.categories,
    stockDays: stock?.stockDays ?? 0,
    stockoutDays: stock?.stockoutDays ?? 0,
    basketFen: basketFenOf(db, orgId, basket),
  };
}

/** Rolls up every located store of a county for a closed month (idempotent: rewrites the rows). */
export function rollUpCountyMonth(db: Db, countyCode: string, month: string): number {
  const stores = db
    .select({ id: organisations.id, placeCode: organisations.placeCode })
    .from(organisations)
    .where(and(eq(organisations.kind, "store"), eq(organisations.countyCode, countyCode)))
    .all();
  const basket = basketOf(db, countyCode);
  let n = 0;
  db.transaction((tx) => {
    for (const s of stores) {
      const townshipCode = townshipCodeOf(s.placeCode);
      if (!townshipCode) continue;
      const { categories, ...facts } = storeMonthFacts(tx as unknown as Db, s.id, month, basket);
      const row = { orgId: s.id, month, countyCode, townshipCode, ...facts };
      tx.insert(storeMonths)
        .values(row)
        .onConflictDoUpdate({ target: [storeMonths.orgId, storeMonths.month], set: row })
        .run();
      tx.delete(storeMonthCategories)
        .where(and(eq(storeMonthCategories.orgId, s.id), eq(storeMonthCategories.month, month)))
        .run();
      if (categories.length > 0)
        tx.insert(storeMonthCategories)
          .values(categories.map((c) => ({ orgId: s.id, month, countyCode, ...c })))
          .run();
      n += 1;
    }
  });
  return n;
}
