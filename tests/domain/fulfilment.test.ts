import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  accountEntries,
  catalogItems,
  deliveryRuns,
  products,
  restockOrderLines,
  restockOrders,
  stateTransitions,
  stockMovements,
} from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { completeRun } from "~/domain/fulfilment/complete-run.server";
import { deliverStop, deliverStopSchema } from "~/domain/fulfilment/deliver-stop.server";
import { dispatchRun } from "~/domain/fulfilment/dispatch-run.server";
import { failStop } from "~/domain/fulfilment/fail-stop.server";
import { getRun, orderTimeline } from "~/domain/fulfilment/get-run.server";
import { listRuns } from "~/domain/fulfilment/list-runs.server";
import { manifest } from "~/domain/fulfilment/manifest.server";
import { packingLists } from "~/domain/fulfilment/packing-lists.server";
import { pickList } from "~/domain/fulfilment/pick-list.server";
import { recordPicks, recordPicksSchema } from "~/domain/fulfilment/record-picks.server";
import { startPicking } from "~/domain/fulfilment/start-picking.server";
import { createTestDb } from "../support/db";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { ledgerViolations } from "../support/ledger";
import { dbSnapshot } from "../support/snapshot";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const rid = () => ({ requestId: newId() });
const TUESDAY = "2030-01-01";

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return { name: error.name, key: error.key, status: error.status, fields: Object.keys(error.fieldErrors) };
    throw error;
  }
  throw new Error("expected a domain error");
}

const reservedOf = (productId: string) =>
  db.select().from(catalogItems).where(eq(catalogItems.productId, productId)).get()!.reserved;
const onHandOf = (productId: string) => db.select().from(products).where(eq(products.id, productId)).get()!.onHand;
const orderOf = (id: string) => db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!;
const linesOf = (id: string) => db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, id)).all();
const picks = (ctx: Ctx, runId: string, orderId: string, picked: Record<string, string>, shortfall = "backorder") =>
  recordPicks(
    ctx,
    runId,
    recordPicksSchema.parse({
      ...rid(),
      orderId,
      shortfall,
      ...Object.fromEntries(Object.entries(picked).map(([k, v]) => [`picked.${k}`, v])),
    }),
  );

/** Three stores in stop order 1..3; store i orders (i+1) packs of each of three SKUs, except the last skips SKU 0. */
async function scenario(paymentTerms: "cod" | "account" = "cod") {
  const r = await makeDeliveryRoute(db, { stores: 3, skus: 3, stockPacks: 20, paymentTerms, deliveryDate: TUESDAY });
  const orders = r.stores.map((s, i) =>
    makeConfirmedOrder(r.distributor.ctx, {
      linkId: s.linkId,
      deliveryDate: TUESDAY,
      lines: r.skus.filter((_, k) => !(i === 2 && k === 0)).map((sku) => ({ sku, packs: i + 1 })),
    }),
  );
  return { ...r, orders, runId: orders[0].runId! };
}

