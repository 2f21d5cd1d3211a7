import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { aggregateConsents, countyCells, countyPublications, publicationStores, storeMonths } from "@db/schema";
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
import { MONTH, monthOfDay } from "./months";
import { bureauCounty } from "./places.server";

// Publishing a county month: the figures of the consenting stores, protected (disclosure.ts),
// written once as county cells and never recomputed. The bureau's pages read only these.

/** The additive measures of a month, and whether each is money (dominance rules apply). */
export const MEASURES = {
  sales: { money: true, of: (r: StoreMonthRow) => r.salesFen },
  credit: { money: true, of: (r: StoreMonthRow) => r.creditFen },
  restock: { money: true, of: (r: StoreMonthRow) => r.restockFen },
  stockDays: { money: false, of: (r: StoreMonthRow) => r.stockDays },
  stockoutDays: { money: false, of: (r: StoreMonthRow) => r.stockoutDays },
  sellingStores: { money: false, of: (r: StoreMonthRow) => (r.sellingDays > 0 ? 1 : 0) },
} as const;
export type Measure = keyof typeof MEASURES | "basket" | "pooled";

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
  for (const [measure, { money, of }] of Object.entries(MEASURES)) {
    const cells = new Map<string, Contribution>();
    for (const place of places) cells.set(cellId(place, month), contributionOf(groups.get(place)!.map(of)));
    cells.set(cellId(COUNTY_ROW, month), contributionOf(rows.map(of)));
    const relations = [{ total: cellId(COUNTY_ROW, month), parts: places.map((p) => cellId(p, month)) }];
    const state = protect({ cells, relations, money, rules });
    for (const place of [...places, COUNTY_ROW]) {
      const id = cellId(place, month);
      out.push(cellRow(countyCode, measure, place, month, cells.get(id)!, state.get(id)!));
    }
  }
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
    const cells = protectedMonth(countyCode, month, rows, rules);
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
