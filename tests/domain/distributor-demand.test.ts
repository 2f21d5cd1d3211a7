import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { demandWeekly, restockOrders, stateTransitions } from "../../db/schema";
import { createTestDb } from "../support/db";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/orders";
import { distributorDemand } from "~/domain/analysis/distributor-demand.server";
import { percentOf } from "~/domain/analysis/demand-tables";
import { newId } from "~/domain/ids.server";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

// Wednesday 2030-03-13 10:00 in Shanghai: the current ISO week starts Monday 2030-03-11. With
// 4 weeks shown: 02-18, 02-25, 03-04 (complete) and 03-11 (in progress); next week is 03-18.
// "Stopped ordering": ordered in the 4 weeks 01-28 … 02-24, nothing from 02-25 on.
const NOW = Date.UTC(2030, 2, 13, 2, 0);

type Row = [week: string, sku: number, store: number, ordered: number, shipped: number];

async function world() {
  const s = await makeDeliveryRoute(db, { stores: 4, skus: 3, deliveryDate: "2030-03-05" });
  const other = await makeDeliveryRoute(db, { stores: 1, skus: 1, deliveryDate: "2030-03-05" });
  const put = (dist: typeof s, rows: Row[]) => {
    for (const [week, sku, store, ordered, shipped] of rows) {
      db.insert(demandWeekly)
        .values({ distributorOrgId: dist.distributor.org.id, week, productId: dist.skus[sku].id, storeOrgId: dist.stores[store].org.id, packsOrdered: ordered, packsShipped: shipped, valueFen: ordered * dist.skus[sku].casePriceFen })
        .run();
    }
  };
  // Case prices: SKU 0 1000, SKU 1 1001, SKU 2 1002 fen.
  put(s, [
    ["2030-02-18", 0, 0, 10, 10],
    ["2030-02-25", 0, 0, 8, 6],
    ["2030-03-04", 0, 0, 12, 12],
    ["2030-03-04", 1, 0, 2, 2],
    ["2030-03-11", 0, 0, 5, 0],
    ["2030-03-18", 0, 0, 3, 0], // next week, already ordered
    ["2030-01-28", 0, 1, 4, 4], // store 1 ordered before …
    ["2030-02-04", 1, 1, 6, 6], // … and then stopped
    ["2030-01-21", 2, 2, 9, 9], // store 2: too long ago to count as "before"
    ["2030-03-04", 2, 2, 1, 1],
    ["2030-02-11", 1, 3, 1, 1], // store 3 ordered before, and again for next week: not stopped
    ["2030-03-18", 1, 3, 2, 0],
  ]);
  // Another distributor (with its own stopped store): never shows.
  put(other, [["2030-02-04", 0, 0, 50, 50], ["2030-03-04", 0, 0, 70, 70]]);
  return { ...s, other };
}

/** A delivered order of the route with its delivered transition at `at`. */
function delivered(s: Awaited<ReturnType<typeof world>>, store: number, deliveryDate: string, at: number | null) {
  const order = makeConfirmedOrder(s.distributor.ctx, { linkId: s.stores[store].linkId, deliveryDate, lines: [{ sku: s.skus[0], packs: 1 }] });
  db.update(restockOrders).set({ status: at === null ? "out_for_delivery" : "delivered" }).where(eq(restockOrders.id, order.id)).run();
  if (at !== null) {
    db.insert(stateTransitions)
      .values({ id: newId(), entity: "order", entityId: order.id, orgId: s.distributor.org.id, fromState: "out_for_delivery", toState: "delivered", actorId: s.distributor.user.id, at })
      .run();
  }
}

