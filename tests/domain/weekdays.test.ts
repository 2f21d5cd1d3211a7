import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { products, salesDaily } from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { storeDashboard } from "~/domain/analysis/dashboard.server";
import { restockSuggestions } from "~/domain/analysis/suggestions.server";
import { addDays, isoWeekday, shanghaiInstant } from "~/domain/dates";
import { listRoutes } from "~/domain/distribution/save-route.server";
import { storeCatalog } from "~/domain/distribution/store-catalog.server";
import { at } from "../support/clock";
import { createTestDb } from "../support/db";
import { linkStore, makeDistributor, makeRoute, makeSku } from "../support/distribution";
import { makeProduct, makeStore } from "../support/factories";

// The dashboard's run-outs, the restock suggestion and the next delivery date on each day of one
// week (Monday 2026-12-07 … Sunday 2026-12-13, 10:00 in Shanghai), with figures worked out by hand.
// The route delivers on Tuesdays and Fridays; orders close at 18:00 the day before. A delivery two
// or more days away is where the HTTP analysis test used to fail on half of the weekdays.
//
// Four products each sell 2 a day (56 in the last 28 days); on hand 1, 3, 5 and 7: they last 0.5,
// 1.5, 2.5 and 3.5 days. A product runs out when it lasts less than the days to the next delivery.
// The suggestion covers the days to the delivery after next (lead + review) at 2 a day, less the
// 1 on hand, in packs of 4 (steady sales: no safety stock).

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

type Day = {
  date: string;
  delivery: string;
  /** When ordering for `delivery` closes (Shanghai wall time). */
  cutoff: [string, string];
  following: string;
  lead: number;
  review: number;
  runouts: string[];
  packs: number;
};

const WEEK: Day[] = [
  // Monday: Tuesday's cut-off (Monday 18:00) is still ahead. Cover 1 + 3 days = 8, less 1 → 2 packs.
  {
    date: "2026-12-07",
    delivery: "2026-12-08",
    cutoff: ["2026-12-07", "18:00"],
    following: "2026-12-11",
    lead: 1,
    review: 3,
    runouts: ["甲"],
    packs: 2,
  },
  // Tuesday: today's delivery closed last night; Friday is 3 days on. 3 + 4 = 7 days = 14 − 1 → 4 packs.
  {
    date: "2026-12-08",
    delivery: "2026-12-11",
    cutoff: ["2026-12-10", "18:00"],
    following: "2026-12-15",
    lead: 3,
    review: 4,
    runouts: ["甲", "乙", "丙"],
    packs: 4,
  },
  // Wednesday: Friday in 2 days. 2 + 4 = 6 days = 12 − 1 → 3 packs.
  {
    date: "2026-12-09",
    delivery: "2026-12-11",
    cutoff: ["2026-12-10", "18:00"],
    following: "2026-12-15",
    lead: 2,
    review: 4,
    runouts: ["甲", "乙"],
    packs: 3,
  },
  // Thursday: Friday's cut-off is tonight. 1 + 4 = 5 days = 10 − 1 → 3 packs.
  {
    date: "2026-12-10",
    delivery: "2026-12-11",
    cutoff: ["2026-12-10", "18:00"],
    following: "2026-12-15",
    lead: 1,
    review: 4,
    runouts: ["甲"],
    packs: 3,
  },
  // Friday: today's closed yesterday; next Tuesday is 4 days on. 4 + 3 = 7 days = 14 − 1 → 4 packs.
  {
    date: "2026-12-11",
    delivery: "2026-12-15",
    cutoff: ["2026-12-14", "18:00"],
    following: "2026-12-18",
    lead: 4,
    review: 3,
    runouts: ["甲", "乙", "丙", "丁"],
    packs: 4,
  },
  // Saturday: Tuesday in 3 days. 3 + 3 = 6 days = 12 − 1 → 3 packs.
  {
    date: "2026-12-12",
    delivery: "2026-12-15",
    cutoff: ["2026-12-14", "18:00"],
    following: "2026-12-18",
    lead: 3,
    review: 3,
    runouts: ["甲", "乙", "丙"],
    packs: 3,
  },
  // Sunday: Tuesday in 2 days. 2 + 3 = 5 days = 10 − 1 → 3 packs.
  {
    date: "2026-12-13",
    delivery: "2026-12-15",
    cutoff: ["2026-12-14", "18:00"],
    following: "2026-12-18",
    lead: 2,
    review: 3,
    runouts: ["甲", "乙"],
    packs: 3,
  },
];

