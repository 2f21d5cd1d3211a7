import { afterAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import {
  products,
  quarantinedLots,
  recallReturns,
  restockOrderLines,
  restockOrders,
  shippedLots,
  stateTransitions,
  stockLots,
  stockMovements,
} from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { listCatalog } from "~/domain/distribution/list-catalog.server";
import { storeCatalog } from "~/domain/distribution/store-catalog.server";
import { completeRun } from "~/domain/fulfilment/complete-run.server";
import { dispatchRun } from "~/domain/fulfilment/dispatch-run.server";
import { picksSheet } from "~/domain/fulfilment/packing-lists.server";
import { pickList } from "~/domain/fulfilment/pick-list.server";
import { recordPicks, recordPicksSchema } from "~/domain/fulfilment/record-picks.server";
import { startPicking } from "~/domain/fulfilment/start-picking.server";
import { bookInReturnSchema, flagRecallSchema, pickUpRecalledSchema } from "~/domain/recall/fields.server";
import { flagRecall } from "~/domain/recall/flag-recall.server";
import { releaseRecall } from "~/domain/recall/release-recall.server";
import { recallReport } from "~/domain/recall/report.server";
import { recallReportXlsx } from "~/domain/recall/report-xlsx.server";
import ExcelJS from "exceljs";
import { bookInReturn, pickUpRecalled, recallReturnsOfRun } from "~/domain/recall/run-returns.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { createTestDb } from "../support/db";
import { addStaff, makeDistributor } from "../support/distribution";
import { ledgerViolations } from "../support/ledger";
import { dbSnapshot } from "../support/snapshot";
import { nextRunOrder, recallWorld, RECALL_BATCH } from "../support/recall";
import { warehouseLot } from "../support/trace";

// Decision 046: a recall quarantines the warehouse's lots too (never shipped), and the units a
// holding store keeps apart come back on its next run: the driver counts them, the warehouse
// books them in (quarantined) or destroys them, and the report counts them as returned.

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

function refusedWithoutWriting(fn: () => unknown) {
  const before = dbSnapshot(db);
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect(dbSnapshot(db)).toEqual(before);
  return error as DomainError;
}

const flag = (ctx: Ctx, source: string, drill?: "on") =>
  flagRecall(ctx, flagRecallSchema.parse({ requestId: newId(), source, reason: "黄曲霉毒素超标", drill }));

const skuRow = (world: Awaited<ReturnType<typeof recallWorld>>) =>
  listCatalog(world.distributor.ctx).items.find((i) => i.id === world.sku.id)!;

const lotOnHand = (lotId: string) => db.select().from(stockLots).where(eq(stockLots.id, lotId)).get()!.onHand;

async function staff(world: Awaited<ReturnType<typeof recallWorld>>, role: "driver" | "warehouse") {
  const { ctx } = await addStaff(db, world.distributor.org, role);
  return { ...ctx, clock: world.clock };
}

describe("a recall reaches the distributor's warehouse", () => {
  it("takes the recalled lot out of available stock; dispatch short-picks to the clean stock, says why, never ships it", async () => {
    const world = await recallWorld(db, { stores: 2, received: 30, perStore: 10 });
    const dist = world.distributor.ctx;
    expect(skuRow(world)).toMatchObject({ onHand: 10, available: 10, quarantined: 0 });
    // Both stores order for the next run while the stock still looked good.
    const nextA = nextRunOrder(world, 0, 3);
    const nextB = nextRunOrder(world, 1, 2);
    expect(nextA.runId).not.toBe(world.runId);
    expect(nextB.runId).toBe(nextA.runId);

    flag(world.alliance.ctx, `supplier_batch:${world.batchId}`);
    expect(
      db.select().from(quarantinedLots).where(eq(quarantinedLots.lotId, world.warehouseLot.id)).get(),
    ).toBeTruthy();
    expect(skuRow(world)).toMatchObject({ onHand: 10, quarantined: 10, available: -5 });
    const offered = storeCatalog(world.stores[0]!.ctx, world.distributor.org.id).items;
    expect(offered.find((i) => i.productId === world.sku.id)!.availablePacks).toBe(0);

    // Two clean units arrive; the pick list shows the recalled ten apart, with the reason.
    warehouseLot(dist, world.sku.id, 2, { batchNo: "CLEAN-W", expiryDate: "2028-06-30" });
    const list = pickList(dist, nextA.runId);
    expect(list.items[0]!.recalled).toMatchObject({ units: 10, reason: "黄曲霉毒素超标" });

    startPicking(dist, nextA.runId, { requestId: newId() });
    // The picker entering quantities sees the same hold beside each store's line.
    expect(picksSheet(dist, nextA.runId).held[world.sku.id]).toMatchObject({ units: 10, reason: "黄曲霉毒素超标" });
    dispatchRun(dist, nextA.runId, { requestId: newId() });
    const lineOf = (orderId: string) =>
      db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orderId)).get()!;
    const orderOf = (orderId: string) => db.select().from(restockOrders).where(eq(restockOrders.id, orderId)).get()!;
    expect(lineOf(nextA.orderId).pickedPacks).toBe(2);
    expect(orderOf(nextA.orderId).status).toBe("out_for_delivery");
    expect(lineOf(nextB.orderId).pickedPacks).toBe(0);
    expect(orderOf(nextB.orderId).status).toBe("cancelled");
    for (const orderId of [nextA.orderId, nextB.orderId]) {
      const why = db
        .select()
        .from(stateTransitions)
        .where(and(eq(stateTransitions.entityId, orderId), eq(stateTransitions.entity, "order")))
        .all()
        .at(-1)!;
      expect(why.reasonKey).toBe("recall.reason.notShipped");
      expect(JSON.parse(why.reasonParams!)).toMatchObject({ reason: "黄曲霉毒素超标" });
    }
    // The recalled lot did not move; what shipped came from the clean lot only; nothing went negative.
    expect(lotOnHand(world.warehouseLot.id)).toBe(10);
    // Printed again once dispatched, the pick list says what the run was: no recall line on it.
    expect(pickList(dist, nextA.runId).items[0]!.recalled).toBeNull();
    expect(picksSheet(dist, nextA.runId).held).toEqual({});
    const shipped = db.select().from(shippedLots).where(eq(shippedLots.orderId, nextA.orderId)).all();
    expect(shipped.map((s) => [s.batchNo, s.qty])).toEqual([["CLEAN-W", 2]]);
    expect(db.select().from(products).where(eq(products.id, world.sku.id)).get()!.onHand).toBe(10);
    expect(skuRow(world)).toMatchObject({ reserved: 0, available: 0 });
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("clamps picks the picker entered too: recalled units stay on the shelf", async () => {
    const world = await recallWorld(db, { stores: 1, received: 10, perStore: 4 });
    const dist = world.distributor.ctx;
    const next = nextRunOrder(world, 0, 3);
    flag(world.alliance.ctx, `supplier_batch:${world.batchId}`);
    warehouseLot(dist, world.sku.id, 1, { batchNo: "CLEAN-W", expiryDate: "2028-06-30" });
    startPicking(dist, next.runId, { requestId: newId() });
    const line = db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, next.orderId)).get()!;
    recordPicks(
      dist,
      next.runId,
      recordPicksSchema.parse({ requestId: newId(), orderId: next.orderId, [`picked.${line.id}`]: "3" }),
    );
    dispatchRun(dist, next.runId, { requestId: newId() });
    expect(db.select().from(restockOrderLines).where(eq(restockOrderLines.id, line.id)).get()!.pickedPacks).toBe(1);
    expect(lotOnHand(world.warehouseLot.id)).toBe(6);
    expect(skuRow(world)).toMatchObject({ onHand: 6, reserved: 0, quarantined: 6 });
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("a drill quarantines nothing; releasing a recall lifts the warehouse's lot with who and why", async () => {
    const world = await recallWorld(db, { stores: 1, received: 20, perStore: 5 });
    flag(world.alliance.ctx, `supplier_batch:${world.batchId}`, "on");
    expect(db.select().from(quarantinedLots).where(eq(quarantinedLots.orgId, world.distributor.org.id)).all()).toEqual(
      [],
    );
    expect(skuRow(world).available).toBe(15);

    const { recallId } = flag(world.distributor.ctx, `stock_lot:${world.warehouseLot.id}`);
    expect(skuRow(world)).toMatchObject({ available: 0, quarantined: 15 });
    releaseRecall(world.distributor.ctx, recallId, { requestId: newId(), reason: "复检合格" });
    expect(skuRow(world)).toMatchObject({ available: 15, quarantined: 0 });
    expect(recallReport(world.distributor.ctx, recallId).events.at(-1)).toMatchObject({
      kind: "release",
      note: "复检合格",
      actor: world.distributor.user.name,
    });
  });
});

describe("recalled units come back on the store's next run", () => {
  it("lists the return on the next run, the driver confirms the count, the warehouse books it in; the report adds up", async () => {
    const world = await recallWorld(db, { stores: 2, received: 30, perStore: 10 });
    const [a, b] = world.stores;
    const dist = world.distributor.ctx;
    const driver = await staff(world, "driver");
    const keeper = await staff(world, "warehouse");
    recordSale(a!.ctx, { saleId: newId(), tender: "cash", lines: [{ productId: a!.product.id, qty: 3 }] });
    const { recallId } = flag(world.alliance.ctx, `supplier_batch:${world.batchId}`);
    completeRun(dist, world.runId, { requestId: newId() });
    warehouseLot(dist, world.sku.id, 5, { batchNo: "CLEAN-W", expiryDate: "2028-06-30" });
    const next = nextRunOrder(world, 0, 1);

    const lines = recallReturnsOfRun(dist, next.runId);
    expect(lines.map((l) => [l.storeName, l.expected, l.batchNo, l.reason, l.picked])).toEqual([
      [a!.org.name, 7, RECALL_BATCH, "黄曲霉毒素超标", null],
      [b!.org.name, 10, RECALL_BATCH, "黄曲霉毒素超标", null],
    ]);
    // The completed run carries nothing back.
    expect(recallReturnsOfRun(dist, world.runId)).toEqual([]);

    const pickUp = (ctx: Ctx, lotId: string, qty: string, requestId = newId()) =>
      pickUpRecalled(ctx, next.runId, pickUpRecalledSchema.parse({ requestId, lotId, qty }));
    // Not before the van is out.
    expect(refusedWithoutWriting(() => pickUp(driver, a!.lot.id, "7"))).toMatchObject({ status: 409 });
    startPicking(dist, next.runId, { requestId: newId() });
    dispatchRun(dist, next.runId, { requestId: newId() });
    // A later run of the route carries nothing back while this one is open.
    const later = nextRunOrder(world, 1, 1);
    expect(later.runId).not.toBe(next.runId);
    expect(recallReturnsOfRun(dist, later.runId)).toEqual([]);

    // Hostile: more than held, a lot not on the run, another distributor, the warehouse keeper.
    expect(refusedWithoutWriting(() => pickUp(driver, b!.lot.id, "11"))).toMatchObject({
      status: 400,
      key: "recall.moreThanHeld",
    });
    expect(refusedWithoutWriting(() => pickUp(driver, world.warehouseLot.id, "1"))).toMatchObject({ status: 404 });
    const stranger = await makeDistributor(db);
    expect(refusedWithoutWriting(() => pickUp(stranger.ctx, a!.lot.id, "1"))).toMatchObject({ status: 404 });
    expect(refusedWithoutWriting(() => pickUp(keeper, a!.lot.id, "1"))).toMatchObject({ status: 403 });

    const requestId = newId();
    const first = pickUp(driver, a!.lot.id, "7", requestId);
    expect(pickUp(driver, a!.lot.id, "7", requestId)).toEqual(first); // a retried tap
    expect(lotOnHand(a!.lot.id)).toBe(0);
    expect(db.select().from(quarantinedLots).where(eq(quarantinedLots.lotId, a!.lot.id)).get()).toBe(undefined);
    pickUp(driver, b!.lot.id, "6");
    expect(lotOnHand(b!.lot.id)).toBe(4);
    expect(refusedWithoutWriting(() => pickUp(driver, b!.lot.id, "4"))).toMatchObject({
      status: 409,
      key: "recall.run.alreadyPickedUp",
    });
    const picked = recallReturnsOfRun(dist, next.runId);
    expect(picked.map((l) => [l.storeName, l.picked?.qty, l.picked?.outcome])).toEqual([
      [a!.org.name, 7, null],
      [b!.org.name, 6, null],
    ]);

    // Back at the warehouse: A's units into the recalled lot (kept apart), B's destroyed.
    const idOf = (store: string) => picked.find((l) => l.storeName === store)!.picked!.id;
    const bookIn = (ctx: Ctx, returnId: string, outcome: string, requestId = newId()) =>
      bookInReturn(ctx, bookInReturnSchema.parse({ requestId, returnId, outcome }));
    expect(refusedWithoutWriting(() => bookIn(driver, idOf(a!.org.name), "quarantined"))).toMatchObject({
      status: 403,
    });
    expect(refusedWithoutWriting(() => bookIn(stranger.ctx, idOf(a!.org.name), "quarantined"))).toMatchObject({
      status: 404,
    });
    const bookRequest = newId();
    bookIn(keeper, idOf(a!.org.name), "quarantined", bookRequest);
    bookIn(keeper, idOf(a!.org.name), "quarantined", bookRequest); // retried
    expect(refusedWithoutWriting(() => bookIn(keeper, idOf(a!.org.name), "destroyed"))).toMatchObject({
      status: 409,
      key: "recall.returnBooked",
    });
    bookIn(keeper, idOf(b!.org.name), "destroyed");
    expect(lotOnHand(world.warehouseLot.id)).toBe(10 + 7);
    expect(
      db.select().from(quarantinedLots).where(eq(quarantinedLots.lotId, world.warehouseLot.id)).get(),
    ).toBeTruthy();
    const destroyed = db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.refType, "recall_return"), eq(stockMovements.refId, idOf(b!.org.name))))
      .all();
    expect(destroyed.map((m) => [m.kind, m.qty])).toEqual(
      expect.arrayContaining([
        ["return", 6],
        ["adjustment", -6],
      ]),
    );
    // The returned units never become available: clean 5 less the one shipped to A and one reserved for B.
    expect(skuRow(world)).toMatchObject({ onHand: 17 + 4, quarantined: 17, reserved: 1, available: 3 });
    expect(
      db
        .select()
        .from(recallReturns)
        .where(eq(recallReturns.recallId, recallId))
        .all()
        .map((r) => r.outcome),
    ).toEqual(expect.arrayContaining(["quarantined", "destroyed"]));

    const report = recallReport(world.alliance.ctx, recallId);
    expect(report.totals).toMatchObject({ received: 20, inStock: 4, sold: 3, returned: 13, destroyed: 0 });
    expect(report.totals.inStock + report.totals.sold + report.totals.returned + report.totals.destroyed).toBe(
      report.totals.received,
    );
    expect(report.backOnRuns).toEqual({ pickedUp: 13, quarantined: 7, destroyed: 6, awaiting: 0 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await recallReportXlsx(world.alliance.ctx, recallId)) as unknown as ArrayBuffer);
    const back = book.getWorksheet("回程带回")!;
    expect(back.getRow(2).values).toEqual([undefined, 13, 7, 6, 0]);
    expect(report.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["pickup", "book_in", "destroy"]));
    expect(ledgerViolations(db)).toEqual([]);
  });
});