describe("pick list, packing lists and manifest", () => {
  it("consolidates per SKU, sorted by shelf, with the per-store split in stop order", async () => {
    const s = await scenario();
    const { items, totalPacks } = pickList(s.distributor.ctx, s.runId);
    // Shelves were numbered backwards: SKU 2 is on A-01, first in the walk.
    expect(items.map((i) => i.shelfLocation)).toEqual(["A-01", "A-02", "A-03"]);
    expect(items.map((i) => i.productId)).toEqual([s.skus[2].id, s.skus[1].id, s.skus[0].id]);
    expect(items.map((i) => i.totalPacks)).toEqual([6, 6, 3]);
    expect(totalPacks).toBe(15);
    expect(items[0].stops.map((x) => [x.storeName, x.packs])).toEqual(s.stores.map((st, i) => [st.org.name, i + 1]));
    expect(items[2].stops).toHaveLength(2);

    const { lists } = packingLists(s.distributor.ctx, s.runId);
    expect(lists.map((l) => l.storeName)).toEqual(s.stores.map((st) => st.org.name));
    expect(lists[2].lines.map((l) => l.shelfLocation)).toEqual(["A-01", "A-02"]);

    const m = manifest(s.distributor.ctx, s.runId);
    expect(m.stops.map((x) => [x.stop, x.contactPhone, x.village])).toEqual([
      [1, "13700000000", "第1村"],
      [2, "13700000001", "第2村"],
      [3, "13700000002", "第3村"],
    ]);
    expect(m.stops[0].dueFen).toBe(1000 + 1001 + 1002);
    expect(m.totalDueFen).toBe(s.orders.reduce((n, o) => n + o.totalFen, 0));

    const listed = listRuns(s.distributor.ctx, { date: TUESDAY }).runs;
    expect(listed).toEqual([
      expect.objectContaining({ id: s.runId, orderCount: 3, totalFen: m.totalDueFen, status: "planned" }),
    ]);
  });

  it("stores on account owe nothing at the door", async () => {
    const s = await scenario("account");
    expect(
      manifest(s.distributor.ctx, s.runId).stops.every((x) => x.dueFen === 0 && x.paymentTerms === "account"),
    ).toBe(true);
  });

  it("another distributor's run is NotFound everywhere", async () => {
    const s = await scenario();
    const other = await makeDeliveryRoute(db, { stores: 0, skus: 0 });
    const ctx = other.distributor.ctx;
    for (const fn of [
      () => pickList(ctx, s.runId),
      () => packingLists(ctx, s.runId),
      () => manifest(ctx, s.runId),
      () => getRun(ctx, s.runId),
      () => startPicking(ctx, s.runId, rid()),
    ]) {
      expect(errorOf(fn).status).toBe(404);
    }
    expect(errorOf(() => orderTimeline(ctx, s.orders[0].id)).status).toBe(404);
    expect(listRuns(ctx).runs).toEqual([]);
  });
});

