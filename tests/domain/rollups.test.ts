import { and, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { restockOrderLines, restockOrders } from "../../db/schema";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";
import { at, cartInput } from "../support/restock";
import { makeDeliveryRoute } from "../support/orders";
import type { Ctx } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { recomputeDemand, recomputeSalesRollups } from "~/domain/analysis/rollups.server";
import { isoWeekMonday, shanghaiDate as shanghaiDay, shanghaiHour } from "~/domain/dates";
import { pinnedClock, PINNED_NOW } from "../support/clock";
import { dispatchRun } from "~/domain/fulfilment/dispatch-run.server";
import { deliverStop, deliverStopSchema } from "~/domain/fulfilment/deliver-stop.server";
import { failStop, failStopSchema } from "~/domain/fulfilment/fail-stop.server";
import { recordPicks, recordPicksSchema } from "~/domain/fulfilment/record-picks.server";
import { startPicking } from "~/domain/fulfilment/start-picking.server";
import { cancelOrder } from "~/domain/restock/cancel-order.server";
import { confirmOrder } from "~/domain/restock/confirm-order.server";
import { rejectOrder } from "~/domain/restock/reject-order.server";
import { submitOrder } from "~/domain/restock/submit-order.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { returnSaleLines } from "~/domain/sales/return-sale-lines.server";
import { voidSale } from "~/domain/sales/void-sale.server";
import { getSale } from "~/domain/sales/get-sale.server";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());
/** The sales tests' stores share this clock and move it; each test starts at PINNED_NOW. */
const clock = pinnedClock();
afterEach(() => clock.set(PINNED_NOW));

const rid = () => ({ requestId: newId() });

/** Every row of the store's sales rollups, in key order. */
function salesRows(orgId: string) {
  return {
    daily: db.all<Record<string, number | string>>(
      sql`SELECT * FROM sales_daily WHERE org_id = ${orgId} ORDER BY product_id, day`,
    ),
    hourly: db.all<Record<string, number | string>>(
      sql`SELECT * FROM sales_hourly WHERE org_id = ${orgId} ORDER BY day, hour`,
    ),
  };
}
function demandRows(distributorOrgId: string) {
  return db.all(
    sql`SELECT * FROM demand_weekly WHERE distributor_org_id = ${distributorOrgId} ORDER BY week, product_id, store_org_id`,
  );
}

/** What is maintained must be exactly what a rebuild from the ledger gives. */
function expectSalesAgree(orgId: string) {
  const maintained = salesRows(orgId);
  recomputeSalesRollups(db, orgId);
  expect(maintained).toEqual(salesRows(orgId));
  return maintained;
}
function expectDemandAgrees(distributorOrgId: string) {
  const maintained = demandRows(distributorOrgId);
  recomputeDemand(db, distributorOrgId);
  expect(maintained).toEqual(demandRows(distributorOrgId));
  return maintained as {
    week: string;
    product_id: string;
    store_org_id: string;
    packs_ordered: number;
    packs_shipped: number;
    value_fen: number;
  }[];
}

describe("calendar helpers", () => {
  it("puts an instant on its Shanghai day and hour, midnight being 16:00 UTC", () => {
    expect(shanghaiDay(Date.UTC(2026, 10, 29, 15, 59, 59, 999))).toBe("2026-11-29");
    expect(shanghaiHour(Date.UTC(2026, 10, 29, 15, 59, 59, 999))).toBe(23);
    expect(shanghaiDay(Date.UTC(2026, 10, 29, 16, 0))).toBe("2026-11-30");
    expect(shanghaiHour(Date.UTC(2026, 10, 29, 16, 0))).toBe(0);
    expect(shanghaiDay(Date.UTC(2026, 11, 31, 16, 30))).toBe("2027-01-01");
  });

  it("gives the Monday of the ISO week", () => {
    expect(isoWeekMonday("2026-11-30")).toBe("2026-11-30"); // a Monday
    expect(isoWeekMonday("2026-12-06")).toBe("2026-11-30"); // its Sunday
    expect(isoWeekMonday("2026-12-07")).toBe("2026-12-07");
    expect(isoWeekMonday("2027-01-01")).toBe("2026-12-28"); // across the year
    expect(isoWeekMonday("2024-03-01")).toBe("2024-02-26"); // across a leap day
  });
});

