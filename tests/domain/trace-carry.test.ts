import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { lotSources, restockOrderLines, shippedLots, stockLots } from "@db/schema";
import { fixedClock } from "~/domain/dates";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { dispatchRun } from "~/domain/fulfilment/dispatch-run.server";
import { deliverStop, deliverStopSchema } from "~/domain/fulfilment/deliver-stop.server";
import { startPicking } from "~/domain/fulfilment/start-picking.server";
import { getOrder } from "~/domain/restock/get-order.server";
import { receiveOrder } from "~/domain/restock/receive-order.server";
import { warehouseReceiptSchema } from "~/domain/trace/warehouse-receipt.server";
import { makeAlliance } from "../support/alliance";
import { createTestDb } from "../support/db";
import { makeDeliveryRoute } from "../support/distribution";
import { ledgerViolations } from "../support/ledger";
import { MONDAY_NIGHT, submitAndConfirm, TUESDAY } from "../support/restock";
import { dbSnapshot } from "../support/snapshot";
import { deliveredSupplierBatch, warehouseLot } from "../support/trace";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

function refusedWithoutWriting(fn: () => unknown) {
  const before = dbSnapshot(db);
  try {
    fn();
  } catch (error) {
    expect(dbSnapshot(db)).toEqual(before);
    if (error instanceof DomainError) return { key: error.key, status: error.status };
    throw error;
  }
  throw new Error("expected a domain error");
}

const lotsOf = (orgId: string, productId: string) =>
  db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.orgId, orgId), eq(stockLots.productId, productId)))
    .all()
    .sort((a, b) => a.expiryDate.localeCompare(b.expiryDate));

/**
 * A warehouse with one SKU (12 per pack) in two lots (3 packs late, 2 early; the late one received first). Store
 * A orders 3 packs, store B 1; the run is picked, dispatched and delivered.
 */
async function shipped() {
  const r = await makeDeliveryRoute(db, {
    stores: 2,
    skus: 1,
    stockPacks: 0,
    deliveryDate: TUESDAY,
    clock: fixedClock(MONDAY_NIGHT),
  });
  const dist = r.distributor.ctx;
  const [a, b] = r.stores;
  const sku = r.skus[0];
  warehouseLot(dist, sku.id, 3, { batchNo: "W-LATE", expiryDate: "2030-09-30" });
  warehouseLot(dist, sku.id, 2, { batchNo: "W-EARLY", expiryDate: "2030-03-31" });
  const orderA = submitAndConfirm(a.ctx, dist, [{ sku, packs: 3 }]);
  const orderB = submitAndConfirm(b.ctx, dist, [{ sku, packs: 1 }]);
  startPicking(dist, orderA.runId, { requestId: newId() });
  const dispatch = { requestId: newId() };
  dispatchRun(dist, orderA.runId, dispatch);
  for (const order of [orderA, orderB]) {
    const code = getOrder(order === orderA ? a.ctx : b.ctx, order.orderId).order.deliveryCode;
    deliverStop(dist, orderA.runId, deliverStopSchema.parse({ requestId: newId(), orderId: order.orderId, code }));
  }
  const lineOf = (orderId: string) =>
    db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orderId)).get()!;
  return { r, dist, a, b, sku, orderA, orderB, dispatch, lineA: lineOf(orderA.orderId), lineB: lineOf(orderB.orderId) };
}

