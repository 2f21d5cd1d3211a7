import { z } from "zod";
import { orderRefundChoices } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import { findOrder } from "../restock/orders.server";
import { refundChoiceOf, refundOrderDifference } from "./order-refunds.internal.server";

export const refundChoiceSchema = z.object({
  choice: z.enum(["refund", "credit"], { error: "payments.refundChoice.required" }),
});

/**
 * The store chooses, on its order page, what happens to money it paid online beyond what the
 * order finally costs: `refund` (the default: back to where it came from) or `credit` (kept on
 * its account with the distributor). The choice is recorded (who, when); switching back to
 * `refund` refunds a difference already there. Safe to repeat.
 */
export function chooseOrderRefund(ctx: Ctx, orderId: string, raw: z.input<typeof refundChoiceSchema>) {
  requirePermission(ctx, "payment.chooseRefund");
  const { choice } = refundChoiceSchema.parse(raw);
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) => {
    const order = findOrder(tx, ctx, orderId);
    tx.insert(orderRefundChoices)
      .values({ orderId: order.id, storeOrgId: ctx.org.id, choice, actorId: ctx.actor.id, createdAt: now })
      .onConflictDoUpdate({
        target: orderRefundChoices.orderId,
        set: { choice, actorId: ctx.actor.id, createdAt: now },
      })
      .run();
    const refundedFen = choice === "refund" ? refundOrderDifference(tx, order, now) : 0;
    return { choice: refundChoiceOf(tx, order.id), refundedFen };
  });
}