/** A store on the Tue/Fri route with the four products, their sales ending the day before `date`. */
async function shopOn(date: string) {
  const now = shanghaiInstant(date, "10:00")!;
  const distributor = await makeDistributor(db);
  const dist = at(distributor.ctx, now);
  const route = makeRoute(dist);
  const made = await makeStore(db);
  const store = at(made.ctx, now);
  linkStore(store, dist, { routeId: route.id });
  const ids: Record<string, string> = {};
  for (const [name, onHand] of [
    ["甲", 1],
    ["乙", 3],
    ["丙", 5],
    ["丁", 7],
  ] as const) {
    const sku = makeSku(dist, { name, packSize: 4, minOrderPacks: 1, casePriceFen: 4000 });
    const product = makeProduct(store, { name, barcode: sku.barcode, packSize: 1, packUnit: null });
    db.update(products).set({ onHand }).where(eq(products.id, product.id)).run();
    sold(store, product.id, date);
    ids[name] = product.id;
  }
  return { store, dist, ids };
}

/** 2 a day on each of the 56 days before `date`, as the sales rollup holds them. */
function sold(store: Ctx, productId: string, date: string) {
  for (let i = 1; i <= 56; i++)
    db.insert(salesDaily)
      .values({ orgId: store.org.id, productId, day: addDays(date, -i), qty: 2, revenueFen: 900, costFen: 700 })
      .run();
}

describe.each(WEEK)("on $date at 10:00", (day) => {
  it(`is weekday ${WEEK.indexOf(day) + 1} and orders for ${day.delivery}`, async () => {
    expect(isoWeekday(day.date)).toBe(WEEK.indexOf(day) + 1);
    const { store, dist } = await shopOn(day.date);
    const next = { deliveryDate: day.delivery, cutoffAt: shanghaiInstant(...day.cutoff) };
    expect(storeCatalog(store, dist.org.id).next).toEqual(next);
    expect(listRoutes(dist)[0].next).toEqual(next);
  });

  it(`lists ${day.runouts.length} run-out(s) against a delivery ${day.lead} day(s) away`, async () => {
    const { store } = await shopOn(day.date);
    const d = storeDashboard(store, { period: "7d" });
    expect(d.delivery).toMatchObject({ deliveryDate: day.delivery });
    expect(d.runouts.map((r) => [r.name, r.unitsPer28])).toEqual(day.runouts.map((name) => [name, 56]));
  });

  it(`suggests ${day.packs} packs of the 1-left product to cover until ${day.following}`, async () => {
    const { store, ids } = await shopOn(day.date);
    const list = restockSuggestions(store);
    expect(list.delivery).toMatchObject({
      deliveryDate: day.delivery,
      followingDate: day.following,
      leadDays: day.lead,
      reviewDays: day.review,
    });
    expect(list.suggestions.find((s) => s.productId === ids["甲"])).toMatchObject({
      ratePerDay: 2,
      targetUnits: 2 * (day.lead + day.review),
      onHand: 1,
      packs: day.packs,
    });
  });
});

describe("around the cut-off", () => {
  // Monday 17:59 still catches Tuesday; 18:00 does not. Monday 23:59 and Tuesday 00:01 (either
  // side of midnight in Shanghai, 15:59 and 16:01 UTC) both order for Friday.
  it.each([
    ["2026-12-07", "17:59", "2026-12-08", ["甲"]],
    ["2026-12-07", "18:00", "2026-12-11", ["甲", "乙", "丙", "丁"]],
    ["2026-12-07", "23:59", "2026-12-11", ["甲", "乙", "丙", "丁"]],
    ["2026-12-08", "00:01", "2026-12-11", ["甲", "乙", "丙"]],
  ])("%s %s orders for %s", async (date, time, delivery, runouts) => {
    const { store, dist } = await shopOn("2026-12-07");
    const then = at(store, shanghaiInstant(date, time)!);
    expect(storeCatalog(then, dist.org.id).next?.deliveryDate).toBe(delivery);
    expect(storeDashboard(then, { period: "today" }).runouts.map((r) => r.name)).toEqual(runouts);
  });
});
