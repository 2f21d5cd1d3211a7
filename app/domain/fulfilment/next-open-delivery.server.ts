import { and, eq } from "drizzle-orm";
import { deliveryRoutes, deliveryRuns, type restockOrders } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { Conflict } from "../errors";
import { followingDelivery } from "../distribution/delivery-dates";

/**
 * The next delivery of the order's route after its date whose run has not started: a short-picked
 * remainder, a failed stop or an order too late for a van already being loaded cannot join it.
 */
export function nextOpenDelivery(
  tx: WriteTx,
  ctx: Ctx,
  order: Pick<typeof restockOrders.$inferSelect, "routeId" | "deliveryDate">,
): string {
  const route = order.routeId
    ? tx
        .select()
        .from(deliveryRoutes)
        .where(and(eq(deliveryRoutes.id, order.routeId), eq(deliveryRoutes.orgId, ctx.org.id)))
        .get()
    : undefined;
  let date: string | null = order.deliveryDate;
  for (let i = 0; route && i < 8; i++) {
    date = followingDelivery(route, date!);
    if (!date) break;
    const run = tx
      .select({ status: deliveryRuns.status })
      .from(deliveryRuns)
      .where(
        and(
          eq(deliveryRuns.orgId, ctx.org.id),
          eq(deliveryRuns.routeId, route.id),
          eq(deliveryRuns.deliveryDate, date),
        ),
      )
      .get();
    if (!run || run.status === "planned") return date;
  }
  throw new Conflict("fulfilment.noFollowingDelivery");
}
