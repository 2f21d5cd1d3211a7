import { and, eq } from "drizzle-orm";
import { deliveryRoutes, ORDER_STATUSES, restockOrders } from "@db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { orderIn } from "../machines";
import { timeline, timelines } from "../state-machine.internal.server";
import { amountDue } from "./manifest.server";
import { findRun } from "./runs.server";
import { runLines, runOrders } from "./run-rows.server";

/**
 * A run with its stops (every order ever put on it, so a cancelled stop stays visible with its
 * reason), the totals, and the run's timeline.
 */
export function getRun(ctx: Ctx, runId: string) {
  const run = findRun(ctx.db, ctx, runId);
  const route = ctx.db
    .select({ name: deliveryRoutes.name, areas: deliveryRoutes.areas })
    .from(deliveryRoutes)
    .where(and(eq(deliveryRoutes.id, run.routeId), eq(deliveryRoutes.orgId, ctx.org.id)))
    .get();
  const orders = runOrders(ctx.db, ctx, run.id, [...ORDER_STATUSES]).map((o) => ({ ...o, dueFen: amountDue(o) }));
  const live = orders.filter((o) => !orderIn("dropped", o.status));
  const shortOrders = new Set(
    runLines(ctx.db, ctx, run.id)
      .filter((l) => l.pickedPacks !== null && l.pickedPacks < l.qtyPacks)
      .map((l) => l.orderId),
  );
  return {
    run,
    routeName: route?.name ?? "",
    orders: orders.map((o) => ({ ...o, short: shortOrders.has(o.id) })),
    totals: {
      orders: live.length,
      totalFen: live.reduce((n, o) => n + o.totalFen, 0),
      open: live.filter((o) => o.status === "out_for_delivery").length,
    },
    timeline: timeline(ctx.db, "run", run.id, ctx.locale),
    // Every stop's history in one query: the run page shows them all.
    orderTimelines: timelines(
      ctx.db,
      "order",
      orders.map((o) => o.id),
      ctx.locale,
    ),
  };
}

/** An order's timeline as the distributor reads it: only an order addressed to it. */
export function orderTimeline(ctx: Ctx, orderId: string) {
  const order = ctx.db
    .select({ id: restockOrders.id })
    .from(restockOrders)
    .where(and(eq(restockOrders.id, orderId), eq(restockOrders.distributorOrgId, ctx.org.id)))
    .get();
  if (!order) throw new NotFound();
  return timeline(ctx.db, "order", order.id, ctx.locale);
}
