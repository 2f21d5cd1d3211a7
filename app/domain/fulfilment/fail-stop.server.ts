import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField, text } from "../fields.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { because } from "../timeline-reason";
import { createFollowUpOrder } from "./follow-up-order.server";
import { transitionOrder } from "./moves.server";
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
 * is cancelled with the driver's reason, nothing is charged, and the order process brings the
 * goods back onto the warehouse ledger as a return. "Redeliver" then puts the same packs on the
 * route's next open delivery as a new confirmed order, reserved again.
 */
export function failStop(ctx: Ctx, runId: string, input: z.infer<typeof failStopSchema>) {
  requirePermission(ctx, "run.deliver");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "fulfilment.failStop", () => {
      const { order } = stopOrder(tx, ctx, runId, input.orderId);
      const shipped = orderLines(tx, ctx, order.id)
        .map((line) => ({ line, packs: line.pickedPacks ?? 0 }))
        .filter((l) => l.packs > 0);
      let redeliveryDate: string | null = null;
      if (input.then === "redeliver" && shipped.length) {
        const follow = createFollowUpOrder(
          tx,
          ctx,
          order,
          shipped,
          because("fulfilment.reason.redeliveryOf", { date: order.deliveryDate }),
        );
        redeliveryDate = follow.deliveryDate;
      }
      const why = redeliveryDate
        ? because("fulfilment.reason.failedRedeliver", { reason: input.reason, date: redeliveryDate })
        : because("fulfilment.reason.failedReturned", { reason: input.reason });
      transitionOrder(tx, ctx, order, "cancelled", why);
      return { orderId: order.id, redeliveryDate };
    }),
  );
}
