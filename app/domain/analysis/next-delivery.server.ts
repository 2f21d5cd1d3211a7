import { sql } from "drizzle-orm";
import type { Ctx } from "../context.server";
import { nextDelivery } from "../distribution/delivery-dates";

export type StoreDelivery = { deliveryDate: string; cutoffAt: number; distributorName: string; routeName: string };

/**
 * The soonest delivery that an order placed now can still catch, over the store's active
 * distributor links that have a route; null when the store has none.
 */
export function nextDeliveryOfStore(ctx: Ctx, now: number): StoreDelivery | null {
  const routes = ctx.db.all<{
    weekdays: string;
    cutoffTime: string;
    cutoffDaysBefore: number;
    routeName: string;
    distributorName: string;
  }>(sql`
    select r.weekdays, r.cutoff_time as cutoffTime, r.cutoff_days_before as cutoffDaysBefore, r.name as routeName, o.name as distributorName
    from distributor_links k
    join delivery_routes r on r.id = k.route_id and r.org_id = k.distributor_org_id and r.active = 1
    join organisations o on o.id = k.distributor_org_id
    where k.store_org_id = ${ctx.org.id} and k.status = 'active'`);
  let best: StoreDelivery | null = null;
  for (const r of routes) {
    const next = nextDelivery(r, now);
    if (next && (!best || next.deliveryDate < best.deliveryDate))
      best = { ...next, distributorName: r.distributorName, routeName: r.routeName };
  }
  return best;
}
