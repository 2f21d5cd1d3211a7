import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import {
  aggregateConsents,
  countyCells,
  countyPublications,
  publicationStores,
  storeMonthCategories,
  storeMonths,
} from "@db/schema";
import { appDisclosureRules } from "./rules.server";
import { inTransaction, type Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import { Invalid } from "../errors";
import { requirePermission } from "../permission-check.server";
import {
  cellId,
  contributionOf,
  COUNTY_ROW,
  poolSmallRows,
  protect,
  type CellState,
  type Contribution,
  type DisclosureRules,
} from "./disclosure";
import { CATEGORY_PREFIX, OTHER_CATEGORY } from "./categories";
import { MONTH, monthOfDay } from "./months";
import { bureauCounty } from "./places.server";

// Publishing a county month: the figures of the consenting stores, protected (disclosure.ts),
// written once as county cells and never recomputed. The bureau's pages read only these.

/** The additive measures of a month, and whether each is money (dominance rules apply). */
// `among` narrows the stores a cell is made of: the delivery figures are about the stores that
// received deliveries (a store with none is no respondent to them), savings about the stores
// that saved. Without it every store of the place counts (a count of stores, a sum of takings).
type MeasureSpec = { money: boolean; of: (r: StoreMonthRow) => number; among?: (r: StoreMonthRow) => boolean };
const delivered = (r: StoreMonthRow) => r.deliveries > 0;
export const MEASURES: Record<string, MeasureSpec> = {
  sales: { money: true, of: (r) => r.salesFen },
  credit: { money: true, of: (r) => r.creditFen },
  stockDays: { money: false, of: (r) => r.stockDays },
  stockoutDays: { money: false, of: (r) => r.stockoutDays },
  sellingStores: { money: false, of: (r) => (r.sellingDays > 0 ? 1 : 0) },
  deliveries: { money: false, of: (r) => r.deliveries, among: delivered },
  onTime: { money: false, of: (r) => r.onTime, among: delivered },
  packsOrdered: { money: false, of: (r) => r.packsOrdered, among: delivered },
  packsShipped: { money: false, of: (r) => r.packsShipped, among: delivered },
  stopped: { money: false, of: (r) => r.stopped },
  saved: { money: true, of: (r) => r.savedFen, among: (r) => r.savedFen !== 0 },
};
export type Measure = keyof typeof MEASURES | "restock" | "basket" | "pooled";

/** Restock by category is published for the county's largest categories; the rest are one. */
export const MAX_CATEGORIES = 8;
type CategoryRow = { orgId: string; category: string; restockFen: number };

export const POOL_ROW = "pool";

type StoreMonthRow = typeof storeMonths.$inferSelect;

/** The store months of a county and month that may be counted: the store consented for that month. */
export function consentingStoreMonths(db: Db, countyCode: string, month: string): StoreMonthRow[] {
  return db
    .select({ row: storeMonths })
    .from(storeMonths)
    .innerJoin(
      aggregateConsents,
      and(
        eq(aggregateConsents.orgId, storeMonths.orgId),
        lte(aggregateConsents.fromMonth, month),
        or(isNull(aggregateConsents.untilMonth), gt(aggregateConsents.untilMonth, month)),
      ),
    )
    .where(and(eq(storeMonths.countyCode, countyCode), eq(storeMonths.month, month)))
    .all()
    .map((r) => r.row);
}

/** The restock categories of a county month's store months (consent is applied by the caller's rows). */
export function storeMonthCategoriesOf(db: Db, countyCode: string, month: string): CategoryRow[] {
  return db
    .select({
      orgId: storeMonthCategories.orgId,
      category: storeMonthCategories.category,
      restockFen: storeMonthCategories.restockFen,
    })
    .from(storeMonthCategories)
    .where(and(eq(storeMonthCategories.countyCode, countyCode), eq(storeMonthCategories.month, month)))
    .all();
}

export type PublishedCell = typeof countyCells.$inferInsert;

/**
 * The protected cells of one county month, from its consenting store months. Townships with too
 * few stores are pooled first (coarsening before blanking); every measure is then protected
 * over "county = Σ rows".
 */
export function protectedMonth(
  countyCode: string,
  month: string,
  rows: readonly StoreMonthRow[],
  rules: DisclosureRules,
  categories: readonly CategoryRow[] = [],
): PublishedCell[] {
  const byTownship = new Map<string, StoreMonthRow[]>();
  for (const r of rows) byTownship.set(r.townshipCode, [...(byTownship.get(r.townshipCode) ?? []), r]);
  const townships = [...byTownship.keys()].sort();
  const { kept, pooled } = poolSmallRows(townships, (t) => byTownship.get(t)!.length, rules);
  const groups = new Map<string, StoreMonthRow[]>(kept.map((t) => [t, byTownship.get(t)!]));
  if (pooled.length > 0)
    groups.set(
      POOL_ROW,
      pooled.flatMap((t) => byTownship.get(t)!),
    );
  const places = [...groups.keys()];
  const out: PublishedCell[] = pooled.map((t) => ({
    countyCode,
    measure: "pooled",
    place: t,
    period: month,
    state: "shown" as const,
    value: null,
    stores: null,
  }));
  for (const [measure, { money, of, among }] of Object.entries(MEASURES)) {
    const pick = (rs: readonly StoreMonthRow[]) => (among ? rs.filter(among) : rs).map(of);
    const cells = new Map<string, Contribution>();
    for (const place of places) cells.set(cellId(place, month), contributionOf(pick(groups.get(place)!)));
    cells.set(cellId(COUNTY_ROW, month), contributionOf(pick(rows)));
    const relations = [{ total: cellId(COUNTY_ROW, month), parts: places.map((p) => cellId(p, month)) }];
    const state = protect({ cells, relations, money, rules });
    for (const place of [...places, COUNTY_ROW]) {
      const id = cellId(place, month);
      out.push(cellRow(countyCode, measure, place, month, cells.get(id)!, state.get(id)!));
    }
  }
  out.push(...restockCells(countyCode, month, places, groups, rows, categories, rules));
  // The staple basket's shelf price: a median over stores with a complete basket (not additive;
  // shelf prices are on show in the shop, but a median of fewer than the minimum is not shown).
  for (const place of [...places, COUNTY_ROW]) {
    const prices = (place === COUNTY_ROW ? rows : groups.get(place)!)
      .map((r) => r.basketFen)
      .filter((p) => p > 0)
      .sort((a, b) => a - b);
    const enough = prices.length >= rules.minStores;
    out.push({
      countyCode,
      measure: "basket",
      place,
      period: month,
      state: prices.length === 0 || enough ? "shown" : "few",
      value: enough ? median(prices) : null,
      stores: enough ? prices.length : null,
    });
  }
  return out;
}

/**
 * Restock value by place and by category, protected together: each category's county total is
 * the sum of its places, and each place's restock is the sum of its categories, so a hidden cell
 * can be recovered from neither its column nor its row.
 */
function restockCells(
  countyCode: string,
  month: string,
  places: readonly string[],
  groups: ReadonlyMap<string, readonly StoreMonthRow[]>,
  rows: readonly StoreMonthRow[],
  categories: readonly CategoryRow[],
  rules: DisclosureRules,
): PublishedCell[] {
  const placeOf = new Map<string, string>();
  for (const [place, rs] of groups) for (const r of rs) placeOf.set(r.orgId, place);
  const kept = new Set(
    [...totalsByCategory(categories)]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_CATEGORIES)
      .map(([c]) => c),
  );
  // Per category, per store: the store's value (categories beyond the largest are one).
  const byCategory = new Map<string, Map<string, number>>();
  for (const c of categories) {
    if (!placeOf.has(c.orgId)) continue;
    const key = CATEGORY_PREFIX + (kept.has(c.category) ? c.category.replace(/\|/g, "/") : OTHER_CATEGORY);
    const stores = byCategory.get(key) ?? new Map<string, number>();
    stores.set(c.orgId, (stores.get(c.orgId) ?? 0) + c.restockFen);
    byCategory.set(key, stores);
  }
  const id = (measure: string, place: string) => `${measure}|${place}`;
  const all = [...places, COUNTY_ROW];
  const cells = new Map<string, Contribution>();
  const relations: { total: string; parts: string[] }[] = [];
  for (const place of places)
    cells.set(id("restock", place), contributionOf(groups.get(place)!.map((r) => r.restockFen)));
  cells.set(id("restock", COUNTY_ROW), contributionOf(rows.map((r) => r.restockFen)));
  for (const [measure, stores] of byCategory) {
    for (const place of places) {
      const values = [...stores].filter(([org]) => placeOf.get(org) === place).map(([, v]) => v);
      cells.set(id(measure, place), contributionOf(values));
    }
    cells.set(id(measure, COUNTY_ROW), contributionOf([...stores.values()]));
  }
  for (const measure of ["restock", ...byCategory.keys()]) {
    relations.push({ total: id(measure, COUNTY_ROW), parts: places.map((p) => id(measure, p)) });
  }
  if (byCategory.size > 0) {
    for (const place of all) {
      relations.push({ total: id("restock", place), parts: [...byCategory.keys()].map((m) => id(m, place)) });
    }
  }
  const state = protect({ cells, relations, money: true, rules });
  const out: PublishedCell[] = [];
  for (const measure of ["restock", ...byCategory.keys()]) {
    for (const place of all) {
      out.push(
        cellRow(countyCode, measure, place, month, cells.get(id(measure, place))!, state.get(id(measure, place))!),
      );
    }
  }
  return out;
}

