import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField, text } from "../fields.server";
import { once } from "../idempotency.server";
import { applyMovement } from "../inventory/ledger.server";
import { createFollowUpOrder } from "./follow-up-order.server";
import { moveOrder } from "./moves.server";
import { bookOrderDemand } from "../analysis/demand-rollups.internal.server";
import { dayOf, reason } from "./reasons.server";
import { orderLines } from "./run-rows.server";
import { stopOrder } from "./stop-order.server";

export const FAILED_STOP_CHOICES = ["return", "redeliver"] as const;

export const failStopSchema = z.object({
  requestId: requestIdField(),
  orderId: z.string().min(1).max(64),
  reason: text(100),
  then: z.enum(FAILED_STOP_CHOICES).default("return"),
});

/**
 * A stop that could not be delivered (shop shut, refused the goods): see decision 020. The order
 * is cancelled with the driver's reason, nothing is charged, and the goods come back onto the
 * warehouse ledger as a return. "Redeliver" then puts the same packs on the route's next open
 * delivery as a new confirmed order, reserved again.
 */
export function failStop(ctx: Ctx, runId: string, input: z.infer<typeof failStopSchema>) {
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "fulfilment.failStop", () => {
      const { order } = stopOrder(tx, ctx, runId, input.orderId);
      const shipped = orderLines(tx, ctx, order.id)
        .map((line) => ({ line, packs: line.pickedPacks ?? 0 }))
        .filter((l) => l.packs > 0);
      for (const { line, packs } of shipped) {
        applyMovement(tx, ctx, {
          productId: line.productId,
          kind: "return",
          qty: packs * line.packSize,
          refType: "restock_order",
          refId: order.id,
        });
      }
      let redeliveryDate: string | null = null;
      if (input.then === "redeliver" && shipped.length) {
        const follow = createFollowUpOrder(tx, ctx, order, shipped, () =>
          reason("fulfilment.reason.redeliveryOf", { date: dayOf(order.deliveryDate) }),
        );
        redeliveryDate = follow.deliveryDate;
      }
      const why = redeliveryDate
        ? reason("fulfilment.reason.failedRedeliver", { reason: input.reason, date: dayOf(redeliveryDate) })
        : reason("fulfilment.reason.failedReturned", { reason: input.reason });
      bookOrderDemand(tx, order.id, -1);
      moveOrder(tx, ctx, order, "cancelled", why);
      return { orderId: order.id, redeliveryDate };
    }),
  );
}
