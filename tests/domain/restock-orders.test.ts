import { and, eq } from "drizzle-orm";
import "~/i18n/dictionaries.server";
import { translate } from "~/i18n/messages";
import { afterAll, describe, expect, it } from "vitest";
import {
  catalogItems,
  deliveryRuns,
  distributorLinks,
  products,
  restockOrderLines,
  restockOrders,
  stateTransitions,
} from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { requestLink } from "~/domain/distribution/request-link.server";
import { storeCatalog } from "~/domain/distribution/store-catalog.server";
import { startPicking } from "~/domain/fulfilment/start-picking.server";
import { cancelOrder } from "~/domain/restock/cancel-order.server";
import { confirmOrder } from "~/domain/restock/confirm-order.server";
import { getOrder } from "~/domain/restock/get-order.server";
import { listDistributorOrders, listStoreOrders } from "~/domain/restock/list-orders.server";
import { rejectOrder } from "~/domain/restock/reject-order.server";
import { repeatOrder } from "~/domain/restock/repeat-order.server";
import { submitOrder, submitOrderFormSchema } from "~/domain/restock/submit-order.server";
import { createTestDb } from "../support/db";
import { makeDeliveryRoute, makeDistributor, makeSku, stockSku } from "../support/distribution";
import { makeStore } from "../support/factories";
import { dbSnapshot } from "../support/snapshot";
import { fixedClock } from "../../app/domain/dates";
import { cartInput, FRIDAY, MONDAY_EVENING, MONDAY_MORNING, MONDAY_NIGHT, TUESDAY } from "../support/restock";
import { at } from "../support/clock";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const rid = () => ({ requestId: newId() });

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return { name: error.name, key: error.key, status: error.status, params: error.params };
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
const orderOf = (id: string) => db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!;
const transitionsOf = (id: string) =>
  db
    .select()
    .from(stateTransitions)
    .where(and(eq(stateTransitions.entity, "order"), eq(stateTransitions.entityId, id)))
    .all()
    .map((t) => [t.fromState, t.toState, t.reason]);

async function world(opts: { paymentTerms?: "cod" | "account"; stores?: number } = {}) {
  const r = await makeDeliveryRoute(db, {
    stores: opts.stores ?? 2,
    skus: 3,
    stockPacks: 10,
    paymentTerms: opts.paymentTerms ?? "cod",
    deliveryDate: TUESDAY,
    clock: fixedClock(MONDAY_NIGHT),
  });
  return { ...r, dist: r.distributor.ctx, store: r.stores[0].ctx, other: r.stores[1]?.ctx as Ctx };
}

