import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { transitionOrder } from "./order-process.server";
import { findOrder, requireStatus } from "./orders.server";

export const orderActionSchema = z.object({ requestId: requestIdField() });

/**
 * The distributor accepts an order: its packs are reserved (available stock drops at once, so
 * later carts see what is really left) and it joins the van of its route and date. Confirming
 * does not re-check availability: two carts may have been sent for the last few packs, and
 * the warehouse's short pick (backorder or drop) is where that is settled, visibly.
 * If that van is already being loaded, the order moves to the route's next open delivery and
 * the store reads why on its timeline (the order process's `placeOnRun`).
 */
export function confirmOrder(ctx: Ctx, orderId: string, raw: z.input<typeof orderActionSchema>) {
  requirePermission(ctx, "order.confirm");
  const input = orderActionSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.confirm", () => {
      const order = findOrder(tx, ctx, orderId);
      requireStatus(order, ["submitted"], "restock.confirmOnlySubmitted");
      const moved = transitionOrder(tx, ctx, order, "confirmed");
      return { orderId: order.id, deliveryDate: moved.deliveryDate, runId: moved.runId };
    }),
  );
}
