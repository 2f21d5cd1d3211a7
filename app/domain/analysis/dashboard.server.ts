import { sql } from "drizzle-orm";
import type { Ctx } from "../context.server";
import { creditBook } from "../credit/balances.server";
import { addDays, daysBetween, isoWeekday, shanghaiDate, shanghaiHour } from "../dates";
import { nextDeliveryOfStore, type StoreDelivery } from "./next-delivery.server";
import {
  DEFAULT_DELIVERY_DAYS,
  DEMAND_WINDOW_DAYS,
  EXPIRING_WITHIN_DAYS,
  PERIOD_DAYS,
  SLOW_AFTER_DAYS,
  type Period,
} from "./periods";
import { incomingUnits } from "./incoming-units.server";
import { may } from "../permission-check.server";
import { availableUnits, quarantinedUnits } from "../recall/quarantine.server";

// The shopkeeper's dashboard. It reads the rollups (sales_daily, sales_hourly: one row per
// product per day, and per hour per day) and current state (products, lots, credit book), never
// the sale lines, so a year of a busy store costs the same as a week of a quiet one.

export type Figures = { takingsFen: number; sales: number; costFen: number };
export type Kpi = {
  takingsFen: number;
  sales: number;
  basketFen: number;
  marginFen: number | null;
  marginBp: number | null;
};
export type ProductRow = { productId: string; name: string; baseUnit: string };
export type SellerRow = ProductRow & { qty: number; takingsFen: number; profitFen: number | null };
export type SlowRow = ProductRow & { onHand: number; lastSaleDay: string | null; tiedUpFen: number | null };
/** `incoming`: base units on orders not yet received; `coverTenths` counts them with what is on hand. */
export type RunoutRow = ProductRow & { onHand: number; incoming: number; unitsPer28: number; coverTenths: number };
export type ExpiringRow = ProductRow & {
  lotId: string;
  batchNo: string;
  expiryDate: string;
  onHand: number;
  daysLeft: number;
  valueFen: number | null;
};

/** What the owner may see; a clerk sees the same page without cost and margin. */
export const seesCost = (ctx: Ctx) => may(ctx, "analysis.cost");

function kpi(f: Figures, withCost: boolean): Kpi {
  const marginFen = f.takingsFen - f.costFen;
  return {
    takingsFen: f.takingsFen,
    sales: f.sales,
    basketFen: f.sales > 0 ? Math.round(f.takingsFen / f.sales) : 0,
    marginFen: withCost ? marginFen : null,
    // Basis points (1/100 of a per cent), integer: 2345 = 23.45 %.
    marginBp: withCost ? (f.takingsFen > 0 ? Math.round((marginFen * 10_000) / f.takingsFen) : 0) : null,
  };
}

/** Days of cover in tenths (integer): on hand ÷ (units in 28 days ÷ 28). */
export function coverTenths(onHand: number, unitsPer28: number): number {
  if (unitsPer28 <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, Math.floor((onHand * DEMAND_WINDOW_DAYS * 10) / unitsPer28));
}

const collator = new Intl.Collator("zh-CN");

export type PeriodRange = { from: string; to: string; prevFrom: string; prevTo: string; hourCap: number | null };

/**
 * The period and the one it is compared with. 7 and 30 days compare with the 7/30 days before.
 * "Today" is compared with yesterday up to the same hour: a morning against a whole day would
 * always look like a bad day.
 */
export function periodRange(period: Period, now: number): PeriodRange {
  const today = shanghaiDate(now);
  const n = PERIOD_DAYS[period];
  const from = addDays(today, -(n - 1));
  const hour = shanghaiHour(now);
  return {
    from,
    to: today,
    prevFrom: addDays(from, -n),
    prevTo: addDays(today, -n),
    hourCap: period === "today" ? hour : null,
  };
}

