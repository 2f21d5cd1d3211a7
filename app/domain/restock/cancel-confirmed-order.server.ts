import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField, text } from "../fields.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { because } from "../timeline-reason";
import { transitionOrder } from "./order-process.server";
import { findOrder, requireStatus } from "./orders.server";

export const cancelConfirmedOrderSchema = z.object({ requestId: requestIdField(), reason: text(200) });

/** The page's form: the reason, and a box ticked to confirm (a cancellation cannot be undone). */
export const cancelConfirmedOrderFormSchema = cancelConfirmedOrderSchema.extend({
  confirm: z.literal("yes", { error: "restock.inbox.cancelConfirmRequired" }),
});

/**
 * The distributor calls off an order it confirmed, before the van is loaded, and says why (a
 * reason is required: the store counted on these goods). The order process does the rest: the
 * reservation is released, the demand rollup corrected, the order leaves its run, and the store
 * finds a notice on its home page; both timelines show the reason.
 */
export function cancelConfirmedOrder(ctx: Ctx, orderId: string, raw: z.input<typeof cancelConfirmedOrderSchema>) {
  requirePermission(ctx, "order.cancel");
  const input = cancelConfirmedOrderSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.cancelConfirmed", () => {
      const order = findOrder(tx, ctx, orderId);
      requireStatus(order, ["confirmed"], "restock.cancelOnlyConfirmed");
      transitionOrder(
        tx,
        ctx,
        order,
        "cancelled",
        because("restock.reason.cancelledByDistributor", { reason: input.reason }),
      );
      return { orderId: order.id };
    }),
  );
}
