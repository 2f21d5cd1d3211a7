import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, stockLots, supplierOrders } from "../../db/schema";
import { inTransaction, type Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { receiveStock, receiveWarehouseStock } from "../../app/domain/inventory/receive-stock.server";
import { recordSupplierDelivery } from "../../app/domain/negotiation/record-supplier-delivery.server";
import { recordLotSource } from "../../app/domain/trace/lot-sources.internal.server";
import { makeAlliance, makeCampaign } from "./alliance";
import { makeDistributor, makeSku } from "./distribution";
import { makeProduct, makeStore, uniqueBarcode } from "./factories";
import { PINNED_NOW } from "./clock";
import { fixedClock } from "../../app/domain/dates";

export const RECALL_BATCH = "B20261120";

/** A lot of `ctx`'s product holding `qty` units of batch `batchNo` (a real receipt). */
export function receivedLot(ctx: Ctx, productId: string, qty: number, batchNo: string, expiryDate = "2027-11-19") {
  const receive = ctx.org.kind === "distributor" ? receiveWarehouseStock : receiveStock;
  receive(ctx, productId, { requestId: newId(), qty, unit: "base", costFen: 300, batchNo, expiryDate });
  return ctx.db
    .select()
    .from(stockLots)
    .where(eq(stockLots.productId, productId))
    .all()
    .find((l) => l.batchNo === batchNo)!;
}

/**
 * Issue 15's chain, with the edges written as the trace lane's receipts write them: an alliance
 * campaign's supplier batch → the distributor's warehouse lot (`received` units) → each store's
 * lot (`perStore` units each, batch and expiry carried), every store also holding a clean lot of
 * the same product (`clean` units, another batch).
 */
export async function recallWorld(db: Db, { stores = 2, received = 40, perStore = 12, clean = 0 } = {}) {
  const clock = fixedClock(PINNED_NOW);
  const alliance = await makeAlliance(db, { clock });
  const distributor = await makeDistributor(db);
  distributor.ctx.clock = clock;
  const { campaignId } = makeCampaign(alliance);
  const campaign = db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!;
  const orderId = newId();
  db.insert(supplierOrders)
    .values({
      id: orderId,
      orgId: alliance.org.id,
      campaignId,
      supplierId: campaign.supplierId,
      packs: 10,
      priceFen: 4950,
      totalFen: 49_500,
      createdAt: PINNED_NOW,
    })
    .run();
  const { batchId } = recordSupplierDelivery(alliance.ctx, orderId, {
    requestId: newId(),
    promisedDeliveryDate: "2026-12-01",
    deliveredDate: "2026-11-30",
    batchNo: RECALL_BATCH,
    productionDate: "2026-11-20",
    expiryDate: "2027-11-19",
    certificateId: null,
  });
  const barcode = uniqueBarcode();
  const warehouseProduct = makeSku(distributor.ctx, { name: "金龙鱼大豆油 5L", barcode, baseUnit: "桶", packSize: 4 });
  const warehouseLot = receivedLot(distributor.ctx, warehouseProduct.id, received, RECALL_BATCH);
  edge(db, clock.now(), {
    orgId: distributor.org.id,
    lotId: warehouseLot.id,
    sourceKind: "supplier_batch",
    sourceOrgId: alliance.org.id,
    sourceId: batchId!,
    qty: received,
    refType: "supplier_order",
    refId: orderId,
  });
  const shops = [];
  for (let i = 0; i < stores; i++) {
    const store = await makeStore(db);
    store.ctx.clock = clock;
    const product = makeProduct(store.ctx, { name: "金龙鱼大豆油 5L", barcode, priceFen: 6500 });
    if (clean > 0) receivedLot(store.ctx, product.id, clean, "CLEAN-1", "2028-01-31");
    const lot = receivedLot(store.ctx, product.id, perStore, RECALL_BATCH);
    edge(db, clock.now(), {
      orgId: store.org.id,
      lotId: lot.id,
      sourceKind: "stock_lot",
      sourceOrgId: distributor.org.id,
      sourceId: warehouseLot.id,
      qty: perStore,
      refType: "order_line",
      refId: newId(),
    });
    shops.push({ ...store, product, lot });
  }
  return { clock, alliance, distributor, batchId: batchId!, warehouseLot, stores: shops };
}

function edge(db: Db, now: number, e: Parameters<typeof recordLotSource>[1]) {
  inTransaction(db, (tx) => recordLotSource(tx, e, now));
}