describe("carrying shipped lots through (dispatch → order line → store receipt)", () => {
  it("dispatch takes warehouse lots first-expiring-first and records them on each line", async () => {
    const w = await shipped();
    const rows = (lineId: string) =>
      db
        .select()
        .from(shippedLots)
        .where(eq(shippedLots.lineId, lineId))
        .all()
        .map((s) => [s.batchNo, s.expiryDate, s.qty])
        .sort();
    // A's 36 units: all 24 of the early lot, then 12 of the late; B's 12 come from the late lot.
    expect(rows(w.lineA.id)).toEqual([
      ["W-EARLY", "2030-03-31", 24],
      ["W-LATE", "2030-09-30", 12],
    ]);
    expect(rows(w.lineB.id)).toEqual([["W-LATE", "2030-09-30", 12]]);
    expect(lotsOf(w.dist.org.id, w.sku.id).map((l) => [l.batchNo, l.onHand])).toEqual([
      ["W-EARLY", 0],
      ["W-LATE", 12],
    ]);

    // The same dispatch request again: nothing more is taken or recorded.
    const before = dbSnapshot(db);
    dispatchRun(w.dist, w.orderA.runId, w.dispatch);
    expect(dbSnapshot(db)).toEqual(before);
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("the store's receipt books the carried batches and expiries and writes warehouse lot → store lot edges", async () => {
    const w = await shipped();
    const order = getOrder(w.a.ctx, w.orderA.orderId);
    expect(order.lines[0]!.lots.map((l) => l.batchNo)).toEqual(["W-EARLY", "W-LATE"]);
    const input = {
      requestId: newId(),
      // Typed values are ignored where the warehouse lot has its own.
      lines: [{ lineId: w.lineA.id, receivedPacks: 3, batchNo: "TYPED", expiryDate: "2031-01-01" }],
    };
    receiveOrder(w.a.ctx, w.orderA.orderId, input);
    const storeProductId = db.select().from(restockOrderLines).where(eq(restockOrderLines.id, w.lineA.id)).get()!
      .storeProductId!;
    const storeLots = lotsOf(w.a.org.id, storeProductId);
    expect(storeLots.map((l) => [l.batchNo, l.expiryDate, l.onHand])).toEqual([
      ["W-EARLY", "2030-03-31", 24],
      ["W-LATE", "2030-09-30", 12],
    ]);
    const warehouse = lotsOf(w.dist.org.id, w.sku.id);
    const edges = db.select().from(lotSources).where(eq(lotSources.orgId, w.a.org.id)).all();
    expect(
      edges.map((e) => [e.lotId, e.sourceKind, e.sourceOrgId, e.sourceId, e.qty, e.refType, e.refId]).sort(),
    ).toEqual(
      [
        [storeLots[0]!.id, "stock_lot", w.dist.org.id, warehouse[0]!.id, 24, "restock_order_line", w.lineA.id],
        [storeLots[1]!.id, "stock_lot", w.dist.org.id, warehouse[1]!.id, 12, "restock_order_line", w.lineA.id],
      ].sort(),
    );

    // A retried receipt writes nothing more.
    const before = dbSnapshot(db);
    receiveOrder(w.a.ctx, w.orderA.orderId, input);
    expect(dbSnapshot(db)).toEqual(before);
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("a short receipt keeps the first-expiring lots and drops the last one's shortfall", async () => {
    const w = await shipped();
    receiveOrder(w.a.ctx, w.orderA.orderId, {
      requestId: newId(),
      lines: [{ lineId: w.lineA.id, receivedPacks: 2, damagedPacks: 1 }],
    });
    const storeProductId = db.select().from(restockOrderLines).where(eq(restockOrderLines.id, w.lineA.id)).get()!
      .storeProductId!;
    expect(lotsOf(w.a.org.id, storeProductId).map((l) => [l.batchNo, l.onHand])).toEqual([["W-EARLY", 24]]);
    expect(db.select().from(lotSources).where(eq(lotSources.orgId, w.a.org.id)).all()).toMatchObject([{ qty: 24 }]);
  });

  it("another store sees none of a line's lots and cannot receive it", async () => {
    const w = await shipped();
    expect(getOrder(w.b.ctx, w.orderB.orderId).lines[0]!.lots.map((l) => l.batchNo)).toEqual(["W-LATE"]);
    expect(
      refusedWithoutWriting(() =>
        receiveOrder(w.b.ctx, w.orderA.orderId, {
          requestId: newId(),
          lines: [{ lineId: w.lineA.id, receivedPacks: 3 }],
        }),
      ),
    ).toMatchObject({ status: 404 });
  });
});

describe("the warehouse's receipt of a supplier batch", () => {
  it("books the batch's number and expiry and writes the edge supplier batch → warehouse lot", async () => {
    const alliance = await makeAlliance(db);
    const r = await makeDeliveryRoute(db, { stores: 1, skus: 1, stockPacks: 0 });
    const dist = r.distributor.ctx;
    const batch = deliveredSupplierBatch(db, alliance, dist, {
      batchNo: "SB-2401",
      productionDate: "2030-01-02",
      expiryDate: "2031-01-01",
    });
    const input = {
      requestId: newId(),
      qty: 5,
      unit: "pack" as const,
      costFen: undefined,
      batchNo: "TYPED",
      expiryDate: "",
      supplierBatchId: batch.batchId,
    };
    const { receiveWarehouseDelivery } = await import("~/domain/trace/warehouse-receipt.server");
    const done = receiveWarehouseDelivery(dist, batch.skuId, input);
    const lot = db.select().from(stockLots).where(eq(stockLots.id, done.lotId!)).get()!;
    expect(lot).toMatchObject({ orgId: dist.org.id, batchNo: "SB-2401", expiryDate: "2031-01-01", onHand: 60 });
    expect(db.select().from(lotSources).where(eq(lotSources.lotId, lot.id)).all()).toMatchObject([
      {
        orgId: dist.org.id,
        sourceKind: "supplier_batch",
        sourceOrgId: alliance.org.id,
        sourceId: batch.batchId,
        qty: 60,
        refType: "warehouse_receipt",
      },
    ]);
    const before = dbSnapshot(db);
    receiveWarehouseDelivery(dist, batch.skuId, input);
    expect(dbSnapshot(db)).toEqual(before);

    // Another distributor cannot name the batch, not even for a SKU with the same barcode.
    const other = await makeDeliveryRoute(db, { stores: 0, skus: 1, stockPacks: 0 });
    expect(
      refusedWithoutWriting(() =>
        receiveWarehouseDelivery(other.distributor.ctx, other.skus[0]!.id, { ...input, requestId: newId() }),
      ),
    ).toMatchObject({ status: 400, key: "trace.batchUnknown" });
    // Nor a store, nor the alliance: the permission is the warehouse's.
    expect(
      refusedWithoutWriting(() =>
        receiveWarehouseDelivery(alliance.ctx, batch.skuId, { ...input, requestId: newId() }),
      ),
    ).toMatchObject({ status: 403 });
    // A hostile batch id is refused at the edge.
    expect(warehouseReceiptSchema.safeParse({ ...input, qty: "1", supplierBatchId: "' OR 1=1 --" }).success).toBe(
      false,
    );
  });
});
