import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { restockOrders } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { changeReservation } from "../distribution/warehouse.server";
import { nextOpenDelivery } from "../fulfilment/follow-up-order.server";
import { dayOf, reason } from "../fulfilment/reasons.server";
import { attachToRun, runFor } from "../fulfilment/runs.server";
import { bookOrderDemand } from "../analysis/demand-rollups.internal.server";
import { findOrder, linesOfOrder, moveOrder, requireStatus, requireSide } from "./orders.server";

export const orderActionSchema = z.object({ requestId: requestIdField() });

/**
 * The distributor accepts an order: its packs are reserved (available stock drops at once, so
 * later carts see what is really left) and it joins the van of its route and date. Confirming
 * does not re-check availability: two carts may have been sent for the last few packs, and
 * the warehouse's short pick (backorder or drop) is where that is settled, visibly.
 * If that van is already being loaded, the order moves to the route's next open delivery and
 * the store reads why on its timeline.
 */
export function confirmOrder(ctx: Ctx, orderId: string, raw: z.input<typeof orderActionSchema>) {
  const input = orderActionSchema.parse(raw);
  requireSide(ctx, "distributor");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.confirm", () => {
      const order = findOrder(tx, ctx, orderId);
      requireStatus(order, ["submitted"], "restock.confirmOnlySubmitted");
      for (const line of linesOfOrder(tx, ctx, order.id))
        changeReservation(tx, ctx, line.productId, line.qtyPacks * line.packSize);
      let deliveryDate = order.deliveryDate;
      let why: string | null = null;
      if (order.routeId && runFor(tx, ctx, order.routeId, deliveryDate).status !== "planned") {
        deliveryDate = nextOpenDelivery(tx, ctx, order);
        why = reason("restock.reason.movedToNextRun", { from: dayOf(order.deliveryDate), date: dayOf(deliveryDate) });
        bookOrderDemand(tx, order.id, -1);
        tx.update(restockOrders)
          .set({ deliveryDate })
          .where(and(eq(restockOrders.id, order.id), eq(restockOrders.distributorOrgId, ctx.org.id)))
          .run();
        bookOrderDemand(tx, order.id, 1);
      }
      moveOrder(tx, ctx, order, "confirmed", why);
      const run = attachToRun(tx, ctx, { ...order, deliveryDate });
      return { orderId: order.id, deliveryDate, runId: run?.id ?? null };
    }),
  );
}
