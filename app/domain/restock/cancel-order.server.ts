import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { bookOrderDemand } from "../analysis/demand-rollups.internal.server";
import { findOrder, moveOrder, requireStatus, requireSide } from "./orders.server";

export const cancelOrderSchema = z.object({
  requestId: requestIdField(),
  reason: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
});

/**
 * The store withdraws its order. Only while the distributor has not confirmed it: after that
 * stock is reserved and the van is planned, and the distributor decides.
 */
export function cancelOrder(ctx: Ctx, orderId: string, raw: z.input<typeof cancelOrderSchema>) {
  const input = cancelOrderSchema.parse(raw);
  requireSide(ctx, "store");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.cancel", () => {
      const order = findOrder(tx, ctx, orderId);
      requireStatus(order, ["submitted"], "restock.cancelOnlySubmitted");
      bookOrderDemand(tx, order.id, -1);
      moveOrder(tx, ctx, order, "cancelled", input.reason);
      return { orderId: order.id };
    }),
  );
}
