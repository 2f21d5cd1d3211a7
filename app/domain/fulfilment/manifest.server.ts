import { and, eq } from "drizzle-orm";
import { deliveryRoutes } from "@db/schema";
import type { Ctx } from "../context.server";
import { findRun } from "./runs.server";
import { runOrders, type RunOrder } from "./run-rows.server";

/**
 * What the driver collects at a stop: pay-on-delivery stores pay the order's total (after
 * picking, i.e. what is on the van); stores on account pay nothing at the door.
 */
export function amountDue(order: Pick<RunOrder, "paymentTerms" | "totalFen"> & { prepaidFen?: number }): number {
  // Less what was paid before delivery (decision 023: a group-buy deposit counts towards the goods).
  return order.paymentTerms === "cod" ? Math.max(order.totalFen - (order.prepaidFen ?? 0), 0) : 0;
}

/** The delivery manifest: stops in route order with contact, amount due and terms. */
export function manifest(ctx: Ctx, runId: string) {
  const run = findRun(ctx.db, ctx, runId);
  const route = ctx.db
    .select({ name: deliveryRoutes.name, areas: deliveryRoutes.areas })
    .from(deliveryRoutes)
    .where(and(eq(deliveryRoutes.id, run.routeId), eq(deliveryRoutes.orgId, ctx.org.id)))
    .get();
  const stops = runOrders(ctx.db, ctx, run.id).map((order, i) => ({ ...order, stop: i + 1, dueFen: amountDue(order) }));
  const totalDueFen = stops.reduce((n, s) => n + s.dueFen, 0);
  return { run, routeName: route?.name ?? "", stops, totalDueFen };
}
