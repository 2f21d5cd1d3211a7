import { and, desc, eq } from "drizzle-orm";
import { campaigns, supplierBatches, supplierOrders, suppliers } from "@db/schema";
import type { Ctx } from "../context.server";

/** The alliance's orders to its suppliers (one per closed campaign), newest first, with their batches. */
export function listSupplierOrders(ctx: Ctx) {
  const orders = ctx.db
    .select({
      id: supplierOrders.id,
      campaignTitle: campaigns.title,
      supplierName: suppliers.name,
      packs: supplierOrders.packs,
      status: supplierOrders.status,
      promisedDeliveryDate: supplierOrders.promisedDeliveryDate,
      deliveredDate: supplierOrders.deliveredDate,
      createdAt: supplierOrders.createdAt,
    })
    .from(supplierOrders)
    .innerJoin(campaigns, eq(campaigns.id, supplierOrders.campaignId))
    .innerJoin(suppliers, eq(suppliers.id, supplierOrders.supplierId))
    .where(eq(supplierOrders.orgId, ctx.org.id))
    .orderBy(desc(supplierOrders.createdAt))
    .all();
  return orders.map((o) => ({
    ...o,
    batches: ctx.db
      .select({
        id: supplierBatches.id,
        batchNo: supplierBatches.batchNo,
        productionDate: supplierBatches.productionDate,
        expiryDate: supplierBatches.expiryDate,
      })
      .from(supplierBatches)
      .where(and(eq(supplierBatches.supplierOrderId, o.id), eq(supplierBatches.orgId, ctx.org.id)))
      .all(),
  }));
}
