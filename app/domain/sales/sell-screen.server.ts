import { and, asc, desc, eq, gt, gte, sql } from "drizzle-orm";
import { products, salesDaily, TENDERS, type Tender } from "@db/schema";
import type { Ctx } from "../context.server";
import { salesDailyVersion } from "../analysis/rollups.server";
import { addDays, shanghaiDate } from "../dates";
import { normaliseBarcode } from "../inventory/barcode";
import { availableUnits, quarantinedUnits } from "../recall/quarantine.server";
import { searchCondition } from "../inventory/list-products.server";
import { preparedFor } from "../prepared.server";
import { cartFromEntries, changeQty, type CartLine } from "./cart";

export type SellItem = {
  id: string;
  name: string;
  priceFen: number;
  onHand: number;
  baseUnit: string;
  barcode: string | null;
};

const columns = {
  id: products.id,
  name: products.name,
  priceFen: products.priceFen,
  onHand: products.onHand,
  baseUnit: products.baseUnit,
  barcode: products.barcode,
};

const sellable = (ctx: Ctx) => and(eq(products.orgId, ctx.org.id), eq(products.active, true));

const p = sql.placeholder;

// Every render runs these: prepared once per database (decision 033). The ids travel as one JSON
// array, so one statement serves any number of them; `+org_id` keeps SQLite on the primary key
// (left to itself it walked the store's whole name index to find a dozen products).
const queries = preparedFor((db) => ({
  byIds: db
    .select(columns)
    .from(products)
    .where(
      and(
        sql`${products.id} IN (SELECT value FROM json_each(${p("ids")}))`,
        sql`+${products.orgId} = ${p("orgId")}`,
        eq(products.active, true),
      ),
    )
    .prepare(),
  byBarcode: db
    .select(columns)
    .from(products)
    .where(and(eq(products.orgId, p("orgId")), eq(products.active, true), eq(products.barcode, p("code"))))
    .prepare(),
  alphabetical: db
    .select(columns)
    .from(products)
    .where(and(eq(products.orgId, p("orgId")), eq(products.active, true)))
    .orderBy(asc(products.pinyin), asc(products.id))
    .limit(p("limit"))
    .prepare(),
}));

/** The quick grid looks back over this store's last 30 Asia/Shanghai days, today included. */
export const TOP_SELLER_DAYS = 30;

/**
 * The quick grid: what this store sold most in the last 30 days (a shop sells the same few
 * dozen things all day), topped up alphabetically for a store without history yet.
 *
 * Read from the `sales_daily` rollup (decision 033), never from the sale lines. Units are net of
 * returns and voids, as the rollup keeps them; a product whose sales all came back drops out.
 * The ranking (product ids only) is kept per database and store until the rollup changes — a
 * write by this process (`salesDailyVersion`) or by another connection (SQLite's `data_version`)
 * — or the day turns; prices, stock and whether a product is still sold are read fresh.
 */
export function topSellers(ctx: Ctx, limit = 12): SellItem[] {
  const ranked = rankedSellers(ctx);
  const head = ranked.slice(0, limit * 2);
  const fresh = new Map(sellItems(ctx, head).map((p) => [p.id, p]));
  let top = head.flatMap((id) => fresh.get(id) ?? []).slice(0, limit);
  if (top.length < limit && ranked.length > head.length) {
    // Many of the best sellers were taken off sale since the ranking was read: read them all.
    const all = new Map(sellItems(ctx, ranked).map((p) => [p.id, p]));
    top = ranked.flatMap((id) => all.get(id) ?? []).slice(0, limit);
  }
  if (top.length >= limit) return top;
  const more = queries(ctx.db).alphabetical.all({ orgId: ctx.org.id, limit: limit * 2 });
  const seen = new Set(top.map((p) => p.id));
  return [...top, ...more.filter((p) => !seen.has(p.id))].slice(0, limit);
}

type Ranking = { version: string; ids: string[] };
const rankings = new WeakMap<Ctx["db"], Map<string, Ranking>>();
const MAX_STORES_KEPT = 2000;

