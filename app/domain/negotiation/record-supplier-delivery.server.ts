import { and, eq } from "drizzle-orm";
import { supplierBatches, supplierCertificates, supplierOrders } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid, NotFound } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import type { SupplierDeliveryInput } from "./fields.server";

/**
 * The coordinator records on a supplier order the promised and actual delivery dates (the
 * supplier's on-time record) and, with a batch number, the supplier batch delivered: production
 * and expiry dates and the certificate that came with it (the anchor issue 15 hangs lots on).
 */
export function recordSupplierDelivery(ctx: Ctx, supplierOrderId: string, input: SupplierDeliveryInput) {
  requirePermission(ctx, "supplierOrder.record");
  const now = ctx.clock.now();
  if (input.productionDate && input.expiryDate && input.expiryDate <= input.productionDate)
    throw new Invalid("negotiation.batchDates", {}, { expiryDate: "negotiation.batchDates" });
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `supplier-delivery:${input.requestId}`, "supplierOrder.record", () => {
      const order = tx
        .select()
        .from(supplierOrders)
        .where(and(eq(supplierOrders.id, supplierOrderId), eq(supplierOrders.orgId, ctx.org.id)))
        .get();
      if (!order) throw new NotFound();
      if (input.certificateId) {
        const cert = tx
          .select({ id: supplierCertificates.id })
          .from(supplierCertificates)
          .where(
            and(
              eq(supplierCertificates.id, input.certificateId),
              eq(supplierCertificates.orgId, ctx.org.id),
              eq(supplierCertificates.supplierId, order.supplierId),
            ),
          )
          .get();
        if (!cert) throw new Invalid("negotiation.certUnknown", {}, { certificateId: "negotiation.certUnknown" });
      }
      tx.update(supplierOrders)
        .set({
          promisedDeliveryDate: input.promisedDeliveryDate ?? order.promisedDeliveryDate,
          deliveredDate: input.deliveredDate ?? order.deliveredDate,
        })
        .where(and(eq(supplierOrders.id, supplierOrderId), eq(supplierOrders.orgId, ctx.org.id)))
        .run();
      let batchId: string | null = null;
      if (input.batchNo) {
        batchId = newId();
        tx.insert(supplierBatches)
          .values({
            id: batchId,
            orgId: ctx.org.id,
            supplierOrderId,
            supplierId: order.supplierId,
            batchNo: input.batchNo,
            productionDate: input.productionDate,
            expiryDate: input.expiryDate,
            certificateId: input.certificateId,
            createdAt: now,
          })
          .run();
      }
      return { batchId };
    }),
  );
}
