import { sql } from "drizzle-orm";
import type { Ctx } from "../context.server";
import { addDays, daysBetween, shanghaiDate } from "../dates";
import { NotFound } from "../errors";
import { coverTenths, seesCost } from "./dashboard.server";
import { nextDeliveryOfStore } from "./next-delivery.server";
import { DEFAULT_DELIVERY_DAYS, DEMAND_WINDOW_DAYS } from "./periods";
import { suggestionForProduct } from "./suggestions.server";

export const INSIGHT_DAYS = 90;

/**
 * One product's sales story for its page: units per day over the last 90 days (zeros included,
 * so the chart shows the quiet days), 30- and 90-day totals, realised margin, and days of cover
 * against the next delivery. Reads the product's own rollup rows through the primary key.
 */
export function productInsight(ctx: Ctx, productId: string) {
  const now = ctx.clock.now();
  const product = ctx.db.get<{
    id: string;
    name: string;
    baseUnit: string;
    onHand: number;
    priceFen: number;
    costFen: number;
  }>(sql`
    select id, name, base_unit as baseUnit, on_hand as onHand, price_fen as priceFen, cost_fen as costFen
    from products where id = ${productId} and org_id = ${ctx.org.id}`);
  if (!product) throw new NotFound();
  const today = shanghaiDate(now);
  const from = addDays(today, -(INSIGHT_DAYS - 1));
  const rows = ctx.db.all<{ day: string; qty: number; revenue: number; cost: number }>(sql`
    select day, qty, revenue_fen as revenue, cost_fen as cost from sales_daily
    where org_id = ${ctx.org.id} and product_id = ${productId} and day >= ${from} and day <= ${today}`);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days = Array.from({ length: INSIGHT_DAYS }, (_, i) => {
    const day = addDays(from, i);
    const r = byDay.get(day);
    return { day, qty: r?.qty ?? 0, takingsFen: r?.revenue ?? 0 };
  });
  const sum = (since: string, f: (r: { qty: number; revenue: number; cost: number }) => number) =>
    rows.filter((r) => r.day >= since).reduce((s, r) => s + f(r), 0);
  const since30 = addDays(today, -29);
  const units30 = sum(since30, (r) => r.qty);
  const units90 = sum(from, (r) => r.qty);
  const takings90 = sum(from, (r) => r.revenue);
  const cost90 = sum(from, (r) => r.cost);
  const since28 = addDays(today, -DEMAND_WINDOW_DAYS);
  const unitsPer28 = rows.filter((r) => r.day >= since28 && r.day < today).reduce((s, r) => s + r.qty, 0);
  const delivery = nextDeliveryOfStore(ctx, now);
  const daysUntilDelivery = delivery ? Math.max(daysBetween(today, delivery.deliveryDate), 0) : DEFAULT_DELIVERY_DAYS;
  const cover = coverTenths(product.onHand, unitsPer28);
  const withCost = seesCost(ctx);
  return {
    product: { id: product.id, name: product.name, baseUnit: product.baseUnit, onHand: product.onHand },
    withCost,
    days,
    units30,
    units90,
    takings90Fen: takings90,
    // Realised over 90 days (what the sales actually made); the listed margin is price − cost.
    margin90Fen: withCost ? takings90 - cost90 : null,
    margin90Bp: withCost ? (takings90 > 0 ? Math.round(((takings90 - cost90) * 10_000) / takings90) : null) : null,
    unitsPer28,
    coverTenths: Number.isFinite(cover) ? cover : null,
    delivery,
    daysUntilDelivery,
    runsOut: unitsPer28 > 0 && product.onHand * DEMAND_WINDOW_DAYS < unitsPer28 * daysUntilDelivery,
    // The restock-suggestion engine's answer for this product (null: no distributor lists it).
    suggestion: suggestionForProduct(ctx, product.id),
  };
}

export type ProductInsight = ReturnType<typeof productInsight>;
