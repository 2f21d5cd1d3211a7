import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import {
  aggregateConsents,
  allianceMembers,
  countyCells,
  deliveryRoutes,
  distributorLinks,
  organisations,
  places,
} from "@db/schema";
import type { Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import { COUNTY_ROW } from "./disclosure";
import { shanghaiDate } from "../dates";
import { addMonths, MONTH, monthOfDay } from "./months";
import { bureauCounty, townshipsOf } from "./places.server";
import { CATEGORY_PREFIX, OTHER_CATEGORY } from "./categories";
import { POOL_ROW, publishedMonths } from "./publish.server";
import { appDisclosureRules } from "./rules.server";
import { Invalid } from "../errors";

// What the bureau's pages show, read from the published county cells (frozen months) and the
// register of organisations (counts of stores by place and kind cover all stores). A figure is
// either a number or a label: "few" (<5 家) or "confidential" (保密). A ratio is shown only where
// both its parts are shown; an index only where both months are.

export type Figure = { state: "shown"; value: number } | { state: "few" | "confidential" | "none" };

type CellMap = Map<string, { state: string; value: number | null }>;
const key = (measure: string, place: string, period: string) => `${measure}|${place}|${period}`;

function readCells(db: Db, countyCode: string, months: string[]): CellMap {
  const rows = months.length
    ? db
        .select({
          measure: countyCells.measure,
          place: countyCells.place,
          period: countyCells.period,
          state: countyCells.state,
          value: countyCells.value,
        })
        .from(countyCells)
        .where(and(eq(countyCells.countyCode, countyCode), inArray(countyCells.period, months)))
        .all()
    : [];
  return new Map(rows.map((r) => [key(r.measure, r.place, r.period), { state: r.state, value: r.value }]));
}

function figure(cells: CellMap, measure: string, place: string, period: string): Figure {
  const c = cells.get(key(measure, place, period));
  if (!c) return { state: "none" };
  if (c.state !== "shown" || c.value === null) return { state: c.state === "few" ? "few" : "confidential" };
  return { state: "shown", value: c.value };
}

/** a / b × scale, shown only where both are; a label of the hidden part otherwise. */
function ratio(a: Figure, b: Figure, scale: number): Figure {
  if (a.state !== "shown") return a;
  if (b.state !== "shown") return b;
  if (b.value === 0) return { state: "none" };
  return { state: "shown", value: Math.round((a.value / b.value) * scale) };
}

/** A row of a place table: a township, or the pool of small ones (its members named). */
export type PlaceRow = { place: string; name: string; members: string[] };

export type Health = {
  salesIndex: Figure; // ×100, against the same place 12 months before (or the first published month)
  creditShare: Figure; // per mille of takings sold on credit
  stockoutRate: Figure; // per mille of staple store-days with nothing on hand
  basketIndex: Figure; // ×100, the place's median basket against the county's
  restockFen: Figure;
  sellingStores: Figure;
  deliveriesPerWeek: Figure; // ×10: delivered orders per week (of consenting distributors)
  onTimeRate: Figure; // per mille of those deliveries made on or before their date
  fillRate: Figure; // per mille: packs shipped ÷ packs ordered on those deliveries
  stoppedStores: Figure; // stores that ordered in the three months before and not in this one
  savedFen: Figure; // group-buy savings recorded on orders delivered in the month
};

/** Delivered orders per week (×10) of a month's count. */
function perWeek(deliveries: Figure, month: string): Figure {
  if (deliveries.state !== "shown" || !MONTH.test(month))
    return deliveries.state === "shown" ? { state: "none" } : deliveries;
  const [y, m] = month.split("-").map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { state: "shown", value: Math.round((deliveries.value * 70) / days) };
}

function healthOf(cells: CellMap, place: string, month: string, base: string | null): Health {
  const sales = figure(cells, "sales", place, month);
  return {
    salesIndex: base ? ratio(sales, figure(cells, "sales", place, base), 100) : { state: "none" },
    creditShare: ratio(figure(cells, "credit", place, month), sales, 1000),
    stockoutRate: ratio(figure(cells, "stockoutDays", place, month), figure(cells, "stockDays", place, month), 1000),
    basketIndex: ratio(figure(cells, "basket", place, month), figure(cells, "basket", COUNTY_ROW, month), 100),
    restockFen: figure(cells, "restock", place, month),
    sellingStores: figure(cells, "sellingStores", place, month),
    deliveriesPerWeek: perWeek(figure(cells, "deliveries", place, month), month),
    onTimeRate: ratio(figure(cells, "onTime", place, month), figure(cells, "deliveries", place, month), 1000),
    fillRate: ratio(figure(cells, "packsShipped", place, month), figure(cells, "packsOrdered", place, month), 1000),
    stoppedStores: figure(cells, "stopped", place, month),
    savedFen: figure(cells, "saved", place, month),
  };
}

/** The places a month's table shows: its townships (or the pool of small ones), then the county. */
function placesOf(db: Db, countyCode: string, cells: CellMap, month: string): PlaceRow[] {
  const names = new Map(townshipsOf(db, countyCode).map((t) => [t.code, t.name]));
  const present = new Set<string>();
  for (const k of cells.keys()) {
    const [measure, place, period] = k.split("|");
    if (period === month && measure === "sales" && place !== COUNTY_ROW) present.add(place);
  }
  const pooledNames = [...cells.keys()]
    .filter((k) => k.startsWith("pooled|") && k.endsWith(`|${month}`))
    .map((k) => names.get(k.split("|")[1]) ?? k.split("|")[1]);
  return [...present]
    .sort((a, b) => (a === POOL_ROW ? 1 : b === POOL_ROW ? -1 : a.localeCompare(b)))
    .map((p) => ({
      place: p,
      name: p === POOL_ROW ? pooledNames.join("、") : (names.get(p) ?? p),
      members: p === POOL_ROW ? pooledNames : [],
    }));
}

export type CategoryTable = {
  /** Category names as published ("~other" for the rest, "" for lines without one), largest first. */
  categories: string[];
  rows: (PlaceRow & { values: Figure[] })[];
};

/** Restock value by category and place for a month (the county row last). */
function categoryTable(cells: CellMap, places: PlaceRow[], countyRow: PlaceRow, month: string): CategoryTable {
  const totals = new Map<string, number>();
  for (const [k, c] of cells) {
    const [measure, place, period] = k.split("|");
    if (period !== month || place !== COUNTY_ROW || !measure.startsWith(CATEGORY_PREFIX)) continue;
    totals.set(measure.slice(CATEGORY_PREFIX.length), c.value ?? -1);
  }
  const categories = [...totals.keys()].sort((a, b) =>
    a === OTHER_CATEGORY ? 1 : b === OTHER_CATEGORY ? -1 : totals.get(b)! - totals.get(a)! || a.localeCompare(b),
  );
  return {
    categories,
    rows: [...places, countyRow].map((p) => ({
      ...p,
      values: categories.map((c) => figure(cells, CATEGORY_PREFIX + c, p.place, month)),
    })),
  };
}

/** The month's category table and the month before's over the same categories and places. */
function goodsBeside(cells: CellMap, places: PlaceRow[], month: string, previous: string) {
  const countyRow = { place: COUNTY_ROW, name: "", members: [] };
  const now = categoryTable(cells, places, countyRow, month);
  const before = {
    categories: now.categories,
    rows: now.rows.map((r) => ({
      ...r,
      values: now.categories.map((c) => figure(cells, CATEGORY_PREFIX + c, r.place, previous)),
    })),
  };
  return { now, before };
}

export type CountRow = {
  place: string;
  name: string;
  stores: number;
  inAlliance: number;
  linked: number;
  consenting: number;
};

// Spelled out: inside a subquery of the select list drizzle would print the bare "id", which
// SQLite then reads as the subquery's own table's column.
const STORE_ID = sql.raw(`"organisations"."id"`);

/** The count list: stores by township on the platform, in an alliance, linked to a distributor, consenting. */
function storeCounts(db: Db, countyCode: string, month: string): CountRow[] {
  const township = sql<string>`coalesce(substr(${organisations.placeCode}, 1, 9), '')`;
  const rows = db
    .select({
      place: township,
      stores: sql<number>`count(*)`,
      inAlliance: sql<number>`sum(exists(select 1 from ${allianceMembers} m where m.store_org_id = ${STORE_ID} and m.status = 'active'))`,
      linked: sql<number>`sum(exists(select 1 from ${distributorLinks} l where l.store_org_id = ${STORE_ID} and l.status = 'active'))`,
      consenting: sql<number>`sum(exists(select 1 from ${aggregateConsents} c where c.org_id = ${STORE_ID} and c.from_month <= ${month} and (c.until_month is null or c.until_month > ${month})))`,
    })
    .from(organisations)
    .where(and(eq(organisations.kind, "store"), eq(organisations.countyCode, countyCode)))
    .groupBy(township)
    .all();
  const names = new Map(townshipsOf(db, countyCode).map((t) => [t.code, t.name]));
  return rows
    .map((r) => ({ ...r, name: names.get(r.place) ?? "" }))
    .sort((a, b) => (a.place === "" ? 1 : b.place === "" ? -1 : a.place.localeCompare(b.place)));
}

export type DistributorFigures = { distributors: number; consenting: number; routes: number; villagesOnRoute: number };

/** Distributors of the county; their routes and coverage only over those that consented. */
function distributorFigures(db: Db, countyCode: string, month: string): DistributorFigures {
  const all = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, "distributor"), eq(organisations.countyCode, countyCode)))
    .all()
    .map((d) => d.id);
  const consenting = all.length
    ? db
        .selectDistinct({ id: aggregateConsents.orgId })
        .from(aggregateConsents)
        .where(
          and(
            inArray(aggregateConsents.orgId, all),
            sql`${aggregateConsents.fromMonth} <= ${month} and (${aggregateConsents.untilMonth} is null or ${aggregateConsents.untilMonth} > ${month})`,
          ),
        )
        .all()
        .map((d) => d.id)
    : [];
  if (consenting.length === 0) return { distributors: all.length, consenting: 0, routes: 0, villagesOnRoute: 0 };
  const routes = db
    .select({ n: sql<number>`count(*)` })
    .from(deliveryRoutes)
    .where(and(inArray(deliveryRoutes.orgId, consenting), eq(deliveryRoutes.active, true)))
    .get();
  const villages = db
    .select({ n: sql<number>`count(distinct ${organisations.placeCode})` })
    .from(distributorLinks)
    .innerJoin(organisations, eq(organisations.id, distributorLinks.storeOrgId))
    .where(
      and(
        inArray(distributorLinks.distributorOrgId, consenting),
        eq(distributorLinks.status, "active"),
        sql`${distributorLinks.routeId} is not null`,
        sql`length(${organisations.placeCode}) = 12`,
      ),
    )
    .get();
  return {
    distributors: all.length,
    consenting: consenting.length,
    routes: routes?.n ?? 0,
    villagesOnRoute: villages?.n ?? 0,
  };
}

