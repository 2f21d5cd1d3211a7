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

/**
 * The whole chain through the real use cases: a supplier batch delivered to the distributor and
 * received into its warehouse (plus an older lot without a batch), a run carrying 3 packs to
 * store A (first-expiring-first over both lots) and 1 pack to store B, both stores receiving,
 * store A selling `soldA` units on credit to a named customer and B selling 5.
 */
export async function tracedWorld(db: Db, { soldA = 30 }: { soldA?: number } = {}) {
  const { makeAlliance } = await import("./alliance");
  const { makeDeliveryRoute } = await import("./distribution");
  const { fixedClock } = await import("../../app/domain/dates");
  const { MONDAY_NIGHT, submitAndConfirm, TUESDAY, deliverRun } = await import("./restock");
  const { receiveOrder } = await import("../../app/domain/restock/receive-order.server");
  const { recordSale } = await import("../../app/domain/sales/record-sale.server");
  const { restockOrderLines } = await import("../../db/schema");
  const { eq } = await import("drizzle-orm");
  const clock = fixedClock(MONDAY_NIGHT);
  const alliance = await makeAlliance(db, { clock });
  const r = await makeDeliveryRoute(db, { stores: 2, skus: 1, stockPacks: 0, deliveryDate: TUESDAY, clock });
  const dist = r.distributor.ctx;
  const batch = deliveredSupplierBatch(db, alliance, dist, {
    batchNo: "JLY-2401",
    productionDate: "2029-12-01",
    expiryDate: "2030-06-30",
  });
  // The campaign made its own SKU; the run carries that one.
  const sku = { id: batch.skuId };
  warehouseLot(dist, sku.id, 2, { supplierBatchId: batch.batchId });
  warehouseLot(dist, sku.id, 3, { batchNo: "OLD-1", expiryDate: "2030-12-31" });
  const [a, b] = r.stores;
  const orderA = submitAndConfirm(a.ctx, dist, [{ sku, packs: 3 }]);
  const orderB = submitAndConfirm(b.ctx, dist, [{ sku, packs: 1 }]);
  deliverRun(db, dist, orderA.runId);
  const lineOf = (orderId: string) =>
    db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orderId)).get()!;
  const [lineA, lineB] = [lineOf(orderA.orderId), lineOf(orderB.orderId)];
  receiveOrder(a.ctx, orderA.orderId, { requestId: newId(), lines: [{ lineId: lineA.id, receivedPacks: 3 }] });
  receiveOrder(b.ctx, orderB.orderId, { requestId: newId(), lines: [{ lineId: lineB.id, receivedPacks: 1 }] });
  const storeProductA = db.select().from(restockOrderLines).where(eq(restockOrderLines.id, lineA.id)).get()!
    .storeProductId!;
  const storeProductB = db.select().from(restockOrderLines).where(eq(restockOrderLines.id, lineB.id)).get()!
    .storeProductId!;
  recordSale(a.ctx, {
    saleId: newId(),
    tender: "credit",
    customerName: "赊账客户王大妈",
    lines: [{ productId: storeProductA, qty: soldA }],
  });
  recordSale(b.ctx, { saleId: newId(), tender: "cash", lines: [{ productId: storeProductB, qty: 5 }] });
  return { alliance, r, dist, a, b, batch, sku, orderA, orderB, lineA, lineB, storeProductA, storeProductB };
}
