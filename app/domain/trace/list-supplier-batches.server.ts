import { asc, desc, eq } from "drizzle-orm";
import { campaigns, supplierBatches, supplierOrders, suppliers } from "@db/schema";
import type { Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";

/** (recallui) The alliance's supplier batches, newest first: each opens its chain. */
export function listSupplierBatches(ctx: Ctx, limit = 200) {
  requirePermission(ctx, "allianceTrace.view");
  return ctx.db
    .select({
      id: supplierBatches.id,
      batchNo: supplierBatches.batchNo,
      expiryDate: supplierBatches.expiryDate,
      product: campaigns.productName,
      unit: campaigns.packUnit,
      supplier: suppliers.name,
      createdAt: supplierBatches.createdAt,
    })
    .from(supplierBatches)
    .innerJoin(supplierOrders, eq(supplierOrders.id, supplierBatches.supplierOrderId))
    .innerJoin(campaigns, eq(campaigns.id, supplierOrders.campaignId))
    .innerJoin(suppliers, eq(suppliers.id, supplierBatches.supplierId))
    .where(eq(supplierBatches.orgId, ctx.org.id))
    .orderBy(desc(supplierBatches.createdAt), asc(supplierBatches.id))
    .limit(limit)
    .all()
    .map((b) => ({ ...b, expiryDate: b.expiryDate ?? "" }));
}