describe("distributor demand", () => {
  it("grids packs per SKU and week, fills, forecasts, ranks stores and names those that stopped (hand-computed)", async () => {
    const s = await world();
    delivered(s, 0, "2030-03-05", Date.UTC(2030, 2, 5, 9, 0)); // 17:00 the same day: on time
    delivered(s, 1, "2030-03-05", Date.UTC(2030, 2, 5, 16, 30)); // 00:30 the next day in Shanghai: late
    delivered(s, 2, "2030-02-27", Date.UTC(2030, 1, 27, 15, 59)); // 23:59 the same day: on time
    delivered(s, 3, "2030-03-05", null); // still on the van: not counted

    const v = distributorDemand(s.distributor.ctx, { now: NOW, weeks: 4 });
    expect(v.weeks).toEqual(["2030-02-18", "2030-02-25", "2030-03-04", "2030-03-11"]);
    expect([v.currentWeek, v.nextWeek]).toEqual(["2030-03-11", "2030-03-18"]);
    expect(v.rules).toMatchObject({ recentFrom: "2030-02-25", beforeFrom: "2030-01-28" });

    expect(v.summaries.map((w) => [w.week, w.complete, w.ordered, w.shipped, w.stores, w.delivered, w.onTime])).toEqual([
      ["2030-02-18", true, 10, 10, 1, 0, 0],
      ["2030-02-25", true, 8, 6, 1, 1, 1],
      ["2030-03-04", true, 15, 15, 2, 2, 1],
      ["2030-03-11", false, 5, 0, 1, 0, 0],
    ]);
    expect(v.totals).toMatchObject({ ordered: 38, orderedComplete: 33, shippedComplete: 31, delivered: 3, onTime: 2, activeStores: 2 });
    expect(v.totals.valueFen).toBe(35 * 1000 + 2 * 1001 + 1 * 1002);
    expect(percentOf(v.totals.shippedComplete, v.totals.orderedComplete)).toBe(94);

    const [a, b, c] = s.skus;
    expect(v.skus.map((k) => [k.productId, k.packs, k.totalPacks, k.nextWeekOrdered, k.orderedComplete, k.shippedComplete])).toEqual([
      [a.id, [10, 8, 12, 5], 35, 3, 30, 28],
      [b.id, [0, 0, 2, 0], 2, 2, 2, 2],
      [c.id, [0, 0, 1, 0], 1, 0, 1, 1],
    ]);
    // SKU 0 orders every week: SES from the mean 10 over 10, 8, 12 with α 0.15 → 10.045 → 10.
    // SKU 1 once in three weeks: SBA (1 − 0.075) · 2 / 3 = 0.62 → 1; SKU 2: 0.31 → 0.
    expect(v.skus.map((k) => [k.forecastPacks, k.forecastMethod])).toEqual([
      [10, "ses"],
      [1, "sba"],
      [0, "sba"],
    ]);

    expect(v.topStores.map((t) => [t.storeOrgId, t.packs, t.valueFen, t.lastWeek])).toEqual([
      [s.stores[0].org.id, 37, 35 * 1000 + 2 * 1001, "2030-03-11"],
      [s.stores[2].org.id, 1, 1002, "2030-03-04"],
    ]);
    expect(v.stoppedStores.map((t) => [t.storeOrgId, t.name, t.packsBefore, t.lastWeek])).toEqual([
      [s.stores[1].org.id, s.stores[1].org.name, 10, "2030-02-04"],
    ]);
    const ids = JSON.stringify(v);
    expect(ids).not.toContain(s.other.stores[0].org.id);
    expect(ids).not.toContain(s.other.skus[0].id);

    // The other distributor sees its own figures only.
    const o = distributorDemand(s.other.distributor.ctx, { now: NOW, weeks: 4 });
    expect(o.skus.map((k) => k.packs)).toEqual([[0, 0, 70, 0]]);
    expect(o.stoppedStores).toEqual([]);
    expect(o.totals.delivered).toBe(0);
  });

  it("defaults to 12 weeks, ignores an unknown choice, and is empty for a new distributor", async () => {
    const s = await makeDeliveryRoute(db, { stores: 1, skus: 1 });
    const v = distributorDemand(s.distributor.ctx, { now: NOW, weeks: "1000" });
    expect(v.weeks).toHaveLength(12);
    expect(v.weeks.at(-1)).toBe("2030-03-11");
    expect(v.weeks[0]).toBe("2029-12-24");
    expect(v.skus).toEqual([]);
    expect(v.topStores).toEqual([]);
    expect(v.totals).toMatchObject({ ordered: 0, orderedComplete: 0, delivered: 0 });
  });

  it("is refused to a store", async () => {
    const s = await makeDeliveryRoute(db, { stores: 1, skus: 1 });
    expect(() => distributorDemand(s.stores[0].ctx, { now: NOW })).toThrow(expect.objectContaining({ status: 403 }));
  });
});
