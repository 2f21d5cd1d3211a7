import { sql } from "drizzle-orm";
import type { Ctx } from "../context.server";
import { addDays } from "../dates";
import { Forbidden } from "../errors";
import { forecastRate, type ForecastMethod } from "./forecast";
import { BEFORE_WEEKS, RECENT_WEEKS, TOP_STORES, demandWeeks } from "./demand-tables";
import { isoWeekMonday, shanghaiDay } from "./rollups.server";

// What a county distributor's stores order, week by week, from the `demand_weekly` rollup (never
// from order lines), plus the delivered transitions of the window's orders for on-time delivery.
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

export type StoreDemand = { storeOrgId: string; name: string; village: string | null; packs: number; valueFen: number; lastWeek: string | null };
export type StoppedStore = StoreDemand & { packsBefore: number };

export type DistributorDemand = ReturnType<typeof distributorDemand>;

/**
 * The distributor's demand view: the last `weeks` ISO weeks up to the current one (which is
 * still in progress), per SKU and per week, fill rate (packs shipped / packs ordered, complete
 * weeks), on-time delivery (delivered on or before the delivery date, Shanghai time), the top
 * stores, the stores that stopped ordering, and next week's picks forecast per SKU.
 */
export function distributorDemand(ctx: Ctx, { now = Date.now(), weeks: rawWeeks }: { now?: number; weeks?: unknown } = {}) {
  if (ctx.org.kind !== "distributor") throw new Forbidden();
  const orgId = ctx.org.id;
  const n = demandWeeks(rawWeeks);
  const currentWeek = isoWeekMonday(shanghaiDay(now));
  const nextWeek = addDays(currentWeek, 7);
  const weeks = Array.from({ length: n }, (_, i) => addDays(currentWeek, -7 * (n - 1 - i)));
  const from = weeks[0];
  const recentFrom = addDays(currentWeek, -7 * (RECENT_WEEKS - 1));
  const beforeFrom = addDays(recentFrom, -7 * BEFORE_WEEKS);
  const scanFrom = beforeFrom < from ? beforeFrom : from;

  // Per week and SKU, this window plus next week's orders so far.
  const cells = ctx.db.all<{ week: string; productId: string; ordered: number; shipped: number; valueFen: number; stores: number }>(sql`
    SELECT week, product_id AS productId, sum(packs_ordered) AS ordered, sum(packs_shipped) AS shipped, sum(value_fen) AS valueFen,
      count(DISTINCT CASE WHEN packs_ordered > 0 THEN store_org_id END) AS stores
    FROM demand_weekly WHERE distributor_org_id = ${orgId} AND week >= ${from} AND week <= ${nextWeek}
    GROUP BY week, product_id`);
  const names = new Map(
    ctx.db
      .all<{ id: string; name: string; packUnit: string | null }>(sql`
        SELECT id, name, pack_unit AS packUnit FROM products WHERE org_id = ${orgId} AND id IN (
          SELECT DISTINCT product_id FROM demand_weekly WHERE distributor_org_id = ${orgId} AND week >= ${from} AND week <= ${nextWeek})`)
      .map((p) => [p.id, p]),
  );

  const index = new Map(weeks.map((w, i) => [w, i]));
  const skus = new Map<string, SkuDemand>();
  const summaries: WeekSummary[] = weeks.map((week) => ({ week, complete: week < currentWeek, ordered: 0, shipped: 0, valueFen: 0, stores: 0, delivered: 0, onTime: 0 }));
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
  for (const row of storesPerWeek(ctx, from, currentWeek)) {
    const i = index.get(row.week);
    if (i !== undefined) summaries[i].stores = row.stores;
  }
  for (const d of deliveries(ctx, from, nextWeek)) {
    const i = index.get(isoWeekMonday(d.deliveryDate));
    if (i === undefined) continue;
    summaries[i].delivered++;
    if (shanghaiDay(d.at) <= d.deliveryDate) summaries[i].onTime++;
  }

  const complete = summaries.filter((s) => s.complete);
  const sum = (rows: WeekSummary[], key: "ordered" | "shipped" | "valueFen" | "delivered" | "onTime") => rows.reduce((t, r) => t + r[key], 0);
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
    skus: [...skus.values()].sort((a, b) => b.totalPacks - a.totalPacks || b.nextWeekOrdered - a.nextWeekOrdered || a.name.localeCompare(b.name, "zh-CN")),
    topStores: stores.top,
    stoppedStores: stores.stopped,
  };
}

