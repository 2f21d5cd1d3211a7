import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { deliveryRoutes, deliveryRuns, restockOrders, type RunStatus } from "@db/schema";
import type { Ctx } from "../context.server";
import { LIVE_STATUSES } from "./run-rows.server";

export type RunFilter = { date?: string; routeId?: string; status?: RunStatus };

/** The distributor's runs, newest delivery date first, each with its live orders counted and summed. */
export function listRuns(ctx: Ctx, filter: RunFilter = {}, limit = 100) {
  const orders = and(
    eq(restockOrders.runId, deliveryRuns.id),
    eq(restockOrders.distributorOrgId, ctx.org.id),
    inArray(restockOrders.status, LIVE_STATUSES),
  );
  const runs = ctx.db
    .select({
      id: deliveryRuns.id,
      deliveryDate: deliveryRuns.deliveryDate,
      status: deliveryRuns.status,
      routeId: deliveryRuns.routeId,
      routeName: deliveryRoutes.name,
      orderCount: sql<number>`count(${restockOrders.id})`,
      totalFen: sql<number>`coalesce(sum(${restockOrders.totalFen}), 0)`,
    })
    .from(deliveryRuns)
    .innerJoin(deliveryRoutes, and(eq(deliveryRoutes.id, deliveryRuns.routeId), eq(deliveryRoutes.orgId, ctx.org.id)))
    .leftJoin(restockOrders, orders)
    .where(
      and(
        eq(deliveryRuns.orgId, ctx.org.id),
        filter.date ? eq(deliveryRuns.deliveryDate, filter.date) : undefined,
        filter.routeId ? eq(deliveryRuns.routeId, filter.routeId) : undefined,
        filter.status ? eq(deliveryRuns.status, filter.status) : undefined,
      ),
    )
    .groupBy(deliveryRuns.id)
    .orderBy(desc(deliveryRuns.deliveryDate), asc(deliveryRoutes.name))
    .limit(limit)
    .all();
  const routes = ctx.db
    .select({ id: deliveryRoutes.id, name: deliveryRoutes.name })
    .from(deliveryRoutes)
    .where(eq(deliveryRoutes.orgId, ctx.org.id))
    .orderBy(asc(deliveryRoutes.name))
    .all();
  return { runs, routes };
}
