import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { products, restockOrderLines, stockLots } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { receiveStock, receiveWarehouseStock } from "../../app/domain/inventory/receive-stock.server";
import { receiveOrder } from "../../app/domain/restock/receive-order.server";
import { makeAlliance } from "./alliance";
import { makeDeliveryRoute } from "./distribution";
import { makeProduct } from "./factories";
import { PINNED_NOW } from "./clock";
import { deliverRun, submitAndConfirm } from "./restock";
import { deliveredSupplierBatch, warehouseLot } from "./trace";
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
 * Issue 15's chain through a REAL run (decision 046): an alliance campaign's supplier batch is
 * delivered to the distributor and received into its warehouse (`received` units, one unit a
 * pack), a run carries `perStore` units to each store on the route (dispatch takes the lot
 * first-expiring-first, the order line carries it) and each store receives them: its lot has the
 * batch, the expiry and the edge from the warehouse lot, written by the use cases themselves.
 * Every store may also hold a clean lot of the same product (`clean` units, another batch).
 */
export async function recallWorld(db: Db, { stores = 2, received = 40, perStore = 12, clean = 0 } = {}) {
  const clock = fixedClock(PINNED_NOW);
  const alliance = await makeAlliance(db, { clock });
  const route = await makeDeliveryRoute(db, { stores, skus: 0, stockPacks: 0, clock });
  const distributor = route.distributor;
  const batch = deliveredSupplierBatch(db, alliance, distributor.ctx, {
    batchNo: RECALL_BATCH,
    productionDate: "2026-11-20",
    expiryDate: "2027-11-19",
  });
  // The distributor sells this oil by the 桶: one unit a pack, so any count can go onto a line.
  db.update(products).set({ packSize: 1 }).where(eq(products.id, batch.skuId)).run();
  const sku = { id: batch.skuId };
  warehouseLot(distributor.ctx, sku.id, received, { supplierBatchId: batch.batchId });
  const warehouseLotRow = db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.productId, sku.id), eq(stockLots.batchNo, RECALL_BATCH)))
    .get()!;
  const barcode = db.select().from(products).where(eq(products.id, sku.id)).get()!.barcode!;
  const orders = route.stores.map((store) => {
    const product = makeProduct(store.ctx, { name: "金龙鱼大豆油 5L", barcode, baseUnit: "桶", priceFen: 6500 });
    if (clean > 0) receivedLot(store.ctx, product.id, clean, "CLEAN-1", "2028-01-31");
    return { store, product, ...submitAndConfirm(store.ctx, distributor.ctx, [{ sku, packs: perStore }], clock.now()) };
  });
  const runId = orders[0]!.runId;
  deliverRun(db, distributor.ctx, runId);
  const shops = orders.map(({ store, product, orderId }) => {
    const line = db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orderId)).get()!;
    receiveOrder(store.ctx, orderId, { requestId: newId(), lines: [{ lineId: line.id, receivedPacks: perStore }] });
    const lot = db
      .select()
      .from(stockLots)
      .where(and(eq(stockLots.productId, product.id), eq(stockLots.batchNo, RECALL_BATCH)))
      .get()!;
    return { ...store, product, lot, orderId, line };
  });
  return {
    clock,
    alliance,
    distributor,
    batchId: batch.batchId,
    sku,
    routeId: route.routeId,
    runId,
    warehouseLot: warehouseLotRow,
    stores: shops,
  };
}

/** The store's next order on the route: it goes onto the route's next open run (the return run). */
export function nextRunOrder(world: Awaited<ReturnType<typeof recallWorld>>, storeIndex: number, packs: number) {
  const store = world.stores[storeIndex]!;
  return submitAndConfirm(store.ctx, world.distributor.ctx, [{ sku: world.sku, packs }], world.clock.now());
}