/** Per store over the window: packs and value, and whether it stopped ordering (see RECENT_WEEKS). */
function storeDemand(
  ctx: Ctx,
  w: { from: string; currentWeek: string; nextWeek: string; recentFrom: string; beforeFrom: string; scanFrom: string },
) {
  const rows = ctx.db.all<{ storeOrgId: string; name: string; village: string | null; packs: number; valueFen: number; recent: number; prior: number; lastWeek: string | null }>(sql`
    SELECT s.store_org_id AS storeOrgId, o.name AS name, o.village AS village, s.packs, s.valueFen, s.recent, s.prior, s.lastWeek
    FROM (
      SELECT store_org_id,
        sum(CASE WHEN week >= ${w.from} AND week <= ${w.currentWeek} THEN packs_ordered ELSE 0 END) AS packs,
        sum(CASE WHEN week >= ${w.from} AND week <= ${w.currentWeek} THEN value_fen ELSE 0 END) AS valueFen,
        sum(CASE WHEN week >= ${w.recentFrom} THEN packs_ordered ELSE 0 END) AS recent,
        sum(CASE WHEN week >= ${w.beforeFrom} AND week < ${w.recentFrom} THEN packs_ordered ELSE 0 END) AS prior,
        max(CASE WHEN packs_ordered > 0 AND week <= ${w.currentWeek} THEN week END) AS lastWeek
      FROM demand_weekly
      WHERE distributor_org_id = ${ctx.org.id} AND week >= ${w.scanFrom} AND week <= ${w.nextWeek}
      GROUP BY store_org_id
    ) s JOIN organisations o ON o.id = s.store_org_id`);
  const byValue = (a: { valueFen: number; name: string }, b: { valueFen: number; name: string }) => b.valueFen - a.valueFen || a.name.localeCompare(b.name, "zh-CN");
  const plain = (r: (typeof rows)[number]): StoreDemand => ({ storeOrgId: r.storeOrgId, name: r.name, village: r.village, packs: r.packs, valueFen: r.valueFen, lastWeek: r.lastWeek });
  return {
    active: rows.filter((r) => r.packs > 0).length,
    top: rows.filter((r) => r.packs > 0).sort(byValue).slice(0, TOP_STORES).map(plain),
    stopped: rows
      .filter((r) => r.prior > 0 && r.recent === 0)
      .sort((a, b) => b.prior - a.prior || a.name.localeCompare(b.name, "zh-CN"))
      .map((r): StoppedStore => ({ ...plain(r), packsBefore: r.prior })),
  };
}

function storesPerWeek(ctx: Ctx, from: string, to: string) {
  return ctx.db.all<{ week: string; stores: number }>(sql`
    SELECT week, count(DISTINCT store_org_id) AS stores FROM demand_weekly
    WHERE distributor_org_id = ${ctx.org.id} AND week >= ${from} AND week <= ${to} AND packs_ordered > 0
    GROUP BY week`);
}

/** Orders of the window that were delivered, with the instant of their delivered transition. */
function deliveries(ctx: Ctx, from: string, before: string) {
  return ctx.db.all<{ deliveryDate: string; at: number }>(sql`
    SELECT o.delivery_date AS deliveryDate, min(t.at) AS at
    FROM restock_orders o JOIN state_transitions t ON t.entity = 'order' AND t.entity_id = o.id AND t.to_state = 'delivered'
    WHERE o.distributor_org_id = ${ctx.org.id} AND o.status IN ('delivered', 'received')
      AND o.delivery_date >= ${from} AND o.delivery_date < ${before}
    GROUP BY o.id`);
}
