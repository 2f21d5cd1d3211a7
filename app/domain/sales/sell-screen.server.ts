import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { products, saleLines, sales } from "@db/schema";
import type { Ctx } from "../context.server";
import { normaliseBarcode } from "../inventory/barcode";
import { searchCondition } from "../inventory/list-products.server";

export type SellItem = { id: string; name: string; priceFen: number; onHand: number; baseUnit: string; barcode: string | null };

const columns = {
  id: products.id,
  name: products.name,
  priceFen: products.priceFen,
  onHand: products.onHand,
  baseUnit: products.baseUnit,
  barcode: products.barcode,
};

const sellable = (ctx: Ctx) => and(eq(products.orgId, ctx.org.id), eq(products.active, true));

const DAY = 24 * 60 * 60 * 1000;

/**
 * The quick grid: what this store sold most in the last 30 days (a shop sells the same few
 * dozen things all day), topped up alphabetically for a store without history yet.
 */
export function topSellers(ctx: Ctx, limit = 12): SellItem[] {
  const sold = sql<number>`sum(${saleLines.qty})`;
  const top = ctx.db
    .select(columns)
    .from(saleLines)
    .innerJoin(sales, eq(sales.id, saleLines.saleId))
    .innerJoin(products, eq(products.id, saleLines.productId))
    .where(and(eq(saleLines.orgId, ctx.org.id), eq(sales.orgId, ctx.org.id), gte(sales.createdAt, Date.now() - 30 * DAY), eq(products.active, true)))
    .groupBy(products.id)
    .orderBy(desc(sold), asc(products.pinyin))
    .limit(limit)
    .all();
  if (top.length >= limit) return top;
  const more = ctx.db
    .select(columns)
    .from(products)
    .where(sellable(ctx))
    .orderBy(asc(products.pinyin), asc(products.id))
    .limit(limit * 2)
    .all();
  const seen = new Set(top.map((p) => p.id));
  return [...top, ...more.filter((p) => !seen.has(p.id))].slice(0, limit);
}

/** Name, pinyin initials or part of a barcode, among products the store sells. */
export function searchSellable(ctx: Ctx, q: string, limit = 30): SellItem[] {
  const condition = searchCondition(q);
  if (!condition) return [];
  return ctx.db.select(columns).from(products).where(and(sellable(ctx), condition)).orderBy(asc(products.pinyin), asc(products.id)).limit(limit).all();
}

/** A scanned code that names exactly one product the store sells, or null. */
export function sellableByBarcode(ctx: Ctx, input: string): SellItem | null {
  const code = normaliseBarcode(input.trim());
  if (!code) return null;
  return ctx.db.select(columns).from(products).where(and(sellable(ctx), eq(products.barcode, code))).get() ?? null;
}

export function sellItems(ctx: Ctx, ids: string[]): SellItem[] {
  if (ids.length === 0) return [];
  return ctx.db.select(columns).from(products).where(and(sellable(ctx), inArray(products.id, ids))).all();
}