/** The store's products that sold in the window, best first (ties by pinyin). */
function rankedSellers(ctx: Ctx): string[] {
  const today = shanghaiDate(ctx.clock.now());
  const dataVersion = ctx.db.$client.pragma("data_version", { simple: true }) as number;
  const version = `${today}|${dataVersion}|${salesDailyVersion()}`;
  let byStore = rankings.get(ctx.db);
  if (!byStore) rankings.set(ctx.db, (byStore = new Map()));
  const kept = byStore.get(ctx.org.id);
  if (kept?.version === version) return kept.ids;
  const units = sql<number>`sum(${salesDaily.qty})`;
  // Sum per product first (the rollup's own index), then look up only the products that sold:
  // a CROSS JOIN keeps SQLite from joining every rollup row to its product before grouping.
  const sold = ctx.db
    .select({ productId: salesDaily.productId, units: units.as("units") })
    .from(salesDaily)
    .where(and(eq(salesDaily.orgId, ctx.org.id), gte(salesDaily.day, addDays(today, 1 - TOP_SELLER_DAYS))))
    .groupBy(salesDaily.productId)
    .having(gt(units, 0))
    .as("sold");
  const ids = ctx.db
    .select({ id: products.id })
    .from(sold)
    .crossJoin(products)
    .where(and(eq(products.id, sold.productId), eq(products.orgId, ctx.org.id), eq(products.active, true)))
    .orderBy(desc(sold.units), asc(products.pinyin))
    .all()
    .map((p) => p.id);
  if (!kept && byStore.size >= MAX_STORES_KEPT) byStore.delete(byStore.keys().next().value!);
  byStore.set(ctx.org.id, { version, ids });
  return ids;
}

/** Name, pinyin initials or part of a barcode, among products the store sells. */
export function searchSellable(ctx: Ctx, q: string, limit = 30): SellItem[] {
  const condition = searchCondition(q);
  if (!condition) return [];
  return ctx.db
    .select(columns)
    .from(products)
    .where(and(sellable(ctx), condition))
    .orderBy(asc(products.pinyin), asc(products.id))
    .limit(limit)
    .all();
}

/** A scanned code that names exactly one product the store sells, or null. */
export function sellableByBarcode(ctx: Ctx, input: string): SellItem | null {
  const code = normaliseBarcode(input.trim());
  if (!code) return null;
  return queries(ctx.db).byBarcode.get({ orgId: ctx.org.id, code }) ?? null;
}

export function sellItems(ctx: Ctx, ids: string[]): SellItem[] {
  if (ids.length === 0) return [];
  return queries(ctx.db).byIds.all({ ids: JSON.stringify(ids), orgId: ctx.org.id });
}

export type SellScreen = {
  lines: CartLine[];
  items: SellItem[];
  grid: string[];
  results: string[] | null;
  q: string;
  /** The product a scanned code just added, for the "added" feedback. */
  scanned: string | null;
  tender: Tender | null;
};

/**
 * The sell page from its query string alone (the cart travels in the form, see cart.ts):
 * apply the tapped button (add / inc / dec / clear), add an exact barcode match at once,
 * otherwise search. The same URL always renders the same cart, so a reload adds nothing.
 */
export function sellScreen(ctx: Ctx, params: URLSearchParams): SellScreen {
  let lines = params.has("clear") ? [] : cartFromEntries(params.entries());
  for (const [intent, delta] of [
    ["add", 1],
    ["inc", 1],
    ["dec", -1],
  ] as const) {
    const id = params.get(intent);
    if (id) lines = changeQty(lines, id, delta);
  }
  let q = (params.get("q") ?? "").trim().slice(0, 60);
  let scanned: string | null = null;
  let results: string[] | null = null;
  const found: SellItem[] = [];
  if (q) {
    const hit = sellableByBarcode(ctx, q);
    if (hit) {
      lines = changeQty(lines, hit.id, 1);
      scanned = hit.id;
      q = "";
    } else {
      const matches = searchSellable(ctx, q);
      found.push(...matches);
      results = matches.map((p) => p.id);
    }
  }
  const grid = topSellers(ctx);
  const inCart = sellItems(
    ctx,
    lines.map((l) => l.productId),
  );
  const items = new Map([...grid, ...found, ...inCart].map((p) => [p.id, p]));
  // A product that is not the store's (or no longer sold) silently leaves the cart.
  lines = lines.filter((l) => inCart.some((p) => p.id === l.productId));
  const tender = TENDERS.find((t) => t === params.getAll("tender").at(-1)) ?? null;
  // Units kept apart under a recall are not the shop's to sell (decision 041).
  const quarantined = quarantinedUnits(ctx);
  const shown = [...items.values()].map((p) =>
    quarantined.has(p.id) ? { ...p, onHand: availableUnits(p.onHand, p.id, quarantined) } : p,
  );
  return { lines, items: shown, grid: grid.map((p) => p.id), results, q, scanned, tender };
}
