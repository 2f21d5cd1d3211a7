import { and, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { campaigns, products, stockMovements, supplierBatches, supplierOrders, suppliers } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Invalid } from "../errors";
import { once } from "../idempotency.server";
import { receiveStockSchema, receiveWarehouseStock } from "../inventory/receive-stock.server";
import { requirePermission } from "../permission-check.server";
import { recordLotSource, traceCodeFor } from "./lot-sources.internal.server";

// A supplier's delivery into the warehouse names the supplier batch it is (decision 040): the
// batch number and expiry come from the batch the alliance recorded, and the warehouse lot gets
// its edge supplier batch → warehouse lot. The batch belongs to the alliance's organisation; the
// distributor may name only batches of supplier orders delivered to it (the campaign names it as
// the distributor) for this SKU.

const BATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const warehouseReceiptSchema = receiveStockSchema.extend({
  supplierBatchId: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || BATCH_ID.test(v), "trace.batchUnknown"),
});
export type WarehouseReceiptInput = z.infer<typeof warehouseReceiptSchema>;

type Reader = Ctx["db"] | WriteTx;

/** Supplier batches delivered to this distributor for this SKU, newest first (the receipt's choice). */
export function batchesForReceipt(ctx: Ctx, productId: string) {
  return deliveredBatches(ctx.db, ctx, productId);
}

function deliveredBatches(db: Reader, ctx: Ctx, productId: string) {
  const product = db
    .select({ barcode: products.barcode })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.orgId, ctx.org.id)))
    .get();
  if (!product) return [];
  const forSku = product.barcode
    ? or(
        eq(campaigns.distributorProductId, productId),
        and(isNull(campaigns.distributorProductId), eq(campaigns.barcode, product.barcode)),
      )
    : eq(campaigns.distributorProductId, productId);
  return db
    .select({
      id: supplierBatches.id,
      orgId: supplierBatches.orgId,
      batchNo: supplierBatches.batchNo,
      productionDate: supplierBatches.productionDate,
      expiryDate: supplierBatches.expiryDate,
      supplier: suppliers.name,
      campaign: campaigns.title,
    })
    .from(supplierBatches)
    .innerJoin(supplierOrders, eq(supplierOrders.id, supplierBatches.supplierOrderId))
    .innerJoin(campaigns, eq(campaigns.id, supplierOrders.campaignId))
    .innerJoin(suppliers, eq(suppliers.id, supplierBatches.supplierId))
    .where(and(eq(campaigns.distributorOrgId, ctx.org.id), eq(supplierBatches.orgId, campaigns.orgId), forSku))
    .orderBy(desc(supplierBatches.createdAt), desc(supplierBatches.id))
    .limit(50)
    .all();
}

/**
 * Goods in from a supplier, optionally as a named supplier batch: the batch's number and expiry
 * are booked (what was typed for them is ignored), and the edge written, all in one transaction.
 */
export function receiveWarehouseDelivery(ctx: Ctx, productId: string, input: WarehouseReceiptInput) {
  requirePermission(ctx, "warehouse.receive");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `trace-receipt:${input.requestId}`, "trace.warehouseReceipt", () => {
      const batch = input.supplierBatchId
        ? deliveredBatches(tx, ctx, productId).find((b) => b.id === input.supplierBatchId)
        : undefined;
      if (input.supplierBatchId && !batch)
        throw new Invalid("trace.batchUnknown", {}, { supplierBatchId: "trace.batchUnknown" });
      const booked = receiveWarehouseStock(ctx, productId, {
        ...input,
        batchNo: batch ? batch.batchNo : input.batchNo,
        expiryDate: batch ? (batch.expiryDate ?? "") : input.expiryDate,
      });
      const lotId = lotOfMovements(tx, ctx, booked.movementIds);
      if (lotId) {
        traceCodeFor(tx, ctx.org.id, lotId, ctx.clock.now());
        if (batch)
          recordLotSource(
            tx,
            {
              orgId: ctx.org.id,
              lotId,
              sourceKind: "supplier_batch",
              sourceOrgId: batch.orgId,
              sourceId: batch.id,
              qty: booked.qtyBase,
              refType: "warehouse_receipt",
              refId: input.requestId,
            },
            ctx.clock.now(),
          );
      }
      return { ...booked, lotId, supplierBatchId: batch?.id ?? null };
    }),
  );
}

function lotOfMovements(tx: WriteTx, ctx: Ctx, movementIds: string[]): string | null {
  if (movementIds.length === 0) return null;
  const row = tx
    .select({ lotId: stockMovements.lotId })
    .from(stockMovements)
    .where(and(inArray(stockMovements.id, movementIds), eq(stockMovements.orgId, ctx.org.id)))
    .get();
  return row?.lotId ?? null;
}
