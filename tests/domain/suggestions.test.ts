import { eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { products, restockOrders, salesDaily, stockMovements } from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { addDays, shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { SAFETY_Z } from "~/domain/analysis/restock-policy";
import { restockSuggestions, suggestionForProduct } from "~/domain/analysis/suggestions.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { submitOrder } from "~/domain/restock/submit-order.server";
import { createTestDb } from "../support/db";
import { linkStore, makeDistributor, makeRoute, makeSku, stockSku } from "../support/distribution";
import { makeProduct, makeStore } from "../support/factories";
import { cartInput, deliverRun, MONDAY_EVENING, MONDAY_MORNING, submitAndConfirm } from "../support/restock";
import { at } from "../support/clock";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

// MONDAY_MORNING is Monday 2030-01-07 10:00 in Shanghai. On the Tue/Fri route (cut-off 18:00 the
// day before) the next delivery is Tuesday (1 day), the one after Friday (3 more): 4 days to cover.
const TODAY = shanghaiDate(MONDAY_MORNING);

async function world({ weekdays = "2,5" } = {}) {
  const dist = await makeDistributor(db);
  const route = makeRoute(dist.ctx, { weekdays });
  const store = await makeStore(db);
  linkStore(store.ctx, dist.ctx, { routeId: route.id });
  return { dist: dist.ctx, store: store.ctx };
}

/** A store product and the distributor's SKU of the same barcode. */
function pair(w: { dist: Ctx; store: Ctx }, { packSize = 24, minOrderPacks = 1, onHand = 0 } = {}) {
  const sku = makeSku(w.dist, { packSize, minOrderPacks, casePriceFen: 1000 * packSize });
  const product = makeProduct(w.store, { barcode: sku.barcode, packSize: 1, packUnit: null });
  db.update(products).set({ onHand }).where(eq(products.id, product.id)).run();
  return { sku, product };
}

/** Daily units sold, oldest first, ending yesterday (as the rollup would hold them). */
function sold(store: Ctx, productId: string, series: number[]) {
  series.forEach((qty, i) => {
    if (qty === 0) return;
    const day = addDays(TODAY, i - series.length);
    db.insert(salesDaily)
      .values({ orgId: store.org.id, productId, day, qty, revenueFen: qty * 450, costFen: qty * 350 })
      .run();
  });
}

/**
 * The shop sold something else on every day of the window: it was trading, so a day this
 * product did not sell is a day of no demand for it (not a day before the shop used the app).
 */
function tradingAllWindow(w: { dist: Ctx; store: Ctx }) {
  const other = makeProduct(w.store, { name: "别的货" });
  sold(w.store, other.id, Array(56).fill(1));
}

const find = (store: Ctx, productId: string, now = MONDAY_MORNING) =>
  restockSuggestions(at(store, now)).suggestions.find((s) => s.productId === productId)!;

describe("restock suggestions", () => {
  it("counts no day before the shop's first recorded sale as a day of no demand (issue 11)", async () => {
    // Stock received 90 days ago; the shop began selling through the app 28 days ago and sold
    // 26 in those 28 days. The dashboard says "28 天卖了 26瓶" (0.93 a day): the suggestion
    // must not read the 28 days before the first sale as zero demand (it said 0.5 a day).
    const w = await world();
    const { product } = pair(w, { packSize: 24 });
    db.update(products)
      .set({ createdAt: MONDAY_MORNING - 90 * 86_400_000 })
      .where(eq(products.id, product.id))
      .run();
    const series: number[] = Array.from({ length: 28 }, (_, i) => (i % 14 === 3 ? 0 : 1));
    sold(w.store, product.id, series);
    expect(series.reduce((a, b) => a + b, 0)).toBe(26);
    const s = find(w.store, product.id);
    expect(s.method).toBe("ses");
    expect(s.ratePerDay).toBeGreaterThan(0.85);
    expect(s.ratePerDay).toBeLessThan(1.0);
  });

  it("covers a steady seller until the delivery after next and rounds up to packs", async () => {
    const w = await world();
    const { product, sku } = pair(w, { packSize: 4, onHand: 3 });
    sold(w.store, product.id, Array(56).fill(2));
    const list = restockSuggestions(at(w.store, MONDAY_MORNING));
    expect(list.delivery).toMatchObject({
      deliveryDate: "2030-01-08",
      followingDate: "2030-01-11",
      leadDays: 1,
      reviewDays: 3,
    });
    const s = list.suggestions.find((x) => x.productId === product.id)!;
    // 2 a day × 4 days = 8, no spread; 8 − 3 on hand = 5 → 2 packs of 4.
    expect(s).toMatchObject({
      skuId: sku.id,
      method: "ses",
      ratePerDay: 2,
      targetUnits: 8,
      packs: 2,
      onHand: 3,
      incoming: 0,
    });
    expect(s.why).toBe("每天约卖 2 袋；还剩 3 袋；下次送货周二（1 天后），之后隔 3 天");
  });

  it("explains in English for an English user", async () => {
    const w = await world();
    const { product } = pair(w, { packSize: 4, onHand: 3 });
    sold(w.store, product.id, Array(56).fill(2));
    const s = find({ ...w.store, locale: "en" }, product.id);
    expect(s.why).toBe("sells about 2 袋 a day; 3 袋 left; next delivery Tue (in 1 d), then 3 d to the one after");
  });

  it("raises a short need to the distributor's minimum order", async () => {
    const w = await world();
    const { product } = pair(w, { packSize: 4, minOrderPacks: 3, onHand: 3 });
    sold(w.store, product.id, Array(56).fill(2));
    expect(find(w.store, product.id).packs).toBe(3);
  });

  it("covers twice as long on a once-a-week route", async () => {
    const w = await world({ weekdays: "2" });
    const { product } = pair(w, { packSize: 4, onHand: 3 });
    sold(w.store, product.id, Array(56).fill(2));
    const list = restockSuggestions(at(w.store, MONDAY_MORNING));
    expect(list.delivery).toMatchObject({
      deliveryDate: "2030-01-08",
      followingDate: "2030-01-15",
      leadDays: 1,
      reviewDays: 7,
    });
    // 2 × 8 = 16 − 3 = 13 → 4 packs of 4.
    expect(list.suggestions[0]).toMatchObject({ targetUnits: 16, packs: 4 });
    expect(list.suggestions[0].why).toContain("之后隔 7 天");
  });

  it("after the cut-off plans for the following delivery", async () => {
    const w = await world();
    const { product } = pair(w, { packSize: 4, onHand: 3 });
    sold(w.store, product.id, Array(56).fill(2));
    const list = restockSuggestions(at(w.store, MONDAY_EVENING));
    // Friday in 4 days, then Tuesday 4 days later: 2 × 8 = 16 − 3 = 13 → 4 packs.
    expect(list.delivery).toMatchObject({
      deliveryDate: "2030-01-11",
      followingDate: "2030-01-15",
      leadDays: 4,
      reviewDays: 4,
    });
    expect(find(w.store, product.id, MONDAY_EVENING)).toMatchObject({ targetUnits: 16, packs: 4 });
  });

  it("intermittent demand: Croston/SBA rate plus 90 % safety stock (hand-computed)", async () => {
    const w = await world();
    // 3 units every fourth day: 14 sales in 56 days (ADI 4), the last one yesterday.
    const series = Array.from({ length: 56 }, (_, i) => (i % 4 === 3 ? 3 : 0));
    const small = pair(w, { packSize: 6, onHand: 2 });
    sold(w.store, small.product.id, series);
    tradingAllWindow(w);
    const s = find(w.store, small.product.id);
    // SBA α = 0.15: size 3, interval 4 → 0.925 × 3 / 4 = 0.69375 a day.
    expect(s.method).toBe("sba");
    expect(s.ratePerDay).toBeCloseTo(0.69375, 10);
    // σ² = (14 × 2.25² + 42 × 0.75²) / 56 = 1.6875; 0.69375 × 4 + 1.28 × √1.6875 × 2 = 6.10 → 7.
    expect(0.69375 * 4 + SAFETY_Z * Math.sqrt(1.6875) * 2).toBeCloseTo(6.1005, 3);
    expect(s.targetUnits).toBe(7);
    // 7 − 2 = 5 units → one pack of 6.
    expect(s.packs).toBe(1);
    expect(s.why).toMatch(/^每天约卖 0\.7 袋；还剩 2 袋/);

    // A pack of 24 lasts 24 / 0.69 = 35 days (> 28): it is its own safety stock.
    const big = pair(w, { packSize: 24, onHand: 2 });
    sold(w.store, big.product.id, series);
    // 0.69375 × 4 = 2.775 → 3; 3 − 2 = 1 → one pack of 24.
    expect(find(w.store, big.product.id)).toMatchObject({ targetUnits: 3, packs: 1 });
    db.update(products).set({ onHand: 3 }).where(eq(products.id, big.product.id)).run();
    expect(find(w.store, big.product.id)).toMatchObject({ targetUnits: 3, packs: 0 });
  });

  it("speaks of a week for a slow seller", async () => {
    const w = await world();
    const { product } = pair(w, { packSize: 6, onHand: 0 });
    tradingAllWindow(w);
    // One unit every seventh day: SBA 0.925 × 1 / 7 ≈ 0.13 a day, 0.9 a week.
    sold(
      w.store,
      product.id,
      Array.from({ length: 56 }, (_, i) => (i % 7 === 6 ? 1 : 0)),
    );
    const s = find(w.store, product.id);
    expect(s.ratePerDay).toBeCloseTo(0.925 / 7, 10);
    expect(s.why).toMatch(/^每周约卖 0\.9 袋；还剩 0 袋/);
    // A pack of 6 lasts 45 days (> 28), so no safety stock: 0.13 × 4 = 0.53 → 1 unit → 1 pack.
    expect(s).toMatchObject({ targetUnits: 1, packs: 1 });
    // 6 units at 0.925 / 7 a day last 6.5 weeks: said, so the shopkeeper may skip it.
    expect(s.why).toMatch(/；这 1 箱约够卖 6 周$/);
  });

  it("suggests nothing for a product that has not sold in eight weeks", async () => {
    const w = await world();
    const { product } = pair(w, { onHand: 0 });
    sold(w.store, product.id, [5, ...Array(56).fill(0)]); // 57 days ago: outside the window
    const s = find(w.store, product.id);
    expect(s).toMatchObject({ method: "none", ratePerDay: 0, targetUnits: 0, packs: 0 });
    expect(s.why).toContain("近 8 周没卖出");
    expect(restockSuggestions(at(w.store, MONDAY_MORNING)).suggestions.filter((x) => x.packs > 0)).toEqual([]);
  });

  it("counts negative stock as zero and asks for a count", async () => {
    const w = await world();
    const { product } = pair(w, { packSize: 4, onHand: -5 });
    sold(w.store, product.id, Array(56).fill(2));
    const s = find(w.store, product.id);
    // 8 − 0 = 8 → 2 packs (not 8 + 5 = 13 → 4 packs).
    expect(s).toMatchObject({ onHand: -5, targetUnits: 8, packs: 2 });
    expect(s.why).toContain("账上库存 -5 袋，按 0 算，建议盘点");
  });

  it("subtracts what is on the way", async () => {
    const w = await world();
    const { product, sku } = pair(w, { packSize: 4, onHand: 3 });
    sold(w.store, product.id, Array(56).fill(2));
    stockSku(w.dist, sku, 10);
    submitOrder(at(w.store, MONDAY_MORNING), cartInput(w.store, w.dist.org.id, [{ sku, packs: 1 }]));
    const s = find(w.store, product.id);
    // 8 − 3 − 4 on the way = 1 → 1 pack.
    expect(s).toMatchObject({ incoming: 4, packs: 1 });
    expect(s.why).toContain("在途 4 袋");
  });

  it("counts an order delivered but not yet received as on the way", async () => {
    const w = await world();
    const { product, sku } = pair(w, { packSize: 4, onHand: 3 });
    sold(w.store, product.id, Array(56).fill(2));
    stockSku(w.dist, sku, 10);
    const { orderId, runId } = submitAndConfirm(w.store, w.dist, [{ sku, packs: 2 }]);
    deliverRun(db, w.dist, runId);
    expect(db.select().from(restockOrders).where(eq(restockOrders.id, orderId)).get()!.status).toBe("delivered");
    // 8 − 3 − 8 delivered (not yet booked into stock) < 0 → nothing.
    expect(find(w.store, product.id)).toMatchObject({ incoming: 8, packs: 0 });
  });

  it("tops a new product up to its last receipt, and never guesses without one", async () => {
    const w = await world();
    const { product } = pair(w, { packSize: 4 });
    const created = MONDAY_MORNING - 3 * 86_400_000;
    db.update(products).set({ createdAt: created }).where(eq(products.id, product.id)).run();
    const { movementIds } = receiveStock(w.store, product.id, {
      requestId: newId(),
      qty: 10,
      unit: "base",
      costFen: 350,
      batchNo: "",
      expiryDate: "",
    });
    db.update(stockMovements).set({ createdAt: created }).where(inArray(stockMovements.id, movementIds)).run();
    db.update(products).set({ onHand: 4 }).where(eq(products.id, product.id)).run();
    sold(w.store, product.id, [3, 2, 1]);
    // 10 − 4 = 6 → 2 packs of 4, whatever 3 days of sales would extrapolate to.
    expect(find(w.store, product.id)).toMatchObject({ method: "new", targetUnits: 10, packs: 2 });
    expect(find(w.store, product.id).why).toMatch(/^新品，按上次进货 10 袋 补齐/);

    const bare = pair(w, { packSize: 4 }).product;
    db.update(products).set({ createdAt: created }).where(eq(products.id, bare.id)).run();
    sold(w.store, bare.id, [0, 2, 0]);
    expect(find(w.store, bare.id)).toMatchObject({ method: "new", packs: 0 });
    expect(find(w.store, bare.id).why).toContain("还没有进货记录");
  });

  it("dates a product's history from its first stock movement when that is older than the product row", async () => {
    const w = await world();
    const { product } = pair(w, { packSize: 4 });
    db.update(products)
      .set({ createdAt: MONDAY_MORNING - 86_400_000 })
      .where(eq(products.id, product.id))
      .run();
    const { movementIds } = receiveStock(w.store, product.id, {
      requestId: newId(),
      qty: 5,
      unit: "base",
      costFen: 350,
      batchNo: "",
      expiryDate: "",
    });
    db.update(stockMovements)
      .set({ createdAt: MONDAY_MORNING - 30 * 86_400_000 })
      .where(inArray(stockMovements.id, movementIds))
      .run();
    // 30 days on the shelf without a sale: an established product that does not sell, not a new one.
    expect(find(w.store, product.id)).toMatchObject({ method: "none", packs: 0 });
  });

  it("lists only products the distributor carries, and only the store's own", async () => {
    const w = await world();
    const { product } = pair(w, { packSize: 4, onHand: 3 });
    sold(w.store, product.id, Array(56).fill(2));
    const unlisted = makeProduct(w.store);
    sold(w.store, unlisted.id, Array(56).fill(5));
    // Another store linked to the same distributor sells the same barcode a lot.
    const other = await makeStore(db);
    linkStore(other.ctx, w.dist, { routeId: makeRoute(w.dist).id });
    const theirs = makeProduct(other.ctx, {
      barcode: (await db.select().from(products).where(eq(products.id, product.id)).get())!.barcode!,
      packSize: 1,
    });
    sold(other.ctx, theirs.id, Array(56).fill(50));
    // Their sales rows filed under our product id must not count either.
    sold(other.ctx, product.id, Array(56).fill(50));

    const mine = restockSuggestions(at(w.store, MONDAY_MORNING)).suggestions;
    expect(mine.map((s) => s.productId)).toEqual([product.id]);
    expect(mine[0]).toMatchObject({ ratePerDay: 2, packs: 2 });
    expect(suggestionForProduct(at(w.store, MONDAY_MORNING), theirs.id)).toBeNull();
    expect(suggestionForProduct(at(w.store, MONDAY_MORNING), unlisted.id)).toBeNull();
    expect(suggestionForProduct(at(w.store, MONDAY_MORNING), product.id)).toMatchObject({
      productId: product.id,
      packs: 2,
    });
  });

  it("puts what is needed first, the shelf that empties soonest (then the faster seller) at the top", async () => {
    const w = await world();
    const slow = pair(w, { packSize: 4, onHand: 0 });
    sold(w.store, slow.product.id, Array(56).fill(1));
    const fast = pair(w, { packSize: 4, onHand: 0 });
    sold(w.store, fast.product.id, Array(56).fill(3));
    const some = pair(w, { packSize: 4, onHand: 2 });
    sold(w.store, some.product.id, Array(56).fill(2));
    const full = pair(w, { packSize: 4, onHand: 100 });
    sold(w.store, full.product.id, Array(56).fill(2));
    const order = restockSuggestions(at(w.store, MONDAY_MORNING)).suggestions.map((s) => [s.productId, s.packs]);
    // Cover 4 days: 3 × 4 = 12 → 3 packs; 1 × 4 = 4 → 1 pack; 2 × 4 − 2 = 6 → 2 packs; full: none.
    expect(order).toEqual([
      [fast.product.id, 3],
      [slow.product.id, 1],
      [some.product.id, 2],
      [full.product.id, 0],
    ]);
  });

  it("has nothing to suggest without a distributor", async () => {
    const { ctx } = await makeStore(db);
    makeProduct(ctx);
    expect(restockSuggestions(at(ctx, MONDAY_MORNING))).toEqual({
      distributors: [],
      distributor: null,
      delivery: null,
      suggestions: [],
    });
  });
});