describe("submitting an order", () => {
  it("snapshots the lines at the store's price, schedules the next delivery and records the creation", async () => {
    const w = await world();
    const input = cartInput(
      w.store,
      w.dist.org.id,
      [
        { sku: w.skus[0], packs: 2 },
        { sku: w.skus[1], packs: 1 },
      ],
      { note: "下午送" },
    );
    const result = submitOrder(at(w.store, MONDAY_MORNING), input);
    const order = orderOf(result.orderId);
    expect(order).toMatchObject({
      status: "submitted",
      deliveryDate: TUESDAY,
      storeOrgId: w.store.org.id,
      distributorOrgId: w.dist.org.id,
      paymentTerms: "cod",
      totalFen: 2 * 1000 + 1001,
      note: "下午送",
    });
    expect(order.deliveryCode).toMatch(/^\d{6}$/);
    const lines = db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, order.id)).all();
    expect(lines.map((l) => [l.productId, l.qtyPacks, l.casePriceFen, l.packSize, l.name])).toEqual(
      expect.arrayContaining([
        [w.skus[0].id, 2, 1000, 12, w.skus[0].name],
        [w.skus[1].id, 1, 1001, 12, w.skus[1].name],
      ]),
    );
    expect(transitionsOf(order.id)).toEqual([[null, "submitted", null]]);
    // Submitting reserves nothing: the distributor has not promised anything yet.
    expect(reservedOf(w.skus[0].id)).toBe(0);
  });

  it("a retried submit returns the first order and writes nothing more", async () => {
    const w = await world();
    const input = cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }]);
    const first = submitOrder(at(w.store, MONDAY_MORNING), input);
    const before = dbSnapshot(db);
    expect(submitOrder(at(w.store, MONDAY_MORNING), input)).toEqual(first);
    expect(dbSnapshot(db)).toEqual(before);
  });

  it("after the cut-off goes to the following delivery, and a cart that showed the earlier date is asked again", async () => {
    const w = await world();
    const stale = cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }], { deliveryDate: TUESDAY });
    expect(refusedWithoutWriting(() => submitOrder(at(w.store, MONDAY_EVENING), stale))).toMatchObject({
      status: 409,
      key: "restock.cutoffPassed",
      params: { date: FRIDAY },
    });
    const { orderId, deliveryDate } = submitOrder(at(w.store, MONDAY_EVENING), { ...stale, deliveryDate: FRIDAY });
    expect(deliveryDate).toBe(FRIDAY);
    expect(orderOf(orderId).deliveryDate).toBe(FRIDAY);
    expect(storeCatalog(at(w.store, MONDAY_EVENING), w.dist.org.id).next?.deliveryDate).toBe(FRIDAY);
  });

  it("refuses every kind of bad order with a clear reason and writes nothing", async () => {
    const w = await world();
    const stranger = await makeDistributor(db);
    const foreignSku = makeSku(stranger.ctx);
    const inactive = makeSku(w.dist, { active: false });
    stockSku(w.dist, inactive, 5);
    const minFive = makeSku(w.dist, { minOrderPacks: 5 });
    stockSku(w.dist, minFive, 20);
    const ok = (packs = 1) => cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs }]);

    expect(
      refusedWithoutWriting(() =>
        submitOrder(at(w.store, MONDAY_MORNING), { ...ok(), distributorOrgId: stranger.org.id }),
      ),
    ).toMatchObject({ status: 404, key: "restock.notLinked" });
    const pending = await makeStore(db);
    requestLink(pending.ctx, { distributorOrgId: w.dist.org.id, note: null });
    expect(refusedWithoutWriting(() => submitOrder(at(pending.ctx, MONDAY_MORNING), ok()))).toMatchObject({
      status: 403,
      key: "restock.notLinked",
    });
    expect(
      refusedWithoutWriting(() =>
        submitOrder(at(w.store, MONDAY_MORNING), {
          ...ok(),
          lines: [{ productId: foreignSku.id, packs: 1, priceFen: 8600 }],
        }),
      ),
    ).toMatchObject({ key: "restock.skuUnknown" });
    expect(
      refusedWithoutWriting(() =>
        submitOrder(at(w.store, MONDAY_MORNING), {
          ...ok(),
          lines: [{ productId: inactive.id, packs: 1, priceFen: 8600 }],
        }),
      ),
    ).toMatchObject({ status: 400, key: "restock.skuUnavailable" });
    expect(
      refusedWithoutWriting(() =>
        submitOrder(at(w.store, MONDAY_MORNING), cartInput(w.store, w.dist.org.id, [{ sku: minFive, packs: 4 }])),
      ),
    ).toMatchObject({ key: "restock.belowMinimum", params: { min: 5 } });
    expect(refusedWithoutWriting(() => submitOrder(at(w.store, MONDAY_MORNING), ok(11)))).toMatchObject({
      status: 409,
      key: "restock.notEnoughStock",
      params: { packs: 10 },
    });
    const tampered = ok();
    tampered.lines[0].priceFen = 1;
    expect(refusedWithoutWriting(() => submitOrder(at(w.store, MONDAY_MORNING), tampered))).toMatchObject({
      status: 409,
      key: "restock.priceChanged",
    });

    // Pack counts that are not whole numbers of at least one never reach the database.
    for (const packs of ["0", "-1", "1.5", "abc", ""]) {
      const parsed = submitOrderFormSchema.safeParse({
        ...rid(),
        distributorOrgId: w.dist.org.id,
        [`line.${w.skus[0].id}`]: packs,
        [`price.${w.skus[0].id}`]: "1000",
      });
      expect(parsed.success, packs).toBe(false);
      expect(parsed.error!.issues[0]).toMatchObject({ message: "restock.packsWhole", path: [`line.${w.skus[0].id}`] });
    }
    expect(
      submitOrderFormSchema.safeParse({ ...rid(), distributorOrgId: w.dist.org.id }).error!.issues[0].message,
    ).toBe("restock.emptyCart");
    const before = dbSnapshot(db);
    expect(() =>
      submitOrder(at(w.store, MONDAY_MORNING), {
        ...ok(),
        lines: [{ productId: w.skus[0].id, packs: 1.5, priceFen: 1000 }],
      }),
    ).toThrow();
    expect(dbSnapshot(db)).toEqual(before);
  });

  it("on account terms, refuses an order that would take the store past its credit limit", async () => {
    const w = await world({ paymentTerms: "account" });
    db.update(distributorLinks).set({ creditLimitFen: 5000 }).where(eq(distributorLinks.id, w.stores[0].linkId)).run();
    submitOrder(at(w.store, MONDAY_MORNING), cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 3 }]));
    // 3000 already on its way; 3 more packs (3000) would make 6000 > 5000.
    expect(
      refusedWithoutWriting(() =>
        submitOrder(at(w.store, MONDAY_MORNING), cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 3 }])),
      ),
    ).toMatchObject({
      status: 409,
      key: "restock.creditLimit",
      params: { balance: 0, open: 3000, total: 3000, sum: 6000, limit: 5000 },
    });
    submitOrder(at(w.store, MONDAY_MORNING), cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 2 }]));
  });

  it("says the credit-limit amounts with thousands separators, and how to settle (issue 11)", () => {
    const params = { balance: 1_131_950, open: 0, total: 86_000, sum: 1_217_950, limit: 800_000 };
    const zh = translate("zh-CN", "restock.creditLimit", params);
    expect(zh).toContain("已欠 ¥11,319.50");
    expect(zh).toContain("额度 ¥8,000.00");
    expect(zh).toContain("往来账");
    expect(translate("en", "restock.creditLimit", params)).toContain("owed ¥11,319.50");
  });

  it("keeps the snapshotted price when the catalog price changes later", async () => {
    const w = await world();
    const { orderId } = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 2 }]),
    );
    db.update(catalogItems).set({ casePriceFen: 9999 }).where(eq(catalogItems.productId, w.skus[0].id)).run();
    const view = getOrder(w.store, orderId);
    expect(view.order.totalFen).toBe(2000);
    expect(view.lines[0].casePriceFen).toBe(1000);
    // A cart still showing the old price is refused rather than ordered at the new one.
    const stale = { ...cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }]) };
    stale.lines[0].priceFen = 1000;
    expect(errorOf(() => submitOrder(at(w.store, MONDAY_MORNING), stale))).toMatchObject({
      key: "restock.priceChanged",
    });
  });
});