function totalsByCategory(categories: readonly CategoryRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of categories) m.set(c.category, (m.get(c.category) ?? 0) + c.restockFen);
  return m;
}

function cellRow(
  countyCode: string,
  measure: string,
  place: string,
  period: string,
  c: Contribution,
  state: CellState,
): PublishedCell {
  const shown = state === "shown";
  return { countyCode, measure, place, period, state, value: shown ? c.total : null, stores: shown ? c.stores : null };
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Writes a month's cells once; a month already published stays as it is (frozen). */
export function writePublication(db: Db, countyCode: string, month: string, now: number, rules: DisclosureRules) {
  return inTransaction(db, (tx) => {
    const done = tx
      .select({ month: countyPublications.month })
      .from(countyPublications)
      .where(and(eq(countyPublications.countyCode, countyCode), eq(countyPublications.month, month)))
      .get();
    if (done) return { month, published: false };
    const rows = consentingStoreMonths(tx as unknown as Db, countyCode, month);
    const cells = protectedMonth(
      countyCode,
      month,
      rows,
      rules,
      storeMonthCategoriesOf(tx as unknown as Db, countyCode, month),
    );
    for (let i = 0; i < cells.length; i += 200)
      tx.insert(countyCells)
        .values(cells.slice(i, i + 200))
        .run();
    for (let i = 0; i < rows.length; i += 300) {
      tx.insert(publicationStores)
        .values(rows.slice(i, i + 300).map((r) => ({ countyCode, month, orgId: r.orgId })))
        .run();
    }
    tx.insert(countyPublications).values({ countyCode, month, publishedAt: now, stores: rows.length }).run();
    return { month, published: true };
  });
}

/** The bureau (or the monthly job) publishes a closed month of its county. */
export function publishMonth(ctx: Ctx, month: string): { month: string; published: boolean } {
  requirePermission(ctx, "county.publish");
  if (!MONTH.test(month)) throw new Invalid("county.publish.badMonth");
  const current = monthOfDay(shanghaiDate(ctx.clock.now()));
  if (month >= current) throw new Invalid("county.publish.notClosed");
  const countyCode = bureauCounty(ctx);
  return writePublication(ctx.db, countyCode, month, ctx.clock.now(), appDisclosureRules());
}

/** The months a county has published, newest first. */
export function publishedMonths(db: Db, countyCode: string): { month: string; stores: number }[] {
  return db
    .select({ month: countyPublications.month, stores: countyPublications.stores })
    .from(countyPublications)
    .where(eq(countyPublications.countyCode, countyCode))
    .orderBy(sql`${countyPublications.month} desc`)
    .all();
}