describe("a run from picking to completion", () => {
  it("short picks: backorder to the next run, or cancel the rest; dispatch moves stock and releases reservations", async () => {
    const s = await scenario();
    const ctx = s.distributor.ctx;
    const [sku0, sku1, sku2] = s.skus;
    expect(reservedOf(sku1.id)).toBe(6 * 12);

    // Picks cannot be recorded before picking starts.
    expect(errorOf(() => picks(ctx, s.runId, s.orders[0].id, {})).key).toBe("fulfilment.notPicking");
    expect(startPicking(ctx, s.runId, rid()).orders).toBe(3);
    expect(orderOf(s.orders[0].id).status).toBe("picking");

    // Store 2 (2 packs each) gets 0 of SKU 1: backordered.
    const l2 = linesOf(s.orders[1].id);
    const short1 = l2.find((l) => l.productId === sku1.id)!;
    const res = picks(ctx, s.runId, s.orders[1].id, { [short1.id]: "0" }, "backorder");
    expect(res.backorderDate).toBe("2030-01-04");
    const back = orderOf(res.backorderId!);
    expect(back).toMatchObject({
      status: "confirmed",
      backorderOf: s.orders[1].id,
      storeOrgId: s.stores[1].org.id,
      totalFen: 2 * 1001,
    });
    expect(back.deliveryCode).toMatch(/^\d{6}$/);
    const nextRun = db.select().from(deliveryRuns).where(eq(deliveryRuns.id, back.runId!)).get()!;
    expect(nextRun).toMatchObject({ deliveryDate: "2030-01-04", status: "planned" });
    expect(orderOf(s.orders[1].id).totalFen).toBe(2 * 1000 + 2 * 1002);
    // The short packs moved from the original's reservation to the backorder's: the same total.
    expect(reservedOf(sku1.id)).toBe(6 * 12);

    // Store 3 (3 packs each of SKU 1, 2) gets 1 of SKU 2: the rest is cancelled.
    const l3 = linesOf(s.orders[2].id);
    const short2 = l3.find((l) => l.productId === sku2.id)!;
    picks(ctx, s.runId, s.orders[2].id, { [short2.id]: "1" }, "cancel");
    expect(reservedOf(sku2.id)).toBe((6 - 2) * 12);

    // More than ordered is refused, per line; a second entry too.
    const l1 = linesOf(s.orders[0].id);
    const before = dbSnapshot(db);
    expect(errorOf(() => picks(ctx, s.runId, s.orders[0].id, { [l1[0].id]: "2" }))).toMatchObject({
      key: "fulfilment.pickedTooMany",
      fields: [`picked.${l1[0].id}`],
    });
    expect(errorOf(() => picks(ctx, s.runId, s.orders[2].id, {})).key).toBe("fulfilment.picksRecorded");
    expect(dbSnapshot(db)).toEqual(before);

    const stock0 = [sku0, sku1, sku2].map((k) => onHandOf(k.id));
    const result = dispatchRun(ctx, s.runId, rid());
    expect(result).toEqual({ id: s.runId, shipped: 3, cancelled: 0 });
    // Picked: sku0 1+2 packs, sku1 1+0+3, sku2 1+2+1; store 1's lines were not entered, so picked in full.
    expect([sku0, sku1, sku2].map((k, i) => stock0[i] - onHandOf(k.id))).toEqual([3 * 12, 4 * 12, 4 * 12]);
    // Only the backorder's packs stay reserved.
    expect([sku0, sku1, sku2].map((k) => reservedOf(k.id))).toEqual([0, 2 * 12, 0]);
    expect(ledgerViolations(db)).toEqual([]);
    const sale = db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.refId, s.orders[0].id), eq(stockMovements.kind, "sale")))
      .all();
    expect(sale.map((m) => m.refType)).toEqual(["restock_order", "restock_order", "restock_order"]);

    // The store reads why on the order's timeline.
    const reasons = orderTimeline(ctx, s.orders[1].id).map((t) => t.reason);
    expect(reasons).toContain("缺货 2 箱，已转到 1月4日周五的配送");
    expect(orderTimeline(ctx, s.orders[2].id).at(-1)).toMatchObject({
      to: "out_for_delivery",
      reason: "缺货 2 箱，缺的部分已取消",
    });
    expect(orderTimeline(ctx, back.id)[0]).toMatchObject({
      to: "confirmed",
      reason: "1月1日周二的配送缺货的部分，改在这一趟送",
    });
  });

  it("an order with nothing picked is cancelled at dispatch, with the reason", async () => {
    const s = await scenario();
    const ctx = s.distributor.ctx;
    startPicking(ctx, s.runId, rid());
    const all0 = Object.fromEntries(linesOf(s.orders[2].id).map((l) => [l.id, "0"]));
    picks(ctx, s.runId, s.orders[2].id, all0, "cancel");
    expect(dispatchRun(ctx, s.runId, rid())).toMatchObject({ shipped: 2, cancelled: 1 });
    expect(orderOf(s.orders[2].id)).toMatchObject({ status: "cancelled", totalFen: 0 });
    expect(orderTimeline(ctx, s.orders[2].id).at(-1)?.reason).toBe("全部缺货，订单已取消");
    expect(s.skus.map((k) => reservedOf(k.id))).toEqual([0, 0, 0]);
    expect(manifest(ctx, s.runId).stops).toHaveLength(2);
  });

  it("delivery: the code or a signature; a wrong code writes nothing; account entries; failed stops; completion", async () => {
    const s = await scenario();
    const driver = s.distributor.ctx;
    startPicking(driver, s.runId, rid());
    const deliver = (orderId: string, form: Record<string, string>) =>
      deliverStop(driver, s.runId, deliverStopSchema.parse({ ...rid(), orderId, ...form }));
    // Not on the road yet.
    expect(errorOf(() => deliver(s.orders[0].id, { code: s.orders[0].deliveryCode })).key).toBe(
      "fulfilment.notOnTheRoad",
    );
    dispatchRun(driver, s.runId, rid());

    const before = dbSnapshot(db);
    const wrong = s.orders[0].deliveryCode === "000000" ? "111111" : "000000";
    expect(errorOf(() => deliver(s.orders[0].id, { code: wrong, signedBy: "张三" }))).toMatchObject({
      status: 400,
      key: "fulfilment.wrongCode",
      fields: ["code"],
    });
    expect(errorOf(() => deliver(s.orders[0].id, {})).key).toBe("fulfilment.proofRequired");
    expect(deliverStopSchema.safeParse({ ...rid(), orderId: "x", code: "12ab" }).success).toBe(false);
    expect(dbSnapshot(db)).toEqual(before);

    deliver(s.orders[0].id, { code: s.orders[0].deliveryCode, cashFen: "30.03", method: "cash" });
    expect(orderOf(s.orders[0].id)).toMatchObject({ status: "delivered", codCollectedFen: 3003 });
    const entries = db.select().from(accountEntries).where(eq(accountEntries.orderId, s.orders[0].id)).all();
    expect(entries.map((e) => [e.kind, e.amountFen, e.method])).toEqual([
      ["order", 3003, null],
      ["payment", -3003, "cash"],
    ]);
    // Delivered twice: refused.
    expect(errorOf(() => deliver(s.orders[0].id, { code: s.orders[0].deliveryCode })).key).toBe(
      "fulfilment.stopClosed",
    );

    deliver(s.orders[1].id, { signedBy: "李四" });
    expect(orderOf(s.orders[1].id).signedBy).toBe("李四");
    expect(db.select().from(accountEntries).where(eq(accountEntries.orderId, s.orders[1].id)).all()).toHaveLength(1);

    // Cannot complete with a stop open.
    expect(errorOf(() => completeRun(driver, s.runId, rid()))).toMatchObject({
      key: "fulfilment.stopsOpen",
      status: 409,
    });

    // Stop 3 failed: goods back on the ledger, redelivered on the next run.
    const stock = s.skus.map((k) => onHandOf(k.id));
    const failed = failStop(driver, s.runId, {
      ...rid(),
      orderId: s.orders[2].id,
      reason: "店门关着",
      then: "redeliver",
    });
    expect(failed.redeliveryDate).toBe("2030-01-04");
    expect(s.skus.map((k, i) => onHandOf(k.id) - stock[i])).toEqual([0, 36, 36]);
    expect(s.skus.map((k) => reservedOf(k.id))).toEqual([0, 36, 36]);
    expect(orderOf(s.orders[2].id).status).toBe("cancelled");
    expect(orderTimeline(driver, s.orders[2].id).at(-1)?.reason).toBe("没有送到：店门关着。改到 1月4日周五重新配送");
    expect(db.select().from(accountEntries).where(eq(accountEntries.orderId, s.orders[2].id)).all()).toEqual([]);
    expect(ledgerViolations(db)).toEqual([]);

    completeRun(driver, s.runId, rid());
    const run = getRun(driver, s.runId);
    expect(run.run.status).toBe("completed");
    expect(run.timeline.map((t) => t.to)).toEqual(["planned", "picking", "out_for_delivery", "completed"]);
  });

  it("illegal run and order transitions are refused and recorded nowhere", async () => {
    const s = await scenario();
    const ctx = s.distributor.ctx;
    const count = () => db.select().from(stateTransitions).all().length;
    const n = count();
    expect(errorOf(() => dispatchRun(ctx, s.runId, rid()))).toMatchObject({ name: "InvalidTransition", status: 409 });
    expect(errorOf(() => completeRun(ctx, s.runId, rid())).name).toBe("InvalidTransition");
    expect(count()).toBe(n);
    startPicking(ctx, s.runId, rid());
    expect(errorOf(() => startPicking(ctx, s.runId, rid())).name).toBe("InvalidTransition");
    expect(
      errorOf(() => failStop(ctx, s.runId, { ...rid(), orderId: s.orders[0].id, reason: "x", then: "return" })).key,
    ).toBe("fulfilment.notOnTheRoad");
  });

  it("a retried request gives the first answer and writes once", async () => {
    const s = await scenario();
    const ctx = s.distributor.ctx;
    const key = rid();
    startPicking(ctx, s.runId, key);
    expect(startPicking(ctx, s.runId, key)).toEqual({ id: s.runId, orders: 3 });
  });
});
