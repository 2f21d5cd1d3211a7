import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { catalogItems, restockOrders } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { fixedClock } from "../../app/domain/dates";
import { DomainError } from "../../app/domain/errors";
import { newId } from "../../app/domain/ids.server";
import { orderMachine } from "../../app/domain/machines";
import { recomputeDemand } from "../../app/domain/analysis/rollups.server";
import { unreadNotices } from "../../app/domain/alliances/notices.server";
import { runOrders } from "../../app/domain/fulfilment/run-rows.server";
import { startPicking } from "../../app/domain/fulfilment/start-picking.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import { may } from "../../app/domain/permission-check.server";
import { cancelConfirmedOrder } from "../../app/domain/restock/cancel-confirmed-order.server";
import { confirmOrder } from "../../app/domain/restock/confirm-order.server";
import { rejectOrder } from "../../app/domain/restock/reject-order.server";
import { getOrder } from "../../app/domain/restock/get-order.server";
import { ORDER_PROCESS } from "../../app/domain/restock/order-process.server";
import { submitOrder } from "../../app/domain/restock/submit-order.server";
import { en } from "../../app/i18n/en";
import { provideDictionary } from "../../app/i18n/messages";
import { createTestDb } from "../support/db";
import { addStaff, makeDeliveryRoute } from "../support/distribution";
import { dbSnapshot } from "../support/snapshot";
import { at, cartInput, MONDAY_MORNING, MONDAY_NIGHT, submitAndConfirm, TUESDAY } from "../support/restock";

provideDictionary("en", en);

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { status: error.status, key: error.key };
    throw error;
  }
  throw new Error("expected a domain error");
}

/** Refused, and not one row anywhere changed. */
function refusedWithoutWriting(fn: () => unknown) {
  const before = dbSnapshot(db);
  const error = errorOf(fn);
  expect(dbSnapshot(db)).toEqual(before);
  return error;
}

const reservedOf = (productId: string) =>
  db.select().from(catalogItems).where(eq(catalogItems.productId, productId)).get()!.reserved;

function demandRows(distributorOrgId: string) {
  return db.all(
    sql`SELECT * FROM demand_weekly WHERE distributor_org_id = ${distributorOrgId} ORDER BY week, product_id, store_org_id`,
  );
}

async function world() {
  const r = await makeDeliveryRoute(db, {
    stores: 2,
    skus: 2,
    stockPacks: 10,
    deliveryDate: TUESDAY,
    clock: fixedClock(MONDAY_NIGHT),
  });
  const dist = r.distributor.ctx;
  const store = r.stores[0].ctx;
  const keep = submitAndConfirm(r.stores[1].ctx, dist, [{ sku: r.skus[0], packs: 1 }]);
  const order = submitAndConfirm(store, dist, [
    { sku: r.skus[0], packs: 3 },
    { sku: r.skus[1], packs: 2 },
  ]);
  return { ...r, dist, store, keep, order };
}

const cancel = (ctx: Ctx, orderId: string, requestId = newId(), reason = "这条线路本周停运") =>
  cancelConfirmedOrder(ctx, orderId, { requestId, reason });