export function storeDashboard(ctx: Ctx, { period }: { period: Period }) {
  const now = ctx.clock.now();
  const withCost = seesCost(ctx);
  const org = ctx.org.id;
  const today = shanghaiDate(now);
  const range = periodRange(period, now);

  // 1. Hours of the period and the previous one (totals, by hour) and of the last four whole
  //    weeks (by weekday: four of each, so no weekday is favoured; today is not over yet).
  const since28 = addDays(today, -DEMAND_WINDOW_DAYS);
  const earliest = since28 < range.prevFrom ? since28 : range.prevFrom;
  const hourly = ctx.db.all<{ day: string; hour: number; sales: number; revenue: number; cost: number }>(sql`
    select day, hour, sales, revenue_fen as revenue, cost_fen as cost from sales_hourly
    where org_id = ${org} and day >= ${earliest} and day <= ${range.to}`);
  const cur: Figures = { takingsFen: 0, sales: 0, costFen: 0 };
  const prev: Figures = { takingsFen: 0, sales: 0, costFen: 0 };
  const byHour = Array.from({ length: 24 }, (_, hour) => ({ hour, takingsFen: 0, sales: 0 }));
  const byWeekday = Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, takingsFen: 0, sales: 0, days: 0 }));
  for (const r of hourly) {
    if (r.day >= since28 && r.day < today) {
      const w = byWeekday[isoWeekday(r.day) - 1];
      w.takingsFen += r.revenue;
      w.sales += r.sales;
    }
    if (r.day >= range.from) {
      cur.takingsFen += r.revenue;
      cur.sales += r.sales;
      cur.costFen += r.cost;
      byHour[r.hour].takingsFen += r.revenue;
      byHour[r.hour].sales += r.sales;
    } else if (
      r.day >= range.prevFrom &&
      r.day <= range.prevTo &&
      (range.hourCap === null || r.hour <= range.hourCap)
    ) {
      prev.takingsFen += r.revenue;
      prev.sales += r.sales;
      prev.costFen += r.cost;
    }
  }
  for (let d = since28; d < today; d = addDays(d, 1)) byWeekday[isoWeekday(d) - 1].days += 1;

  // 2. Every product with its stock, the period's units/takings/cost, its last sale and the last
  //    28 days' units. Per product through the primary key (org, product, day): a year of rows
  //    costs a few range lookups each, where a scan of the period by day would visit every row.
  const from = range.from;
  const to = range.to;
  const items = ctx.db.all<{
    productId: string;
    name: string;
    baseUnit: string;
    barcode: string | null;
    onHand: number;
    costFen: number;
    active: number;
    lastSaleDay: string | null;
    unitsPer28: number;
    qty: number | null;
    revenue: number | null;
    cost: number | null;
  }>(sql`
    select p.id as productId, p.name, p.base_unit as baseUnit, p.barcode, p.on_hand as onHand, p.cost_fen as costFen, p.active,
      (select d.day from sales_daily d where d.org_id = p.org_id and d.product_id = p.id and d.qty > 0 order by d.day desc limit 1) as lastSaleDay,
      coalesce((select sum(d.qty) from sales_daily d where d.org_id = p.org_id and d.product_id = p.id and d.day >= ${since28} and d.day < ${today}), 0) as unitsPer28,
      (select sum(d.qty) from sales_daily d where d.org_id = p.org_id and d.product_id = p.id and d.day >= ${from} and d.day <= ${to}) as qty,
      (select sum(d.revenue_fen) from sales_daily d where d.org_id = p.org_id and d.product_id = p.id and d.day >= ${from} and d.day <= ${to}) as revenue,
      (select sum(d.cost_fen) from sales_daily d where d.org_id = p.org_id and d.product_id = p.id and d.day >= ${from} and d.day <= ${to}) as cost
    from products p where p.org_id = ${org}`);

  // Top sellers (units) and top earners (gross profit) of the period.
  const sellerRows: SellerRow[] = items
    .filter((r) => (r.qty ?? 0) > 0)
    .map((r) => ({
      productId: r.productId,
      name: r.name,
      baseUnit: r.baseUnit,
      qty: r.qty ?? 0,
      takingsFen: r.revenue ?? 0,
      profitFen: withCost ? (r.revenue ?? 0) - (r.cost ?? 0) : null,
    }));
  const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);
  const topSellers = [...sellerRows].sort((a, b) => b.qty - a.qty || b.takingsFen - a.takingsFen || byName(a, b));
  const topEarners = withCost
    ? [...sellerRows].sort((a, b) => (b.profitFen ?? 0) - (a.profitFen ?? 0) || byName(a, b))
    : [];

  const stockValueFen = items.reduce((s, p) => s + Math.max(p.onHand, 0) * p.costFen, 0);

  const slowSince = addDays(today, -SLOW_AFTER_DAYS);
  const slow = items
    .filter((p) => p.onHand > 0 && (p.lastSaleDay === null || p.lastSaleDay <= slowSince))
    .map((p) => ({
      productId: p.productId,
      name: p.name,
      baseUnit: p.baseUnit,
      onHand: p.onHand,
      lastSaleDay: p.lastSaleDay,
      valueFen: p.onHand * p.costFen,
    }))
    .sort((a, b) => b.valueFen - a.valueFen || byName(a, b));
  const slowTiedUpFen = slow.reduce((s, p) => s + p.valueFen, 0);
  const slowMovers: SlowRow[] = slow.map(({ valueFen, ...row }) => ({ ...row, tiedUpFen: withCost ? valueFen : null }));

  // 4. Run-outs: days of cover ((on hand + on the way) ÷ average daily units of the last 28 whole
  //    days) shorter than the days until the next delivery can bring more. Stock already ordered
  //    needs no new order, so an item its orders cover is not listed; the orders are asked for
  //    only when something would run out on what is on hand (one query, by the store's orders).
  const delivery = nextDeliveryOfStore(ctx, now);
  const daysUntilDelivery = delivery ? Math.max(daysBetween(today, delivery.deliveryDate), 0) : DEFAULT_DELIVERY_DAYS;
  const short = (units: number, per28: number) => units * DEMAND_WINDOW_DAYS < per28 * daysUntilDelivery;
  // Recalled units kept apart do not cover demand (decision 041).
  const quarantined = quarantinedUnits(ctx);
  const usable = items.map((p) =>
    quarantined.has(p.productId) ? { ...p, onHand: availableUnits(p.onHand, p.productId, quarantined) } : p,
  );
  const candidates = usable.filter((p) => p.active && p.unitsPer28 > 0 && short(p.onHand, p.unitsPer28));
  const onTheWay =
    candidates.length > 0
      ? incomingUnits(
          ctx,
          candidates.map((p) => ({ id: p.productId, barcode: p.barcode })),
        )
      : new Map<string, number>();
  const runouts: RunoutRow[] = candidates
    .map((p) => ({ p, incoming: onTheWay.get(p.productId) ?? 0 }))
    .filter(({ p, incoming }) => short(p.onHand + incoming, p.unitsPer28))
    .map(({ p, incoming }) => ({
      productId: p.productId,
      name: p.name,
      baseUnit: p.baseUnit,
      onHand: p.onHand,
      incoming,
      unitsPer28: p.unitsPer28,
      coverTenths: coverTenths(p.onHand + incoming, p.unitsPer28),
    }))
    .sort((a, b) => a.coverTenths - b.coverTenths || b.unitsPer28 - a.unitsPer28 || byName(a, b));

  // 5. Lots that expire within 30 days (or already have), soonest first.
  const horizon = addDays(today, EXPIRING_WITHIN_DAYS);
  const lots = ctx.db.all<{
    lotId: string;
    productId: string;
    name: string;
    baseUnit: string;
    batchNo: string;
    expiryDate: string;
    onHand: number;
    costFen: number;
  }>(sql`
    select l.id as lotId, l.product_id as productId, p.name, p.base_unit as baseUnit, l.batch_no as batchNo,
      l.expiry_date as expiryDate, l.on_hand as onHand, p.cost_fen as costFen
    from stock_lots l join products p on p.id = l.product_id and p.org_id = l.org_id
    where l.org_id = ${org} and l.expiry_date != '' and l.expiry_date <= ${horizon} and l.on_hand > 0
      and not exists (select 1 from quarantined_lots q where q.lot_id = l.id)
    order by l.expiry_date, p.name`);
  const expiring: ExpiringRow[] = lots.map((l) => ({
    productId: l.productId,
    name: l.name,
    baseUnit: l.baseUnit,
    lotId: l.lotId,
    batchNo: l.batchNo,
    expiryDate: l.expiryDate,
    onHand: l.onHand,
    daysLeft: daysBetween(today, l.expiryDate),
    valueFen: withCost ? l.onHand * l.costFen : null,
  }));

  // 6. Customers' credit outstanding (the credit book's own rule: oldest debt first).
  const book = creditBook(ctx);

  return {
    period,
    range,
    today,
    withCost,
    current: kpi(cur, withCost),
    previous: kpi(prev, withCost),
    byHour,
    byWeekday,
    topSellers: topSellers.slice(0, 10),
    topEarners: topEarners.slice(0, 10),
    soldProducts: sellerRows.length,
    allSellers: topSellers,
    allEarners: topEarners,
    slowMovers,
    slowTiedUpFen: withCost ? slowTiedUpFen : null,
    stockValueFen: withCost ? stockValueFen : null,
    delivery: delivery satisfies StoreDelivery | null,
    daysUntilDelivery,
    runouts,
    expiring,
    credit: { totalOwedFen: book.totalOwedFen, owing: book.owing },
  };
}

export type StoreDashboard = ReturnType<typeof storeDashboard>;
