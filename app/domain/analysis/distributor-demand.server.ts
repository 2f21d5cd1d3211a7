import { sql } from "drizzle-orm";
import { ORDER_STATUSES } from "@db/schema";
import type { Ctx } from "../context.server";
import { addDays, isoWeekMonday, shanghaiDate, shanghaiDayStart } from "../dates";
import { forecastRate, type ForecastMethod } from "./forecast";
import { BEFORE_WEEKS, RECENT_WEEKS, TOP_STORES, demandWeeks } from "./demand-tables";
import { requirePermission } from "../permission-check.server";

/** Thousands of orders share a few dozen delivery dates: their week is computed once per date. */
const weeksOfDates = new Map<string, string>();
function weekOf(date: string): string {
  let week = weeksOfDates.get(date);
  if (week === undefined) {
    week = isoWeekMonday(date);
    if (weeksOfDates.size > 10_000) weeksOfDates.clear();
    weeksOfDates.set(date, week);
  }
  return week;
}

const endsOfDates = new Map<string, number>();
function endOf(date: string): number {
  let end = endsOfDates.get(date);
  if (end === undefined) {
    end = shanghaiDayStart(addDays(date, 1));
    if (endsOfDates.size > 10_000) endsOfDates.clear();
    endsOfDates.set(date, end);
  }
  return end;
}

/** One collator: `localeCompare` with a locale builds a new one on every call. */
const zh = new Intl.Collator("zh-CN");

/** Order states that count as demand (the rollup's rule: not rejected, not cancelled), as an IN list the status index can use. */
const COUNTED = sql`(${sql.join(
  ORDER_STATUSES.filter((s) => s !== "rejected" && s !== "cancelled").map((s) => sql`${s}`),
  sql`, `,
)})`;

// What a county distributor's stores order, week by week, from the `demand_weekly` rollup (never
// from order lines), plus the window's order rows (per-store figures) and their delivered
// transitions (on-time delivery).
// Weeks are ISO weeks of the delivery date (their Monday), in Asia/Shanghai.

export type SkuDemand = {
  productId: string;
  name: string;
  packUnit: string | null;
  /** Packs ordered per week of `weeks`, oldest first. */
  packs: number[];
  totalPacks: number;
  valueFen: number;
  /** Over the complete weeks (the current one is still being ordered and shipped). */
  orderedComplete: number;
  shippedComplete: number;
  /** Packs already ordered for delivery next week. */
  nextWeekOrdered: number;
  /** Next week's picks: the forecast rate per week over the complete weeks, in whole packs. */
  forecastPacks: number;
  forecastMethod: ForecastMethod;
};

export type WeekSummary = {
  week: string;
  complete: boolean;
  ordered: number;
  shipped: number;
  valueFen: number;
  stores: number;
  delivered: number;
  onTime: number;
};

export type StoreDemand = {
  storeOrgId: string;
  name: string;
  village: string | null;
  orders: number;
  valueFen: number;
  lastWeek: string | null;
};
export type StoppedStore = StoreDemand & { ordersBefore: number };

export type DistributorDemand = ReturnType<typeof distributorDemand>;

/**
 * The distributor's demand view: the last `weeks` ISO weeks up to the current one (which is
 * still in progress), per SKU and per week, fill rate (packs shipped / packs ordered, complete
 * weeks), on-time delivery (delivered on or before the delivery date, Shanghai time), the top
 * stores, the stores that stopped ordering, and next week's picks forecast per SKU.
 */
