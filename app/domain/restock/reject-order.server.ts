import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField, text } from "../fields.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { transitionOrder } from "./order-process.server";
import { findOrder, requireStatus } from "./orders.server";

export const rejectOrderSchema = z.object({ requestId: requestIdField(), reason: text(200) });

/** The distributor declines an order it has not confirmed; the store reads the reason (its own words, as typed). */
export function rejectOrder(ctx: Ctx, orderId: string, raw: z.input<typeof rejectOrderSchema>) {
  requirePermission(ctx, "order.reject");
  const input = rejectOrderSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.reject", () => {
      const order = findOrder(tx, ctx, orderId);
      requireStatus(order, ["submitted"], "restock.rejectOnlySubmitted");
      transitionOrder(tx, ctx, order, "rejected", input.reason);
      return { orderId: order.id };
    }),
  );
}
