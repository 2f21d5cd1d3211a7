import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { restockOrderLines, restockOrders, stateTransitions } from "../../db/schema";
import { createTestDb } from "../support/db";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/orders";
import { distributorDemand } from "~/domain/analysis/distributor-demand.server";
import { recomputeDemand } from "~/domain/analysis/rollups.server";
import { addDays } from "~/domain/dates";
import { percentOf } from "~/domain/analysis/demand-tables";
import { newId } from "~/domain/ids.server";
import { at } from "../support/clock";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

// Wednesday 2030-03-13 10:00 in Shanghai: the current ISO week starts Monday 2030-03-11. With
// 4 weeks shown: 02-18, 02-25, 03-04 (complete) and 03-11 (in progress); next week is 03-18.
// "Stopped ordering": ordered in the 4 weeks 01-28 … 02-24, nothing from 02-25 on.
const NOW = Date.UTC(2030, 2, 13, 2, 0);

/** One order per row, delivered on the week's Tuesday; `at`: its delivered transition (Shanghai on-time check). */
type Row = {
  week: string;
  sku: number;
  store: number;
  ordered: number;
  shipped: number;
  status?: "received" | "out_for_delivery" | "confirmed";
  at?: number;
};

async function world() {
  const s = await makeDeliveryRoute(db, { stores: 4, skus: 3, deliveryDate: "2030-03-05" });
  const other = await makeDeliveryRoute(db, { stores: 1, skus: 1, deliveryDate: "2030-03-05" });
  const put = (dist: typeof s, rows: Row[]) => {
    for (const r of rows) {
      const order = makeConfirmedOrder(dist.distributor.ctx, {
        linkId: dist.stores[r.store].linkId,
        deliveryDate: addDays(r.week, 1),
        lines: [{ sku: dist.skus[r.sku], packs: r.ordered }],
      });
      const status = r.status ?? (r.shipped > 0 ? "received" : "confirmed");
      const price = dist.skus[r.sku].casePriceFen;
      db.update(restockOrders)
        .set({ status, totalFen: (status === "confirmed" ? r.ordered : r.shipped) * price })
        .where(eq(restockOrders.id, order.id))
        .run();
      if (status !== "confirmed")
        db.update(restockOrderLines)
          .set({ pickedPacks: r.shipped })
          .where(eq(restockOrderLines.orderId, order.id))
          .run();
      if (r.at !== undefined) {
        db.insert(stateTransitions)
          .values({
            id: newId(),
            entity: "order",
            entityId: order.id,
            orgId: dist.distributor.org.id,
            fromState: "out_for_delivery",
            toState: "delivered",
            actorId: dist.distributor.user.id,
            at: r.at,
          })
          .run();
      }
    }
    recomputeDemand(db, dist.distributor.org.id);
  };
  // Case prices: SKU 0 1000, SKU 1 1001, SKU 2 1002 fen.
  put(s, [
    { week: "2030-02-18", sku: 0, store: 0, ordered: 10, shipped: 10 },
    { week: "2030-02-25", sku: 0, store: 0, ordered: 8, shipped: 6, at: Date.UTC(2030, 1, 26, 15, 59) }, // 23:59 on the day: on time
    { week: "2030-03-04", sku: 0, store: 0, ordered: 12, shipped: 12, at: Date.UTC(2030, 2, 5, 9, 0) }, // 17:00 on the day: on time
    { week: "2030-03-04", sku: 1, store: 0, ordered: 2, shipped: 2, status: "out_for_delivery" }, // still on the van
    { week: "2030-03-11", sku: 0, store: 0, ordered: 5, shipped: 0 },
    { week: "2030-03-18", sku: 0, store: 0, ordered: 3, shipped: 0 }, // next week, already ordered
    { week: "2030-01-28", sku: 0, store: 1, ordered: 4, shipped: 4 }, // store 1 ordered before …
    { week: "2030-02-04", sku: 1, store: 1, ordered: 6, shipped: 6 }, // … and then stopped
    { week: "2030-01-21", sku: 2, store: 2, ordered: 9, shipped: 9 }, // store 2: too long ago to count as "before"
    { week: "2030-03-04", sku: 2, store: 2, ordered: 1, shipped: 1, at: Date.UTC(2030, 2, 5, 16, 30) }, // 00:30 the next day: late
    { week: "2030-02-11", sku: 1, store: 3, ordered: 1, shipped: 1 }, // store 3 ordered before, and again for next week: not stopped
    { week: "2030-03-18", sku: 1, store: 3, ordered: 2, shipped: 0 },
  ]);
  // Another distributor (with its own stopped store): never shows.
  put(other, [
    { week: "2030-02-04", sku: 0, store: 0, ordered: 50, shipped: 50 },
    { week: "2030-03-04", sku: 0, store: 0, ordered: 70, shipped: 70 },
  ]);
  return { ...s, other };
}