export function distributorDemand(ctx: Ctx, { weeks: rawWeeks }: { weeks?: unknown } = {}) {
  requirePermission(ctx, "demand.view");
  const now = ctx.clock.now();
  const orgId = ctx.org.id;
  const n = demandWeeks(rawWeeks);
  const currentWeek = isoWeekMonday(shanghaiDate(now));
  const nextWeek = addDays(currentWeek, 7);
  const weeks = Array.from({ length: n }, (_, i) => addDays(currentWeek, -7 * (n - 1 - i)));
  const from = weeks[0];
  const recentFrom = addDays(currentWeek, -7 * (RECENT_WEEKS - 1));
  const beforeFrom = addDays(recentFrom, -7 * BEFORE_WEEKS);
  const scanFrom = beforeFrom < from ? beforeFrom : from;

  // Per week and SKU, this window plus next week's orders so far: the rollup's key order, no sort.
  const cells = ctx.db.all<{ week: string; productId: string; ordered: number; shipped: number; valueFen: number }>(sql`
    SELECT week, product_id AS productId, sum(packs_ordered) AS ordered, sum(packs_shipped) AS shipped, sum(value_fen) AS valueFen
    FROM demand_weekly WHERE distributor_org_id = ${orgId} AND week >= ${from} AND week <= ${nextWeek}
    GROUP BY week, product_id`);
  // The catalog is a few hundred SKUs: reading it whole is cheaper than a second pass over the rollup.
  const names = new Map(
    ctx.db
      .all<{ id: string; name: string; packUnit: string | null }>(
        sql`SELECT id, name, pack_unit AS packUnit FROM products WHERE org_id = ${orgId}`,
      )
      .map((p) => [p.id, p]),
  );

  const index = new Map(weeks.map((w, i) => [w, i]));
  const skus = new Map<string, SkuDemand>();
  const summaries: WeekSummary[] = weeks.map((week) => ({
    week,
    complete: week < currentWeek,
    ordered: 0,
    shipped: 0,
    valueFen: 0,
    stores: 0,
    delivered: 0,
    onTime: 0,
  }));
  for (const c of cells) {
    const product = names.get(c.productId);
    if (!product) continue;
    let sku = skus.get(c.productId);
    if (!sku) {
      sku = {
        productId: c.productId,
        name: product.name,
        packUnit: product.packUnit,
        packs: weeks.map(() => 0),
        totalPacks: 0,
        valueFen: 0,
        orderedComplete: 0,
        shippedComplete: 0,
        nextWeekOrdered: 0,
        forecastPacks: 0,
        forecastMethod: "none",
      };
      skus.set(c.productId, sku);
    }
    if (c.week === nextWeek) {
      sku.nextWeekOrdered += c.ordered;
      continue;
    }
    const i = index.get(c.week);
    if (i === undefined) continue;
    sku.packs[i] += c.ordered;
    sku.totalPacks += c.ordered;
    sku.valueFen += c.valueFen;
    const s = summaries[i];
    s.ordered += c.ordered;
    s.shipped += c.shipped;
    s.valueFen += c.valueFen;
    if (s.complete) {
      sku.orderedComplete += c.ordered;
      sku.shippedComplete += c.shipped;
    }
  }
  for (const sku of skus.values()) {
    const { rate, method } = forecastRate(sku.packs.slice(0, -1));
    sku.forecastPacks = Math.round(rate);
    sku.forecastMethod = method;
  }

  const stores = storeDemand(ctx, { from, currentWeek, nextWeek, recentFrom, beforeFrom, scanFrom });
  for (const [week, count] of stores.perWeek) {
    const i = index.get(week);
    if (i !== undefined) summaries[i].stores = count;
  }
  for (const d of deliveries(ctx, from, nextWeek)) {
    const i = index.get(weekOf(d.deliveryDate));
    if (i === undefined || d.at === null) continue;
    summaries[i].delivered++;
    // On time: before the end of the delivery date in Shanghai (compared as instants, one per date).
    if (d.at < endOf(d.deliveryDate)) summaries[i].onTime++;
  }

  const complete = summaries.filter((s) => s.complete);
  const sum = (rows: WeekSummary[], key: "ordered" | "shipped" | "valueFen" | "delivered" | "onTime") =>
    rows.reduce((t, r) => t + r[key], 0);
  return {
    weeks,
    currentWeek,
    nextWeek,
    rules: { recentFrom, beforeFrom, recentWeeks: RECENT_WEEKS, beforeWeeks: BEFORE_WEEKS },
    totals: {
      ordered: sum(summaries, "ordered"),
      valueFen: sum(summaries, "valueFen"),
      orderedComplete: sum(complete, "ordered"),
      shippedComplete: sum(complete, "shipped"),
      delivered: sum(summaries, "delivered"),
      onTime: sum(summaries, "onTime"),
      activeStores: stores.active,
    },
    summaries,
    skus: [...skus.values()].sort(
      (a, b) => b.totalPacks - a.totalPacks || b.nextWeekOrdered - a.nextWeekOrdered || zh.compare(a.name, b.name),
    ),
    topStores: stores.top,
    stoppedStores: stores.stopped,
  };
}

