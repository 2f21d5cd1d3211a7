import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { transitionOrder } from "./order-process.server";
import { findOrder, requireStatus } from "./orders.server";

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
  requirePermission(ctx, "order.withdraw");
  const input = cancelOrderSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.cancel", () => {
      const order = findOrder(tx, ctx, orderId);
      requireStatus(order, ["submitted"], "restock.cancelOnlySubmitted");
      transitionOrder(tx, ctx, order, "cancelled", input.reason);
      return { orderId: order.id };
    }),
  );
}
