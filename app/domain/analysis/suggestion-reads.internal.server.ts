import { and, asc, desc, eq, gte, inArray, lt, min } from "drizzle-orm";
import { priceListItems, salesDaily, stockMovements } from "@db/schema";
import type { Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import type { LinkRow } from "../distribution/links.server";

// What a restock suggestion is computed from (suggest.internal.server.ts): list prices, daily
// sales, first stock movements and the last receipt, by bare product and SKU ids the caller has
// already paired. `listPrices` reads a distributor's price list by the link alone, not by the
// caller's organisation, so only the domain may call these (internal module: routes and
// components cannot import it).

/**
 * The store's price-list entries for these SKUs, read at once; a SKU without one costs the
 * catalog's default case price (the rule of `casePriceFor`, batched for a whole list).
 */
export function listPrices(ctx: Ctx, link: LinkRow, skuIds: string[]) {
  if (!link.priceListId) return new Map<string, number>();
  const rows = ctx.db
    .select({ productId: priceListItems.productId, price: priceListItems.casePriceFen })
    .from(priceListItems)
    .where(
      and(
        eq(priceListItems.priceListId, link.priceListId),
        eq(priceListItems.orgId, link.distributorOrgId),
        inArray(priceListItems.productId, skuIds),
      ),
    )
    .all();
  return new Map(rows.map((r) => [r.productId, r.price]));
}

/** Units sold per product per day in [since, until), from the rollup. */
export function salesByProduct(ctx: Ctx, ids: string[], since: string, until: string) {
  const rows = ctx.db
    .select({ productId: salesDaily.productId, day: salesDaily.day, qty: salesDaily.qty })
    .from(salesDaily)
    // The store's whole window by the (org, day) index; products not asked for are skipped here,
    // which is cheaper than a 300-id IN list.
    .where(and(eq(salesDaily.orgId, ctx.org.id), gte(salesDaily.day, since), lt(salesDaily.day, until)))
    .all();
  const wanted = new Set(ids);
  const byProduct = new Map<string, Map<string, number>>();
  let firstDay: string | null = null;
  for (const r of rows) {
    if (r.qty === 0) continue;
    if (firstDay === null || r.day < firstDay) firstDay = r.day;
    if (!wanted.has(r.productId)) continue;
    const days = byProduct.get(r.productId) ?? new Map<string, number>();
    days.set(r.day, r.qty);
    byProduct.set(r.productId, days);
  }
  return { byProduct, firstDay };
}

/** The Shanghai day of each product's first stock movement. */
export function firstMovementDays(ctx: Ctx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = ctx.db
    .select({ productId: stockMovements.productId, first: min(stockMovements.createdAt) })
    .from(stockMovements)
    .where(and(eq(stockMovements.orgId, ctx.org.id), inArray(stockMovements.productId, ids)))
    .groupBy(stockMovements.productId)
    .all();
  return new Map(rows.flatMap((r) => (r.first === null ? [] : [[r.productId, shanghaiDate(r.first)] as const])));
}

export function lastReceiptUnits(ctx: Ctx, productId: string): number | null {
  const row = ctx.db
    .select({ qty: stockMovements.qty })
    .from(stockMovements)
    .where(
      and(
        eq(stockMovements.orgId, ctx.org.id),
        eq(stockMovements.productId, productId),
        eq(stockMovements.kind, "receipt"),
      ),
    )
    .orderBy(desc(stockMovements.createdAt), asc(stockMovements.id))
    .limit(1)
    .get();
  return row && row.qty > 0 ? row.qty : null;
}
