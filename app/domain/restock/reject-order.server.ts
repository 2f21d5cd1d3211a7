import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { requestIdField, text } from "../fields.server";
import { once } from "../idempotency.server";
import { bookOrderDemand } from "../analysis/demand-rollups.internal.server";
import { findOrder, moveOrder, requireStatus, requireSide } from "./orders.server";

export const rejectOrderSchema = z.object({ requestId: requestIdField(), reason: text(200) });

/** The distributor declines an order it has not confirmed; the store reads the reason. */
export function rejectOrder(ctx: Ctx, orderId: string, raw: z.input<typeof rejectOrderSchema>) {
  const input = rejectOrderSchema.parse(raw);
  requireSide(ctx, "distributor");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.reject", () => {
      const order = findOrder(tx, ctx, orderId);
      requireStatus(order, ["submitted"], "restock.rejectOnlySubmitted");
      bookOrderDemand(tx, order.id, -1);
      moveOrder(tx, ctx, order, "rejected", input.reason);
      return { orderId: order.id };
    }),
  );
}
