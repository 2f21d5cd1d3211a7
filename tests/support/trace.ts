import type { Db } from "../../db/client";
import { supplierOrders } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { recordSupplierDelivery } from "../../app/domain/negotiation/record-supplier-delivery.server";
import { receiveWarehouseDelivery } from "../../app/domain/trace/warehouse-receipt.server";
import { makeCampaign, type Alliance } from "./alliance";

/**
 * A supplier batch delivered to `distributor`: a campaign naming it (its SKU made with the
 * product's barcode), the supplier order its close would place (written here, as the close
 * does), and the batch the coordinator records on it with the real use case.
 */
export function deliveredSupplierBatch(
  db: Db,
  alliance: Alliance,
  distributor: Ctx,
  batch: { batchNo: string; productionDate?: string; expiryDate?: string } = { batchNo: `SB-${newId().slice(0, 6)}` },
) {
  const campaign = makeCampaign(alliance, { distributor });
  const c = db.query.campaigns.findFirst({ where: (t, { eq }) => eq(t.id, campaign.campaignId) }).sync()!;
  const supplierOrderId = newId();
  db.insert(supplierOrders)
    .values({
      id: supplierOrderId,
      orgId: alliance.org.id,
      campaignId: c.id,
      supplierId: c.supplierId,
      packs: 100,
      priceFen: 5200,
      totalFen: 520_000,
      status: "placed",
      createdAt: alliance.ctx.clock.now(),
    })
    .run();
  const { batchId } = recordSupplierDelivery(alliance.ctx, supplierOrderId, {
    requestId: newId(),
    promisedDeliveryDate: null,
    deliveredDate: null,
    batchNo: batch.batchNo,
    productionDate: batch.productionDate ?? null,
    expiryDate: batch.expiryDate ?? null,
    certificateId: null,
  });
  return { batchId: batchId!, supplierOrderId, skuId: campaign.distributorProductId!, campaignId: c.id };
}

/** Packs into the warehouse as a named lot (batch, expiry), optionally as a supplier batch. */
export function warehouseLot(
  distributor: Ctx,
  skuId: string,
  packs: number,
  lot: { batchNo?: string; expiryDate?: string; supplierBatchId?: string },
) {
  return receiveWarehouseDelivery(distributor, skuId, {
    requestId: newId(),
    qty: packs,
    unit: "pack",
    costFen: undefined,
    batchNo: lot.batchNo ?? "",
    expiryDate: lot.expiryDate ?? "",
    supplierBatchId: lot.supplierBatchId,
  });
}