describe("sales rollups", () => {
  async function shop() {
    const made = await makeStore(db);
    const store = { ...made, ctx: { ...made.ctx, clock } };
    const noodles = makeProduct(store.ctx, { name: "方便面", priceFen: 450, costFen: 350 });
    const water = makeProduct(store.ctx, { name: "矿泉水", priceFen: 200, costFen: 100 });
    const salt = makeProduct(store.ctx, { name: "食盐", priceFen: 300, costFen: 220 });
    for (const p of [noodles, water, salt])
      receiveStock(store.ctx, p.id, {
        requestId: newId(),
        qty: 500,
        unit: "base",
        costFen: undefined,
        batchNo: "",
        expiryDate: "",
      });
    return { ...store, noodles, water, salt };
  }

  function sellAt(ctx: Ctx, at: number, lines: [{ id: string }, number][]) {
    clock.set(at);
    const saleId = newId();
    recordSale(ctx, { saleId, tender: "cash", lines: lines.map(([p, qty]) => ({ productId: p.id, qty })) });
    return saleId;
  }
  const lineOf = (ctx: Ctx, saleId: string, productId: string) =>
    getSale(ctx, saleId).lines.find((l) => l.productId === productId)!.id;

  it("counts sales on the Shanghai day and hour they were made, net of returns, voids counting nothing", async () => {
    const a = await shop();
    const b = await shop();
    const bSale = sellAt(b.ctx, Date.UTC(2026, 10, 20, 3, 0), [[b.noodles, 1]]);
    const bBefore = salesRows(b.org.id);

    // 2026-11-20 23:59 and 2026-11-21 00:00 Shanghai, one minute apart across midnight.
    const lateNight = sellAt(a.ctx, Date.UTC(2026, 10, 20, 15, 59), [
      [a.noodles, 2],
      [a.water, 3],
    ]);
    const midnight = sellAt(a.ctx, Date.UTC(2026, 10, 20, 16, 0), [[a.noodles, 1]]);
    const morning = sellAt(a.ctx, Date.UTC(2026, 10, 21, 0, 30), [
      [a.water, 5],
      [a.salt, 1],
    ]); // 08:30
    const morning2 = sellAt(a.ctx, Date.UTC(2026, 10, 21, 0, 45), [[a.water, 1]]); // 08:45
    const evening = sellAt(a.ctx, Date.UTC(2026, 10, 21, 11, 10), [
      [a.noodles, 4],
      [a.salt, 2],
    ]); // 19:10
    const nextDay = sellAt(a.ctx, Date.UTC(2026, 10, 22, 1, 0), [[a.salt, 1]]); // 2026-11-22 09:00
    expectSalesAgree(a.org.id);

    // Days later: a partial return of the late-night sale comes off the 20th, not today.
    clock.set(Date.UTC(2026, 10, 25, 2, 0));
    returnSaleLines(a.ctx, lateNight, {
      ...rid(),
      reason: null,
      lines: [{ lineId: lineOf(a.ctx, lateNight, a.water.id), qty: 2 }],
    });
    expectSalesAgree(a.org.id);
    // A void of the one sale in its hour removes the hour and (no other sale of it) the product's day.
    voidSale(a.ctx, midnight, { ...rid(), reason: null });
    // A void of one of two sales in an hour leaves the other.
    voidSale(a.ctx, morning2, { ...rid(), reason: null });
    // Return then void: what is left comes off, the rest already had.
    returnSaleLines(a.ctx, evening, {
      ...rid(),
      reason: null,
      lines: [{ lineId: lineOf(a.ctx, evening, a.noodles.id), qty: 1 }],
    });
    voidSale(a.ctx, evening, { ...rid(), reason: null });
    // A sale returned in full still counts as a sale, with nothing taken.
    returnSaleLines(a.ctx, nextDay, {
      ...rid(),
      reason: null,
      lines: [{ lineId: lineOf(a.ctx, nextDay, a.salt.id), qty: 1 }],
    });
    // A fully returned sale voided afterwards stops counting altogether.
    const tiny = sellAt(a.ctx, Date.UTC(2026, 10, 23, 4, 0), [[a.water, 1]]);
    clock.set(Date.UTC(2026, 10, 25, 3, 0));
    returnSaleLines(a.ctx, tiny, {
      ...rid(),
      reason: null,
      lines: [{ lineId: lineOf(a.ctx, tiny, a.water.id), qty: 1 }],
    });
    voidSale(a.ctx, tiny, { ...rid(), reason: null });
    void morning;

    const { daily, hourly } = expectSalesAgree(a.org.id);
    const d = (p: { id: string }, day: string) => daily.find((r) => r.product_id === p.id && r.day === day);
    // Hand-computed: noodles 450/350, water 200/100, salt 300/220.
    expect(d(a.noodles, "2026-11-20")).toMatchObject({ qty: 2, revenue_fen: 900, cost_fen: 700 });
    expect(d(a.water, "2026-11-20")).toMatchObject({ qty: 1, revenue_fen: 200, cost_fen: 100 });
    expect(d(a.noodles, "2026-11-21")).toBeUndefined(); // midnight and evening sales both voided
    expect(d(a.water, "2026-11-21")).toMatchObject({ qty: 5, revenue_fen: 1000, cost_fen: 500 });
    expect(d(a.salt, "2026-11-21")).toMatchObject({ qty: 1, revenue_fen: 300, cost_fen: 220 });
    expect(d(a.salt, "2026-11-22")).toMatchObject({ qty: 0, revenue_fen: 0, cost_fen: 0 });
    expect(d(a.water, "2026-11-23")).toBeUndefined();
    expect(hourly.map((r) => [r.day, r.hour, r.sales, r.revenue_fen, r.cost_fen])).toEqual([
      ["2026-11-20", 23, 1, 900 + 200, 700 + 100],
      ["2026-11-21", 8, 1, 1000 + 300, 500 + 220],
      ["2026-11-22", 9, 1, 0, 0],
    ]);

    // Tenancy: nothing of store A's reached store B's rows, nor the other way round.
    expect(salesRows(b.org.id)).toEqual(bBefore);
    expect(salesRows(b.org.id).daily).toEqual([
      { org_id: b.org.id, product_id: b.noodles.id, day: "2026-11-20", qty: 1, revenue_fen: 450, cost_fen: 350 },
    ]);
    expect(
      db.all(sql`SELECT 1 FROM sales_daily d JOIN products p ON p.id = d.product_id WHERE p.org_id <> d.org_id`),
    ).toEqual([]);
    voidSale(b.ctx, bSale, { ...rid(), reason: null });
    expect(salesRows(b.org.id)).toEqual({ daily: [], hourly: [] });
    expect(salesRows(a.org.id)).toEqual({ daily, hourly });
  });

  it("a retried sale is booked once", async () => {
    const a = await shop();
    clock.set(Date.UTC(2026, 10, 21, 2, 0));
    const input = { saleId: newId(), tender: "cash" as const, lines: [{ productId: a.water.id, qty: 2 }] };
    recordSale(a.ctx, input);
    recordSale(a.ctx, input);
    const { daily, hourly } = expectSalesAgree(a.org.id);
    expect(daily).toEqual([expect.objectContaining({ qty: 2, revenue_fen: 400 })]);
    expect(hourly).toEqual([expect.objectContaining({ sales: 1, revenue_fen: 400 })]);
  });
});