/**
 * Per store, from the orders themselves (one row per order, a few thousand, on the distributor's
 * status/date index) rather than the rollup, whose per-store rows are 20× more: order count and
 * value (the order total: after a short pick, what was shipped) over the window, whether the
 * store stopped ordering (see RECENT_WEEKS), and stores per week. Counted orders as in the rollup.
 */
function storeDemand(
  ctx: Ctx,
  w: { from: string; currentWeek: string; nextWeek: string; recentFrom: string; beforeFrom: string; scanFrom: string },
) {
  const rows = ctx.db.all<{ storeOrgId: string; deliveryDate: string; totalFen: number }>(sql`
    SELECT store_org_id AS storeOrgId, delivery_date AS deliveryDate, total_fen AS totalFen FROM restock_orders
    WHERE distributor_org_id = ${ctx.org.id} AND status IN ${COUNTED}
      AND delivery_date >= ${w.scanFrom} AND delivery_date < ${addDays(w.nextWeek, 7)}`);
  const perStore = new Map<
    string,
    { orders: number; valueFen: number; recent: number; prior: number; lastWeek: string | null }
  >();
  const perWeek = new Map<string, Set<string>>();
  for (const r of rows) {
    const week = weekOf(r.deliveryDate);
    const s = perStore.get(r.storeOrgId) ?? { orders: 0, valueFen: 0, recent: 0, prior: 0, lastWeek: null };
    if (week >= w.from && week <= w.currentWeek) {
      s.orders += 1;
      s.valueFen += r.totalFen;
      const set = perWeek.get(week) ?? new Set<string>();
      set.add(r.storeOrgId);
      perWeek.set(week, set);
    }
    if (week >= w.recentFrom) s.recent += 1;
    else if (week >= w.beforeFrom) s.prior += 1;
    if (week <= w.currentWeek && (s.lastWeek === null || week > s.lastWeek)) s.lastWeek = week;
    perStore.set(r.storeOrgId, s);
  }
  const ids = [...perStore.keys()];
  const names = new Map(
    ids.length === 0
      ? []
      : ctx.db
          .all<{ id: string; name: string; village: string | null }>(
            sql`
            SELECT id, name, village FROM organisations WHERE id IN (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          )
          .map((o) => [o.id, o]),
  );
  const all = [...perStore].map(([storeOrgId, s]) => ({
    storeOrgId,
    name: names.get(storeOrgId)?.name ?? "",
    village: names.get(storeOrgId)?.village ?? null,
    ...s,
  }));
  const byValue = (a: { valueFen: number; name: string }, b: { valueFen: number; name: string }) =>
    b.valueFen - a.valueFen || zh.compare(a.name, b.name);
  const plain = (r: (typeof all)[number]): StoreDemand => ({
    storeOrgId: r.storeOrgId,
    name: r.name,
    village: r.village,
    orders: r.orders,
    valueFen: r.valueFen,
    lastWeek: r.lastWeek,
  });
  return {
    perWeek: new Map([...perWeek].map(([week, set]) => [week, set.size])),
    active: all.filter((r) => r.orders > 0).length,
    top: all
      .filter((r) => r.orders > 0)
      .sort(byValue)
      .slice(0, TOP_STORES)
      .map(plain),
    stopped: all
      .filter((r) => r.prior > 0 && r.recent === 0)
      .sort((a, b) => b.prior - a.prior || zh.compare(a.name, b.name))
      .map((r): StoppedStore => ({ ...plain(r), ordersBefore: r.prior })),
  };
}

/** Orders of the window that were delivered, with the instant of their delivered transition. */
function deliveries(ctx: Ctx, from: string, before: string) {
  // Driven by the orders (distributor, status, date index); each looks up its own transition.
  return ctx.db.all<{ deliveryDate: string; at: number | null }>(sql`
    SELECT o.delivery_date AS deliveryDate,
      (SELECT min(t.at) FROM state_transitions t WHERE t.entity = 'order' AND t.entity_id = o.id AND t.to_state = 'delivered') AS at
    FROM restock_orders o
    WHERE o.distributor_org_id = ${ctx.org.id} AND o.status IN ('delivered', 'received')
      AND o.delivery_date >= ${from} AND o.delivery_date < ${before}`);
}