describe("the distributor cancels a confirmed order", () => {
  it("releases the reservation, corrects demand, leaves the run, tells the store, and shows the reason on both timelines", async () => {
    const w = await world();
    expect(reservedOf(w.skus[0].id)).toBe((1 + 3) * 12);
    expect(reservedOf(w.skus[1].id)).toBe(2 * 12);

    cancel(w.dist, w.order.orderId);

    const order = db.select().from(restockOrders).where(eq(restockOrders.id, w.order.orderId)).get()!;
    expect(order).toMatchObject({ status: "cancelled", runId: null });
    expect(reservedOf(w.skus[0].id)).toBe(1 * 12); // only the other store's pack is still held
    expect(reservedOf(w.skus[1].id)).toBe(0);
    // The demand rollup, kept in the same transaction, equals a rebuild from the orders.
    const maintained = demandRows(w.dist.org.id);
    recomputeDemand(db, w.dist.org.id);
    expect(maintained).toEqual(demandRows(w.dist.org.id));
    expect(maintained).toHaveLength(1);
    // The run no longer carries it; the other store's order is still on it.
    expect(runOrders(db, w.dist, w.keep.runId).map((o) => o.id)).toEqual([w.keep.orderId]);
    // The store is told on its home page, in its reader's language.
    expect(unreadNotices(w.store).map((n) => [n.text, n.link])).toEqual([
      [
        `${w.distributor.org.name} 取消了你1月8日周二送货的进货订单：这条线路本周停运。预留的货已释放。`,
        `/store/restock/orders/${w.order.orderId}`,
      ],
    ]);
    expect(unreadNotices(w.stores[1].ctx)).toEqual([]);
    for (const side of [w.store, w.dist]) {
      expect(getOrder(side, w.order.orderId).timeline.at(-1)).toMatchObject({
        from: "confirmed",
        to: "cancelled",
        reason: "配送商取消了订单：这条线路本周停运",
      });
    }
    expect(getOrder({ ...w.store, locale: "en" }, w.order.orderId).timeline.at(-1)?.reason).toBe(
      "Cancelled by the distributor: 这条线路本周停运",
    );
  });

  it("a retried request gives the first answer and writes nothing more", async () => {
    const w = await world();
    const requestId = newId();
    const first = cancel(w.dist, w.order.orderId, requestId);
    const before = dbSnapshot(db);
    expect(cancel(w.dist, w.order.orderId, requestId)).toEqual(first);
    expect(dbSnapshot(db)).toEqual(before);
  });

  it("refuses an order that is not confirmed, a missing reason, and another distributor, writing nothing", async () => {
    const w = await world();
    const submitted = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [{ sku: w.skus[1], packs: 1 }]),
    );
    expect(refusedWithoutWriting(() => cancel(w.dist, submitted.orderId))).toMatchObject({
      status: 409,
      key: "restock.cancelOnlyConfirmed",
    });
    expect(() => cancel(w.dist, w.order.orderId, newId(), "")).toThrow();
    cancel(w.dist, w.order.orderId);
    expect(refusedWithoutWriting(() => cancel(w.dist, w.order.orderId))).toMatchObject({ status: 409 });
    startPicking(w.dist, w.keep.runId, { requestId: newId() });
    expect(refusedWithoutWriting(() => cancel(w.dist, w.keep.orderId))).toMatchObject({
      status: 409,
      key: "restock.cancelOnlyConfirmed",
    });
    const rival = await makeDeliveryRoute(db, { stores: 1, skus: 1, deliveryDate: TUESDAY });
    expect(refusedWithoutWriting(() => cancel(rival.distributor.ctx, w.keep.orderId))).toMatchObject({ status: 404 });
  });

  it("refuses the warehouse, the driver and the store: only the admin may", async () => {
    const w = await world();
    const warehouse = (await addStaff(db, w.distributor.org, "warehouse")).ctx;
    const driver = (await addStaff(db, w.distributor.org, "driver")).ctx;
    for (const ctx of [warehouse, driver, w.store]) {
      expect(refusedWithoutWriting(() => cancel(ctx, w.order.orderId))).toMatchObject({ status: 403 });
    }
    expect(
      db
        .select()
        .from(restockOrders)
        .where(and(eq(restockOrders.id, w.order.orderId), eq(restockOrders.status, "confirmed")))
        .get(),
    ).toBeTruthy();
  });
});

describe("the order process", () => {
  it("declares what every move of the order machine does, and nothing the machine does not allow", () => {
    const moves = Object.entries(orderMachine.transitions).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`));
    const declared = Object.keys(ORDER_PROCESS).filter((m) => !m.startsWith("new>"));
    expect(declared.sort()).toEqual(moves.sort());
    expect(Object.keys(ORDER_PROCESS).filter((m) => m.startsWith("new>"))).toEqual(["new>submitted", "new>confirmed"]);
  });
});

describe("who may move an order", () => {
  it("a job (the system actor) cannot confirm, reject or cancel an order; only the close may place a campaign's member order", async () => {
    const w = await world();
    const job = systemCtx(db, w.distributor.org.id, fixedClock(MONDAY_NIGHT));
    const submitted = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [{ sku: w.skus[1], packs: 1 }]),
    );
    expect(refusedWithoutWriting(() => confirmOrder(job, submitted.orderId, { requestId: newId() }))).toMatchObject({
      status: 403,
    });
    expect(
      refusedWithoutWriting(() => rejectOrder(job, submitted.orderId, { requestId: newId(), reason: "x" })),
    ).toMatchObject({ status: 403 });
    expect(refusedWithoutWriting(() => cancel(job, w.order.orderId))).toMatchObject({ status: 403 });
    expect(may(job, "order.placeForCampaign")).toBe(true);
    expect(may(w.dist, "order.placeForCampaign")).toBe(false);
  });
});