describe("demand rollup", () => {
  // Route Tue/Fri, cut-off 18:00 the day before (Asia/Shanghai). Monday 2030-01-07 10:00 orders
  // for Tuesday the 8th; Thursday the 10th at 19:00 orders for Tuesday the 15th (next ISO week).
  const MONDAY = Date.UTC(2030, 0, 7, 2, 0);
  const THURSDAY_EVENING = Date.UTC(2030, 0, 10, 11, 0);

  async function county() {
    const s = await makeDeliveryRoute(db, { stores: 5, skus: 3, deliveryDate: "2030-01-08" });
    return s;
  }
  const order = (id: string) => db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!;
  const lines = (id: string) => db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, id)).all();

  it("follows submit, reject, cancel, confirm (also to a later run), short pick with backorder, dispatch, failed stop and delivery", async () => {
    const s = await county();
    const other = await makeDeliveryRoute(db, { stores: 1, skus: 1 });
    const d = s.distributor.ctx;
    const [sku0, sku1, sku2] = s.skus;
    const [st1, st2, st3, st4, st5] = s.stores;
    const submit = (store: Ctx, picks: { sku: { id: string }; packs: number }[], when = MONDAY) =>
      submitOrder(at(store, when), cartInput(store, d.org.id, picks)).orderId;

    // The other distributor's demand, to prove it is never touched.
    const otherOrder = submitOrder(
      at(other.stores[0].ctx, MONDAY),
      cartInput(other.stores[0].ctx, other.distributor.org.id, [{ sku: other.skus[0], packs: 2 }]),
    ).orderId;
    const otherBefore = demandRows(other.distributor.org.id);
    expect(otherBefore).toHaveLength(1);

    const o1 = submit(st1.ctx, [
      { sku: sku0, packs: 5 },
      { sku: sku1, packs: 3 },
    ]);
    const o2 = submit(st2.ctx, [{ sku: sku0, packs: 2 }]);
    const o3 = submit(st3.ctx, [{ sku: sku1, packs: 4 }]);
    const o4 = submit(st2.ctx, [{ sku: sku2, packs: 6 }]);
    const o5 = submit(st3.ctx, [{ sku: sku2, packs: 2 }]);
    const o6 = submit(st4.ctx, [{ sku: sku0, packs: 1 }]); // confirmed only after picking starts
    const o7 = submit(st5.ctx, [{ sku: sku0, packs: 7 }], THURSDAY_EVENING); // stays submitted
    expect(order(o7).deliveryDate).toBe("2030-01-15");
    expectDemandAgrees(d.org.id);

    rejectOrder(d, o2, { ...rid(), reason: "缺货" });
    cancelOrder(st3.ctx, o3, { ...rid(), reason: null });
    expectDemandAgrees(d.org.id);
    for (const o of [o1, o4, o5]) confirmOrder(d, o, rid());
    const runId = order(o1).runId!;
    startPicking(d, runId, rid());
    // Confirmed after the van started loading: moves to Friday the 11th (same ISO week here).
    expect(confirmOrder(d, o6, rid()).deliveryDate).toBe("2030-01-11");
    expectDemandAgrees(d.org.id);

    // Store 1 gets 3 of 5 packs of SKU 0, the rest backordered; store 2's order has nothing picked.
    const short = lines(o1).find((l) => l.productId === sku0.id)!;
    const picked = recordPicks(
      d,
      runId,
      recordPicksSchema.parse({ ...rid(), orderId: o1, shortfall: "backorder", [`picked.${short.id}`]: "3" }),
    );
    expect(picked.backorderDate).toBe("2030-01-11");
    recordPicks(
      d,
      runId,
      recordPicksSchema.parse({ ...rid(), orderId: o4, shortfall: "cancel", [`picked.${lines(o4)[0].id}`]: "0" }),
    );
    expectDemandAgrees(d.org.id);
    dispatchRun(d, runId, rid());
    expect(order(o4).status).toBe("cancelled");
    expectDemandAgrees(d.org.id);

    // Store 1 takes delivery; store 3's stop fails and is redelivered on Friday.
    deliverStop(d, runId, deliverStopSchema.parse({ ...rid(), orderId: o1, code: order(o1).deliveryCode }));
    const failed = failStop(
      d,
      runId,
      failStopSchema.parse({ ...rid(), orderId: o5, reason: "店门关闭", then: "redeliver" }),
    );
    expect(failed.redeliveryDate).toBe("2030-01-11");
    const rows = expectDemandAgrees(d.org.id);

    // Hand-computed: case prices 1000 / 1001 / 1002 fen; everything in the week of Monday 2030-01-07
    // except store 5's order for the 15th.
    const row = (store: { org: { id: string } }, sku: { id: string }, week = "2030-01-07") =>
      rows.find((r) => r.store_org_id === store.org.id && r.product_id === sku.id && r.week === week);
    // Store 1: 5 + 3 ordered, 3 + 3 shipped; the backorder adds 2 ordered packs of SKU 0 (not yet shipped).
    expect(row(st1, sku0)).toMatchObject({ packs_ordered: 7, packs_shipped: 3, value_fen: 7 * 1000 });
    expect(row(st1, sku1)).toMatchObject({ packs_ordered: 3, packs_shipped: 3, value_fen: 3 * 1001 });
    expect(row(st2, sku0)).toBeUndefined(); // rejected
    expect(row(st2, sku2)).toBeUndefined(); // nothing picked: cancelled at dispatch
    expect(row(st3, sku1)).toBeUndefined(); // cancelled by the store
    // Store 3's failed stop is cancelled; its redelivery counts 2 ordered, not shipped.
    expect(row(st3, sku2)).toMatchObject({ packs_ordered: 2, packs_shipped: 0, value_fen: 2 * 1002 });
    expect(row(st4, sku0)).toMatchObject({ packs_ordered: 1, packs_shipped: 0 });
    expect(row(st5, sku0, "2030-01-14")).toMatchObject({ packs_ordered: 7, packs_shipped: 0, value_fen: 7000 });
    expect(rows).toHaveLength(5);

    // Tenancy: the other distributor's row is as it was, and nothing of ours is in it.
    expect(demandRows(other.distributor.org.id)).toEqual(otherBefore);
    expect(order(otherOrder).distributorOrgId).toBe(other.distributor.org.id);
    expect(
      db.all(
        sql`SELECT 1 FROM demand_weekly d JOIN products p ON p.id = d.product_id WHERE p.org_id <> d.distributor_org_id`,
      ),
    ).toEqual([]);
    expect(
      db
        .select()
        .from(restockOrders)
        .where(and(eq(restockOrders.distributorOrgId, d.org.id), eq(restockOrders.status, "submitted")))
        .all()
        .map((o) => o.id),
    ).toEqual([o7]);
  });
});