function countyName(db: Db, countyCode: string): string {
  return (
    db
      .select({ name: places.name })
      .from(places)
      .where(and(eq(places.code, countyCode), eq(places.level, "county")))
      .get()?.name ?? countyCode
  );
}

export type CountyHome = {
  countyCode: string;
  countyName: string;
  minStores: number;
  month: string | null;
  months: string[];
  publishedStores: number;
  counts: CountRow[];
  distributors: DistributorFigures;
  townships: (PlaceRow & Health)[];
  county: Health;
  goods: CategoryTable;
  trend: { month: string; salesIndex: Figure; restockFen: Figure; creditShare: Figure; savedFen: Figure }[];
};

/** The bureau's home: the latest published month, by township, and the county's trend. */
export function countyHome(ctx: Ctx): CountyHome {
  requirePermission(ctx, "county.home");
  const countyCode = bureauCounty(ctx);
  const published = publishedMonths(ctx.db, countyCode);
  const months = published.map((m) => m.month);
  const month = months[0] ?? null;
  const window = months.slice(0, 13);
  const cells = readCells(ctx.db, countyCode, window);
  const baseOf = (m: string) => (window.includes(addMonths(m, -12)) ? addMonths(m, -12) : (window.at(-1) ?? null));
  const current = month ?? monthOfDay(shanghaiDate(ctx.clock.now()));
  const placeRows = month ? placesOf(ctx.db, countyCode, cells, month) : [];
  return {
    countyCode,
    countyName: countyName(ctx.db, countyCode),
    minStores: appDisclosureRules().minStores,
    month,
    months,
    publishedStores: published[0]?.stores ?? 0,
    counts: storeCounts(ctx.db, countyCode, current),
    distributors: distributorFigures(ctx.db, countyCode, current),
    townships: month ? placeRows.map((p) => ({ ...p, ...healthOf(cells, p.place, month, baseOf(month)) })) : [],
    county: healthOf(cells, COUNTY_ROW, month ?? "", month ? baseOf(month) : null),
    goods: month
      ? categoryTable(cells, placeRows, { place: COUNTY_ROW, name: "", members: [] }, month)
      : { categories: [], rows: [] },
    trend: [...window].reverse().map((m) => {
      const h = healthOf(cells, COUNTY_ROW, m, window.at(-1) ?? null);
      return {
        month: m,
        salesIndex: h.salesIndex,
        restockFen: h.restockFen,
        creditShare: h.creditShare,
        savedFen: h.savedFen,
      };
    }),
  };
}

