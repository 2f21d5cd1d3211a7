import { z } from "zod";
import { ADJUSTMENT_REASONS } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { intField, optionalText, requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { applyMovement, productForUpdate } from "./ledger.server";
import { requirePermission } from "../permission-check.server";

export const adjustStockSchema = z.object({
  requestId: requestIdField(),
  reason: z.enum(ADJUSTMENT_REASONS, { error: "validation.required" }),
  qty: intField({ min: 1, max: 1_000_000 }),
  note: optionalText(200),
});
export type AdjustStockInput = z.infer<typeof adjustStockSchema>;

/** "Found" puts stock back; damaged, expired and lost take it off. The sign follows the reason. */
export function adjustStock(ctx: Ctx, productId: string, input: AdjustStockInput) {
  requirePermission(ctx, "stock.adjust");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "inventory.adjust", () => {
      const product = productForUpdate(tx, ctx, productId);
      const delta = input.reason === "found" ? input.qty : -input.qty;
      const movementIds = applyMovement(tx, ctx, {
        productId: product.id,
        kind: "adjustment",
        reason: input.reason,
        qty: delta,
        refType: "adjustment",
        refId: input.requestId,
        note: input.note,
      });
      return { productId: product.id, delta, movementIds };
    }),
  );
}