describe("order transitions", () => {
  it("the store cancels only while submitted; the timeline shows who, from, to and why", async () => {
    const w = await world();
    const a = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }]),
    );
    cancelOrder(w.store, a.orderId, { ...rid(), reason: "订错了" });
    expect(orderOf(a.orderId).status).toBe("cancelled");
    const timeline = getOrder(w.store, a.orderId).timeline;
    expect(timeline.map((t) => [t.from, t.to, t.reason, t.actorName])).toEqual([
      [null, "submitted", null, expect.any(String)],
      ["submitted", "cancelled", "订错了", expect.any(String)],
    ]);
    expect(refusedWithoutWriting(() => cancelOrder(w.store, a.orderId, rid()))).toMatchObject({
      status: 409,
      key: "restock.cancelOnlySubmitted",
    });
    expect(refusedWithoutWriting(() => confirmOrder(w.dist, a.orderId, rid()))).toMatchObject({
      status: 409,
      key: "restock.confirmOnlySubmitted",
    });

    const b = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }]),
    );
    confirmOrder(w.dist, b.orderId, rid());
    expect(refusedWithoutWriting(() => cancelOrder(w.store, b.orderId, rid()))).toMatchObject({
      status: 409,
      key: "restock.cancelOnlySubmitted",
    });
    expect(refusedWithoutWriting(() => rejectOrder(w.dist, b.orderId, { ...rid(), reason: "x" }))).toMatchObject({
      key: "restock.rejectOnlySubmitted",
    });
  });

  it("confirm reserves the packs and puts the order on its run; reject needs a reason and reserves nothing", async () => {
    const w = await world();
    const a = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [
        { sku: w.skus[0], packs: 3 },
        { sku: w.skus[1], packs: 1 },
      ]),
    );
    const { runId } = confirmOrder(w.dist, a.orderId, rid());
    expect(reservedOf(w.skus[0].id)).toBe(36);
    expect(reservedOf(w.skus[1].id)).toBe(12);
    expect(orderOf(a.orderId)).toMatchObject({ status: "confirmed", runId });
    expect(db.select().from(deliveryRuns).where(eq(deliveryRuns.id, runId!)).get()).toMatchObject({
      deliveryDate: TUESDAY,
      status: "planned",
    });
    // Reserved stock is no longer offered to other stores.
    expect(
      storeCatalog(at(w.other, MONDAY_MORNING), w.dist.org.id).items.find((i) => i.productId === w.skus[0].id)
        ?.availablePacks,
    ).toBe(7);
    expect(
      errorOf(() =>
        submitOrder(at(w.other, MONDAY_MORNING), cartInput(w.other, w.dist.org.id, [{ sku: w.skus[0], packs: 8 }])),
      ),
    ).toMatchObject({ key: "restock.notEnoughStock", params: { packs: 7 } });

    const b = submitOrder(
      at(w.other, MONDAY_MORNING),
      cartInput(w.other, w.dist.org.id, [{ sku: w.skus[0], packs: 2 }]),
    );
    expect(() => rejectOrder(w.dist, b.orderId, { ...rid(), reason: "" })).toThrow();
    rejectOrder(w.dist, b.orderId, { ...rid(), reason: "这周停送" });
    expect(reservedOf(w.skus[0].id)).toBe(36);
    expect(getOrder(w.other, b.orderId).timeline.at(-1)).toMatchObject({
      from: "submitted",
      to: "rejected",
      reason: "这周停送",
    });
    expect(refusedWithoutWriting(() => confirmOrder(w.dist, b.orderId, rid()))).toMatchObject({ status: 409 });
  });

  it("an order confirmed after its van started picking moves to the next open delivery, and says so", async () => {
    const w = await world();
    const first = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }]),
    );
    const late = submitOrder(
      at(w.other, MONDAY_MORNING),
      cartInput(w.other, w.dist.org.id, [{ sku: w.skus[1], packs: 1 }]),
    );
    const { runId } = confirmOrder(w.dist, first.orderId, rid());
    startPicking(w.dist, runId!, rid());
    const moved = confirmOrder(w.dist, late.orderId, rid());
    expect(moved.deliveryDate).toBe(FRIDAY);
    expect(moved.runId).not.toBe(runId);
    expect(getOrder(w.other, late.orderId).timeline.at(-1)?.reason).toContain("1月11日");
  });

  it("each verb belongs to its side", async () => {
    const w = await world();
    const a = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }]),
    );
    expect(refusedWithoutWriting(() => confirmOrder(w.store, a.orderId, rid()))).toMatchObject({ status: 403 });
    expect(refusedWithoutWriting(() => cancelOrder(w.dist, a.orderId, rid()))).toMatchObject({ status: 403 });
  });
});