export type ReportLine = PlaceRow & { now: Health; before: Health };

export type CountyReport = {
  countyCode: string;
  countyName: string;
  minStores: number;
  month: string;
  previous: string;
  months: string[];
  stores: { now: number; before: number };
  county: { now: Health; before: Health };
  townships: ReportLine[];
  /** Restock by category: the month's table and the month before's (same categories, in the month's order). */
  goods: { now: CategoryTable; before: CategoryTable };
};

/** The monthly report: every figure of a published month beside the month before. */
export function countyReport(ctx: Ctx, monthInput: string | null): CountyReport {
  requirePermission(ctx, "county.report");
  const countyCode = bureauCounty(ctx);
  const published = publishedMonths(ctx.db, countyCode);
  const months = published.map((m) => m.month);
  const month = monthInput ?? months[0];
  if (!month || !MONTH.test(month) || !months.includes(month)) throw new Invalid("county.report.noSuchMonth");
  const previous = addMonths(month, -1);
  const base = addMonths(month, -12);
  const first = months.at(-1) ?? month;
  const baseFor = (m: string) => (months.includes(addMonths(m, -12)) ? addMonths(m, -12) : first);
  const cells = readCells(ctx.db, countyCode, [month, previous, base, addMonths(base, -1), first]);
  const names = placesOf(ctx.db, countyCode, cells, month);
  return {
    countyCode,
    countyName: countyName(ctx.db, countyCode),
    minStores: appDisclosureRules().minStores,
    month,
    previous,
    months,
    stores: {
      now: published.find((p) => p.month === month)?.stores ?? 0,
      before: published.find((p) => p.month === previous)?.stores ?? 0,
    },
    county: {
      now: healthOf(cells, COUNTY_ROW, month, baseFor(month)),
      before: healthOf(cells, COUNTY_ROW, previous, baseFor(previous)),
    },
    townships: names.map((p) => ({
      ...p,
      now: healthOf(cells, p.place, month, baseFor(month)),
      before: healthOf(cells, p.place, previous, baseFor(previous)),
    })),
    goods: goodsBeside(cells, names, month, previous),
  };
}
