import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { inTransaction, type Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { receiveStock, receiveWarehouseStock } from "../../app/domain/inventory/receive-stock.server";
import { recordSupplierDelivery } from "../../app/domain/negotiation/record-supplier-delivery.server";
import { flagRecallSchema } from "../../app/domain/recall/fields.server";
import { flagRecall } from "../../app/domain/recall/flag-recall.server";
import { confirmRecall } from "../../app/domain/recall/store-actions.server";
import { recordLotSource } from "../../app/domain/trace/lot-sources.internal.server";
import { storeCatalog } from "../../app/domain/distribution/store-catalog.server";
import { pickUpRecalled } from "../../app/domain/recall/run-returns.server";
import { confirmOrder } from "../../app/domain/restock/confirm-order.server";
import { submitOrder } from "../../app/domain/restock/submit-order.server";
import type { Db } from "../client";
import { deliveryRuns, distributorLinks, products, stockLots, supplierOrders } from "../schema";

const BATCH = "LK20261101";

/**
 * One recall in progress (issue 15, decision 041): the alliance's delivered supplier order gets
 * a supplier batch; the distributor's warehouse and both demo stores hold a lot of it (the lot
 * graph's edges as trace's receipts write them: this seed builds its own chain); the coordinator
 * flags it, one store has confirmed, the other has not yet. The warehouse's own lot is kept
 * apart too, and the stores' return is on their route's next run (decision 046); when that run
 * is on the road, the driver has already taken back the confirming store's units.
 */
export function seedRecall({
  db,
  alliance,
  distributor,
  stores,
}: {
  db: Db;
  alliance: Ctx;
  distributor: Ctx;
  stores: Ctx[];
}): void {
  const order = db.select().from(supplierOrders).where(eq(supplierOrders.orgId, alliance.org.id)).get();
  if (!order) return;
  const { batchId } = recordSupplierDelivery(alliance, order.id, {
    requestId: newId(),
    promisedDeliveryDate: null,
    deliveredDate: null,
    batchNo: BATCH,
    productionDate: "2026-11-01",
    expiryDate: "2027-04-30",
    certificateId: null,
  });
  // A product the warehouse and both stores carry (same barcode).
  const shelves = stores.map((s) =>
    db
      .select({ id: products.id, barcode: products.barcode })
      .from(products)
      .where(and(eq(products.orgId, s.org.id), isNotNull(products.barcode)))
      .all(),
  );
  const common = shelves.reduce((a, b) => a.filter((p) => b.some((q) => q.barcode === p.barcode)));
  const sku = db
    .select()
    .from(products)
    .where(
      and(
        eq(products.orgId, distributor.org.id),
        inArray(
          products.barcode,
          common.map((p) => p.barcode!),
        ),
      ),
    )
    .get();
  if (!batchId || !sku) return;
  const lotOf = (orgId: string, productId: string) =>
    db
      .select()
      .from(stockLots)
      .where(and(eq(stockLots.orgId, orgId), eq(stockLots.productId, productId), eq(stockLots.batchNo, BATCH)))
      .get()!;
  const perStore = 6;
  receiveWarehouseStock(distributor, sku.id, {
    requestId: newId(),
    qty: perStore * stores.length + 12,
    unit: "base",
    costFen: undefined,
    batchNo: BATCH,
    expiryDate: "2027-04-30",
  });
  const warehouseLot = lotOf(distributor.org.id, sku.id);
  const now = alliance.clock.now();
  inTransaction(db, (tx) =>
    recordLotSource(
      tx,
      {
        orgId: distributor.org.id,
        lotId: warehouseLot.id,
        sourceKind: "supplier_batch",
        sourceOrgId: alliance.org.id,
        sourceId: batchId,
        qty: warehouseLot.onHand,
        refType: "supplier_order",
        refId: order.id,
      },
      now,
    ),
  );
  stores.forEach((store, i) => {
    const product = shelves[i]!.find((p) => p.barcode === sku.barcode)!;
    receiveStock(store, product.id, {
      requestId: newId(),
      qty: perStore,
      unit: "base",
      costFen: sku.costFen,
      batchNo: BATCH,
      expiryDate: "2027-04-30",
    });
    const lot = lotOf(store.org.id, product.id);
    inTransaction(db, (tx) =>
      recordLotSource(
        tx,
        {
          orgId: store.org.id,
          lotId: lot.id,
          sourceKind: "stock_lot",
          sourceOrgId: distributor.org.id,
          sourceId: warehouseLot.id,
          qty: perStore,
          refType: "seed_delivery",
          refId: `${warehouseLot.id}:${store.org.id}`,
        },
        now,
      ),
    );
  });
  const { recallId } = flagRecall(
    alliance,
    flagRecallSchema.parse({
      requestId: newId(),
      source: `supplier_batch:${batchId}`,
      reason: "供应商通报：该批次抽检菌落总数超标",
      returnNote: "下一趟配送车由司机带回县仓",
    }),
  );
  if (stores[1]) confirmRecall(stores[1], recallId, { requestId: newId() });
  const run = nextRunOf(db, distributor, stores[0]!);
  if (run?.status === "out_for_delivery" && stores[1])
    pickUpRecalled(distributor, run.id, {
      requestId: newId(),
      lotId: lotOf(stores[1].org.id, shelves[1]!.find((p) => p.barcode === sku.barcode)!.id).id,
      qty: perStore,
    });
}

/**
 * The store's route's next run (not completed), where the recall return shows. At an hour when
 * the route has none, the store orders one pack of its distributor's first stocked SKU: the
 * order is placed on the route's next open run, as any order would be.
 */
function nextRunOf(db: Db, distributor: Ctx, store: Ctx) {
  const link = db
    .select({ routeId: distributorLinks.routeId })
    .from(distributorLinks)
    .where(
      and(eq(distributorLinks.distributorOrgId, distributor.org.id), eq(distributorLinks.storeOrgId, store.org.id)),
    )
    .get();
  if (!link?.routeId) return null;
  const find = () =>
    db
      .select()
      .from(deliveryRuns)
      .where(
        and(
          eq(deliveryRuns.orgId, distributor.org.id),
          eq(deliveryRuns.routeId, link.routeId!),
          ne(deliveryRuns.status, "completed"),
        ),
      )
      .orderBy(asc(deliveryRuns.deliveryDate))
      .get();
  const found = find();
  if (found) return found;
  const item = storeCatalog(store, distributor.org.id).items.find((i) => i.availablePacks >= i.minOrderPacks);
  if (!item) return null;
  const { orderId } = submitOrder(store, {
    requestId: newId(),
    distributorOrgId: distributor.org.id,
    lines: [{ productId: item.productId, packs: item.minOrderPacks, priceFen: item.casePriceFen }],
  });
  confirmOrder(distributor, orderId, { requestId: newId() });
  return find() ?? null;
}