describe("tenancy", () => {
  it("a store sees only its own orders; a distributor only orders addressed to it", async () => {
    const w = await world();
    const rival = await world();
    const a = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }]),
    );
    const b = submitOrder(
      at(w.other, MONDAY_MORNING),
      cartInput(w.other, w.dist.org.id, [{ sku: w.skus[0], packs: 1 }]),
    );

    expect(listStoreOrders(w.store).map((o) => o.id)).toEqual([a.orderId]);
    expect(errorOf(() => getOrder(w.other, a.orderId))).toMatchObject({ status: 404 });
    expect(refusedWithoutWriting(() => cancelOrder(w.other, a.orderId, rid()))).toMatchObject({ status: 404 });
    expect(errorOf(() => repeatOrder(w.other, a.orderId))).toMatchObject({ status: 404 });

    expect(
      listDistributorOrders(w.dist)
        .orders.map((o) => o.id)
        .sort(),
    ).toEqual([a.orderId, b.orderId].sort());
    expect(listDistributorOrders(rival.dist).orders).toEqual([]);
    expect(errorOf(() => getOrder(rival.dist, a.orderId))).toMatchObject({ status: 404 });
    expect(refusedWithoutWriting(() => confirmOrder(rival.dist, a.orderId, rid()))).toMatchObject({ status: 404 });
    expect(refusedWithoutWriting(() => rejectOrder(rival.dist, a.orderId, { ...rid(), reason: "x" }))).toMatchObject({
      status: 404,
    });
    // A store never reads the catalog of a distributor it is not linked to.
    expect(errorOf(() => storeCatalog(w.store, rival.dist.org.id))).toMatchObject({ status: 404 });
    // The distributor's view leaves out the code the driver must ask for.
    expect(getOrder(w.dist, a.orderId).order.deliveryCode).toBeNull();
    expect(getOrder(w.store, a.orderId).order.deliveryCode).toMatch(/^\d{6}$/);
  });
});

describe("quick reorder", () => {
  it("puts a past order's packs in a new cart and names SKUs no longer sold", async () => {
    const w = await world();
    const a = submitOrder(
      at(w.store, MONDAY_MORNING),
      cartInput(w.store, w.dist.org.id, [
        { sku: w.skus[0], packs: 2 },
        { sku: w.skus[1], packs: 3 },
      ]),
    );
    db.update(products).set({ active: false }).where(eq(products.id, w.skus[1].id)).run();
    expect(repeatOrder(w.store, a.orderId)).toEqual({
      distributorOrgId: w.dist.org.id,
      lines: [{ productId: w.skus[0].id, qty: 2 }],
      dropped: [w.skus[1].name],
    });
  });
});
