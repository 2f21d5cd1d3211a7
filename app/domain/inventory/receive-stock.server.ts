import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { products } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid } from "../errors";
import { intField, optionalDateField, optionalMoneyField, optionalText, requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { applyMovement, productForUpdate } from "./ledger.server";
import { requirePermission } from "../permission-check.server";

export const receiveStockSchema = z.object({
  requestId: requestIdField(),
  qty: intField({ min: 1, max: 1_000_000 }),
  unit: z.enum(["base", "pack"]).default("base"),
  costFen: optionalMoneyField(),
  batchNo: optionalText(40).transform((v) => v ?? ""),
  expiryDate: optionalDateField(),
});
export type ReceiveStockInput = z.infer<typeof receiveStockSchema>;

/** Base units in one receipt: packs × pack size must stay a plausible, exactly countable number. */
export const MAX_RECEIPT_BASE_UNITS = 10_000_000;

export type ReceiveStockResult = { productId: string; qtyBase: number; movementIds: string[] };

/**
 * Goods arrive in packs or units at a cost per the chosen unit. The receipt is booked in base
 * units and the product's moving average cost absorbs it (stock below zero counts as zero:
 * oversold units were never bought at the old cost).
 */
export function receiveStock(ctx: Ctx, productId: string, input: ReceiveStockInput): ReceiveStockResult {
  requirePermission(ctx, "stock.receive");
  return receive(ctx, productId, input);
}

/** The same receipt into a distributor's warehouse (goods in from a supplier), by its own staff. */
export function receiveWarehouseStock(ctx: Ctx, productId: string, input: ReceiveStockInput): ReceiveStockResult {
  requirePermission(ctx, "warehouse.receive");
  return receive(ctx, productId, input);
}

function receive(ctx: Ctx, productId: string, input: ReceiveStockInput): ReceiveStockResult {
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "inventory.receive", () => {
      const product = productForUpdate(tx, ctx, productId);
      const perUnit = input.unit === "pack" ? product.packSize : 1;
      const qtyBase = input.qty * perUnit;
      const totalCostFen = input.costFen === undefined ? product.costFen * qtyBase : input.costFen * input.qty;
      const prior = Math.max(product.onHand, 0);
      // Each field is within its limits, but packs × pack size × cost can still leave the
      // integers a number holds exactly; refuse rather than book a rounded float.
      if (qtyBase > MAX_RECEIPT_BASE_UNITS)
        throw new Invalid("validation.tooLarge", {}, { qty: "validation.tooLarge" });
      if (!Number.isSafeInteger(totalCostFen) || !Number.isSafeInteger(prior * product.costFen + totalCostFen)) {
        throw new Invalid("validation.tooLarge", {}, { costFen: "validation.tooLarge" });
      }
      const unitCostFen = Math.round(totalCostFen / qtyBase);

      const averageFen = Math.round((prior * product.costFen + totalCostFen) / (prior + qtyBase));
      tx.update(products)
        .set({ costFen: averageFen })
        .where(and(eq(products.id, product.id), eq(products.orgId, ctx.org.id)))
        .run();

      const movementIds = applyMovement(tx, ctx, {
        productId: product.id,
        kind: "receipt",
        qty: qtyBase,
        unitCostFen,
        batchNo: input.batchNo,
        expiryDate: input.expiryDate,
        refType: "receipt",
        refId: input.requestId,
      });
      return { productId: product.id, qtyBase, movementIds };
    }),
  );
}