describe("distributor demand", () => {
  it("grids packs per SKU and week, fills, forecasts, ranks stores and names those that stopped (hand-computed)", async () => {
    const s = await world();

    const v = distributorDemand(at(s.distributor.ctx, NOW), { weeks: 4 });
    expect(v.weeks).toEqual(["2030-02-18", "2030-02-25", "2030-03-04", "2030-03-11"]);
    expect([v.currentWeek, v.nextWeek]).toEqual(["2030-03-11", "2030-03-18"]);
    expect(v.rules).toMatchObject({ recentFrom: "2030-02-25", beforeFrom: "2030-01-28" });

    expect(v.summaries.map((w) => [w.week, w.complete, w.ordered, w.shipped, w.stores, w.delivered, w.onTime])).toEqual(
      [
        ["2030-02-18", true, 10, 10, 1, 0, 0],
        ["2030-02-25", true, 8, 6, 1, 1, 1],
        ["2030-03-04", true, 15, 15, 2, 2, 1],
        ["2030-03-11", false, 5, 0, 1, 0, 0],
      ],
    );
    expect(v.totals).toMatchObject({
      ordered: 38,
      orderedComplete: 33,
      shippedComplete: 31,
      delivered: 3,
      onTime: 2,
      activeStores: 2,
    });
    expect(v.totals.valueFen).toBe(35 * 1000 + 2 * 1001 + 1 * 1002);
    expect(percentOf(v.totals.shippedComplete, v.totals.orderedComplete)).toBe(94);

    const [a, b, c] = s.skus;
    expect(
      v.skus.map((k) => [k.productId, k.packs, k.totalPacks, k.nextWeekOrdered, k.orderedComplete, k.shippedComplete]),
    ).toEqual([
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

    // Order value is the order total: the short-picked order of 02-25 counts 6 packs, not 8.
    expect(v.topStores.map((t) => [t.storeOrgId, t.orders, t.valueFen, t.lastWeek])).toEqual([
      [s.stores[0].org.id, 5, (10 + 6 + 12 + 5) * 1000 + 2 * 1001, "2030-03-11"],
      [s.stores[2].org.id, 1, 1002, "2030-03-04"],
    ]);
    expect(v.stoppedStores.map((t) => [t.storeOrgId, t.name, t.ordersBefore, t.lastWeek])).toEqual([
      [s.stores[1].org.id, s.stores[1].org.name, 2, "2030-02-04"],
    ]);
    const ids = JSON.stringify(v);
    expect(ids).not.toContain(s.other.stores[0].org.id);
    expect(ids).not.toContain(s.other.skus[0].id);

    // The other distributor sees its own figures only.
    const o = distributorDemand(at(s.other.distributor.ctx, NOW), { weeks: 4 });
    expect(o.skus.map((k) => k.packs)).toEqual([[0, 0, 70, 0]]);
    expect(o.stoppedStores).toEqual([]);
    expect(o.totals.delivered).toBe(0);
  });

  it("defaults to 12 weeks, ignores an unknown choice, and is empty for a new distributor", async () => {
    const s = await makeDeliveryRoute(db, { stores: 1, skus: 1 });
    const v = distributorDemand(at(s.distributor.ctx, NOW), { weeks: "1000" });
    expect(v.weeks).toHaveLength(12);
    expect(v.weeks.at(-1)).toBe("2030-03-11");
    expect(v.weeks[0]).toBe("2029-12-24");
    expect(v.skus).toEqual([]);
    expect(v.topStores).toEqual([]);
    expect(v.totals).toMatchObject({ ordered: 0, orderedComplete: 0, delivered: 0 });
  });

  it("is refused to a store", async () => {
    const s = await makeDeliveryRoute(db, { stores: 1, skus: 1 });
    expect(() => distributorDemand(at(s.stores[0].ctx, NOW))).toThrow(expect.objectContaining({ status: 403 }));
  });
});
