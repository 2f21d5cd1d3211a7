import { and, asc, eq, sql } from "drizzle-orm";
import { products } from "@db/schema";
import type { Ctx } from "../context.server";
import { normaliseBarcode } from "./barcode";
import { searchCondition } from "./list-products.server";

/** Products shown on one page of the count list: a shelf's worth, short enough for a phone. */
export const COUNT_PAGE_SIZE = 20;

export type CountListQuery = { q: string; category: string | null; page: number };

export type CountListItem = { id: string; name: string; barcode: string | null; baseUnit: string; onHand: number };

export type CountList = {
  items: CountListItem[];
  total: number;
  page: number;
  pages: number;
  /** The place of the first item shown in the whole list, from 1. */
  from: number;
  /** The search was a barcode that names exactly this product: its count field takes the focus. */
  scannedId: string | null;
};

/** The count page's query string, bounded: a search of at most 60 characters, a page from 1. */
export function countListQuery(params: URLSearchParams): CountListQuery {
  const page = Number(params.get("page"));
  return {
    q: (params.get("q") ?? "").trim().slice(0, 60),
    category: params.get("category") || null,
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, 10_000) : 1,
  };
}

/**
 * Active products to count, COUNT_PAGE_SIZE at a time in pinyin order: by name, pinyin or
 * barcode (a scanned code finds its one product), within one category or all. A page past the
 * end shows the last one, so a count that emptied a search still lands somewhere sensible.
 */
export function countList(ctx: Ctx, { q, category, page }: CountListQuery): CountList {
  const where = and(
    eq(products.orgId, ctx.org.id),
    eq(products.active, true),
    category ? eq(products.category, category) : undefined,
    searchCondition(q),
  );
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(products)
      .where(where)
      .get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / COUNT_PAGE_SIZE));
  const shown = Math.min(page, pages);
  const items = ctx.db
    .select({
      id: products.id,
      name: products.name,
      barcode: products.barcode,
      baseUnit: products.baseUnit,
      onHand: products.onHand,
    })
    .from(products)
    .where(where)
    .orderBy(asc(products.pinyin), asc(products.id))
    .limit(COUNT_PAGE_SIZE)
    .offset((shown - 1) * COUNT_PAGE_SIZE)
    .all();
  const code = q ? normaliseBarcode(q) : null;
  const scannedId = code && items.length === 1 && items[0].barcode === code ? items[0].id : null;
  return { items, total, page: shown, pages, from: (shown - 1) * COUNT_PAGE_SIZE + 1, scannedId };
}
