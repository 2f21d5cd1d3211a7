import { afterAll, describe, expect, it } from "vitest";
import { recomputeSalesRollups } from "~/domain/analysis/rollups.server";
import type { Ctx } from "~/domain/context.server";
import { creditBook } from "~/domain/credit/balances.server";
import { shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { updateProduct } from "~/domain/inventory/save-product.server";
import { getSale } from "~/domain/sales/get-sale.server";
import { syncSales, type OfflineSale } from "~/domain/sales/sync-sales.server";
import { PINNED_NOW } from "../support/clock";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { rollupRows } from "../support/rollups";
import { creditViolations, saleStockViolations } from "../support/sales";
import { dbSnapshot } from "../support/snapshot";

const testDb = createTestDb();
afterAll(() => testDb.close());

const HOUR = 60 * 60 * 1000;

function catalogVersion(ctx: Ctx): number {
  const row = ctx.db.$client.prepare("select version from catalog_versions where org_id = ?").get(ctx.org.id) as
    { version: number } | undefined;
  return row?.version ?? 0;
}

async function shop() {
  const { ctx } = await makeStore(testDb.db);
  const noodles = makeProduct(ctx, { name: "白象红烧牛肉面", priceFen: 450 });
  const water = makeProduct(ctx, { name: "娃哈哈纯净水", priceFen: 150 });
  for (const p of [noodles, water])
    receiveStock(ctx, p.id, { requestId: newId(), qty: 20, unit: "base", costFen: 100, batchNo: "", expiryDate: "" });
  return { ctx, noodles, water, version: catalogVersion(ctx) };
}

function sale(version: number, lines: [string, number, number][], extra: Partial<OfflineSale> = {}): OfflineSale {
  return {
    saleId: newId(),
    madeAt: PINNED_NOW - HOUR,
    catalogVersion: version,
    tender: "cash",
    lines: lines.map(([productId, qty, unitPriceFen]) => ({ productId, qty, unitPriceFen })),
    ...extra,
  };
}

function expectBooksHold(ctx: Ctx) {
  expect(ledgerViolations(testDb.db)).toEqual([]);
  expect(saleStockViolations(testDb.db)).toEqual([]);
  expect(creditViolations(testDb.db)).toEqual([]);
  // The rollups the sync kept are the ones a rebuild from the sales themselves gives.
  const kept = rollupRows(testDb.db);
  recomputeSalesRollups(testDb.db, ctx.org.id);
  expect(rollupRows(testDb.db)).toEqual(kept);
}

describe("syncing sales made offline", () => {
  it("records each sale at the time it was made: yesterday's sale lands on yesterday, its credit too", async () => {
    const { ctx, noodles, water, version } = await shop();
    const yesterday = PINNED_NOW - 20 * HOUR;
    const cash = sale(version, [[noodles.id, 2, 450]], { madeAt: yesterday, cashReceivedFen: 1000 });
    const credit = sale(version, [[water.id, 3, 150]], { tender: "credit", customerName: "王婶", madeAt: yesterday });
    const results = syncSales(ctx, { storeId: ctx.org.id, sales: [cash, credit] });
    expect(results).toEqual([
      { saleId: cash.saleId, status: "recorded" },
      { saleId: credit.saleId, status: "recorded" },
    ]);
    const recorded = getSale(ctx, cash.saleId).sale;
    expect(recorded).toMatchObject({ totalFen: 900, changeFen: 100, createdAt: yesterday });
    expect(getSale(ctx, credit.saleId).sale.createdAt).toBe(yesterday);
    const days = testDb.db.$client.prepare("select distinct day from sales_daily where org_id = ?").all(ctx.org.id) as {
      day: string;
    }[];
    expect(days).toEqual([{ day: shanghaiDate(yesterday) }]);
    expect(shanghaiDate(yesterday)).not.toBe(shanghaiDate(PINNED_NOW));
    const entry = testDb.db.$client
      .prepare("select created_at from credit_entries where sale_id = ?")
      .get(credit.saleId);
    expect(entry).toEqual({ created_at: yesterday });
    expect(creditBook(ctx).totalOwedFen).toBe(450);
    expect(getProductDetail(ctx, noodles.id).product.onHand).toBe(18);
    expect(getProductDetail(ctx, water.id).product.onHand).toBe(17);
    expectBooksHold(ctx);
  });

  it("answers a replayed sale as a duplicate with its first result and writes nothing", async () => {
    const { ctx, noodles, version } = await shop();
    const first = sale(version, [[noodles.id, 25, 450]]);
    expect(syncSales(ctx, { storeId: ctx.org.id, sales: [first] })).toEqual([
      { saleId: first.saleId, status: "recorded", flags: ["oversold"] },
    ]);
    const before = dbSnapshot(testDb.db);
    expect(syncSales(ctx, { storeId: ctx.org.id, sales: [first, first] })).toEqual([
      { saleId: first.saleId, status: "duplicate", flags: ["oversold"] },
      { saleId: first.saleId, status: "duplicate", flags: ["oversold"] },
    ]);
    expect(dbSnapshot(testDb.db)).toEqual(before);
  });

  it("refuses a different sale under a spent id, and keeps the first", async () => {
    const { ctx, noodles, water, version } = await shop();
    const first = sale(version, [[noodles.id, 1, 450]]);
    syncSales(ctx, { storeId: ctx.org.id, sales: [first] });
    const changed = { ...first, lines: [{ productId: water.id, qty: 1, unitPriceFen: 150 }] };
    expect(syncSales(ctx, { storeId: ctx.org.id, sales: [changed] })).toEqual([
      { saleId: first.saleId, status: "refused", code: "sale.idReused" },
    ]);
    expect(getSale(ctx, first.saleId).lines.map((l) => l.productId)).toEqual([noodles.id]);
  });

  it("refuses one bad sale (a product deleted meanwhile) without blocking the others or writing any of it", async () => {
    const { ctx, noodles, water, version } = await shop();
    const gone = makeProduct(ctx, { name: "过期饼干", priceFen: 300 });
    updateProduct(ctx, gone.id, { ...gone, active: false });
    const good1 = sale(version, [[noodles.id, 1, 450]]);
    const bad = sale(version, [
      [water.id, 1, 150],
      [gone.id, 1, 300],
    ]);
    const good2 = sale(version, [[water.id, 2, 150]]);
    const results = syncSales(ctx, { storeId: ctx.org.id, sales: [good1, bad, good2] });
    expect(results).toEqual([
      { saleId: good1.saleId, status: "recorded" },
      { saleId: bad.saleId, status: "refused", code: "sale.productGone", params: { name: "过期饼干" } },
      { saleId: good2.saleId, status: "recorded" },
    ]);
    expect(() => getSale(ctx, bad.saleId)).toThrow();
    expect(getProductDetail(ctx, water.id).product.onHand).toBe(18);
    expectBooksHold(ctx);
  });

  it("writes a batch with two refused sales as a savepoint per sale would: the rest once each, nothing of the refused", async () => {
    // The sync writes a clean batch without savepoints and writes it again from the first refused
    // sale on with one per sale (decision 033): the outcome must be the same sale for sale.
    const { ctx, noodles, water, version } = await shop();
    const gone = makeProduct(ctx, { name: "停售饮料", priceFen: 300 });
    updateProduct(ctx, gone.id, { ...gone, active: false });
    const good = [0, 1, 2, 3].map((i) =>
      sale(version, [[noodles.id, i + 1, 450]], {
        tender: i === 2 ? "credit" : "cash",
        customerName: i === 2 ? "王大姐" : undefined,
      }),
    );
    // Refused after writing: a credit sale opens its new customer's account before the sale row
    // finds its id spent by another store.
    const elsewhere = await shop();
    const spent = sale(elsewhere.version, [[elsewhere.noodles.id, 1, 450]]);
    syncSales(elsewhere.ctx, { storeId: elsewhere.ctx.org.id, sales: [spent] });
    const bad1 = sale(version, [[water.id, 3, 150]], { saleId: spent.saleId, tender: "credit", customerName: "李四" });
    const bad2 = sale(version, [
      [water.id, 4, 150],
      [gone.id, 1, 300],
    ]);
    const deviceId = newId();
    const results = syncSales(ctx, {
      storeId: ctx.org.id,
      deviceId,
      sales: [good[0], bad1, good[1], good[0], bad2, good[2], good[3]],
    });
    expect(results).toEqual([
      { saleId: good[0].saleId, status: "recorded" },
      { saleId: bad1.saleId, status: "refused", code: "sale.idReused" },
      { saleId: good[1].saleId, status: "recorded" },
      { saleId: good[0].saleId, status: "duplicate" },
      { saleId: bad2.saleId, status: "refused", code: "sale.productGone", params: { name: "停售饮料" } },
      { saleId: good[2].saleId, status: "recorded" },
      { saleId: good[3].saleId, status: "recorded" },
    ]);
    for (const bad of [bad1, bad2]) expect(() => getSale(ctx, bad.saleId)).toThrow();
    const customers = testDb.db.$client.prepare("select name from customers where org_id = ? order by name");
    expect(customers.all(ctx.org.id)).toEqual([{ name: "王大姐" }]);
    expect(getProductDetail(ctx, noodles.id).product.onHand).toBe(20 - (1 + 2 + 3 + 4));
    expect(getProductDetail(ctx, water.id).product.onHand).toBe(20);
    expect(creditBook(ctx).owing.map((c) => [c.name, c.balanceFen])).toEqual([["王大姐", 3 * 450]]);
    expectBooksHold(ctx);
    // The device was marked as synced once, by the pass that committed.
    const marks = testDb.db.$client.prepare("select count(*) as n from sync_devices where device_id = ?").get(deviceId);
    expect(marks).toEqual({ n: 1 });
  });

  it("accepts the price the phone's catalog version had, and flags a price the product never had", async () => {
    const { ctx, noodles, version } = await shop();
    updateProduct(ctx, noodles.id, { ...noodles, priceFen: 500 });
    expect(catalogVersion(ctx)).toBeGreaterThan(version);
    const oldPrice = sale(version, [[noodles.id, 2, 450]]);
    const newPrice = sale(catalogVersion(ctx), [[noodles.id, 1, 500]]);
    const madeUp = sale(version, [[noodles.id, 1, 99]]);
    const results = syncSales(ctx, { storeId: ctx.org.id, sales: [oldPrice, newPrice, madeUp] });
    expect(results).toEqual([
      { saleId: oldPrice.saleId, status: "recorded" },
      { saleId: newPrice.saleId, status: "recorded" },
      { saleId: madeUp.saleId, status: "recorded", flags: ["price"] },
    ]);
    expect(getSale(ctx, oldPrice.saleId).sale.totalFen).toBe(900);
    // What the customer paid is what the books say, flagged for the owner to look at.
    expect(getSale(ctx, madeUp.saleId).sale.totalFen).toBe(99);
    const flagged = testDb.db.$client
      .prepare("select id from sales where org_id = ? and price_flagged = 1")
      .all(ctx.org.id) as { id: string }[];
    expect(flagged).toEqual([{ id: madeUp.saleId }]);
    expectBooksHold(ctx);
  });

  it("refuses a sale from the future or older than the offline limit, but still knows a recorded one", async () => {
    const { ctx, noodles, version } = await shop();
    const future = sale(version, [[noodles.id, 1, 450]], { madeAt: PINNED_NOW + HOUR });
    const ancient = sale(version, [[noodles.id, 1, 450]], { madeAt: PINNED_NOW - 15 * 24 * HOUR });
    const skewed = sale(version, [[noodles.id, 1, 450]], { madeAt: PINNED_NOW + 60_000 });
    expect(syncSales(ctx, { storeId: ctx.org.id, sales: [future, ancient, skewed] })).toEqual([
      { saleId: future.saleId, status: "refused", code: "sync.madeAtFuture" },
      { saleId: ancient.saleId, status: "refused", code: "sync.madeAtTooOld", params: { days: 14 } },
      { saleId: skewed.saleId, status: "recorded" },
    ]);
    // A phone a minute fast: the sale is taken at the server's now, never in its future.
    expect(getSale(ctx, skewed.saleId).sale.createdAt).toBe(PINNED_NOW);
    const later = { ...ctx, clock: { now: () => PINNED_NOW + 20 * 24 * HOUR } };
    expect(syncSales(later, { storeId: ctx.org.id, sales: [skewed] })).toEqual([
      { saleId: skewed.saleId, status: "duplicate" },
    ]);
  });

  it("bounds a sale's time by the device's last successful sync and the offline limit (decision 044)", async () => {
    const { ctx, noodles, version } = await shop();
    const device = newId();
    const DAY = 24 * HOUR;
    const atTime = (ms: number) => ({ ...ctx, clock: { now: () => ms } });
    // The phone syncs today, then is put away for 20 days and sells all along.
    expect(
      syncSales(ctx, { storeId: ctx.org.id, deviceId: device, sales: [sale(version, [[noodles.id, 1, 450]])] }),
    ).toHaveLength(1);
    const back = PINNED_NOW + 20 * DAY;
    const afterSync = sale(version, [[noodles.id, 1, 450]], { madeAt: PINNED_NOW + 2 * DAY });
    const justBefore = sale(version, [[noodles.id, 1, 450]], { madeAt: PINNED_NOW - 13 * DAY });
    const tooEarly = sale(version, [[noodles.id, 1, 450]], { madeAt: PINNED_NOW - 15 * DAY });
    // Without a device id the same sales are bounded by the server's now: 18 days is too old.
    expect(
      syncSales(atTime(back), { storeId: ctx.org.id, sales: [{ ...afterSync, saleId: newId() }] })[0],
    ).toMatchObject({ status: "refused", code: "sync.madeAtTooOld" });
    expect(
      syncSales(atTime(back), { storeId: ctx.org.id, deviceId: device, sales: [afterSync, justBefore, tooEarly] }),
    ).toEqual([
      { saleId: afterSync.saleId, status: "recorded" },
      { saleId: justBefore.saleId, status: "recorded" },
      { saleId: tooEarly.saleId, status: "refused", code: "sync.madeAtTooOld", params: { days: 14 } },
    ]);
    expect(getSale(ctx, afterSync.saleId).sale.createdAt).toBe(PINNED_NOW + 2 * DAY);
    // That answered sync is now the device's last: a sale 15 days before it is too early, 13 is not.
    const late = [back - 15 * DAY, back - 13 * DAY].map((madeAt) => sale(version, [[noodles.id, 1, 450]], { madeAt }));
    expect(
      syncSales(atTime(back + HOUR), { storeId: ctx.org.id, deviceId: device, sales: late }).map((r) => r.status),
    ).toEqual(["refused", "recorded"]);
    // The anchor is per store and never moves back (a request answered with an older clock).
    const rows = () =>
      ctx.db.$client.prepare("select org_id, last_sync_at from sync_devices where device_id = ?").all(device);
    syncSales(atTime(PINNED_NOW), {
      storeId: ctx.org.id,
      deviceId: device,
      sales: [sale(version, [[noodles.id, 1, 450]])],
    });
    expect(rows()).toEqual([{ org_id: ctx.org.id, last_sync_at: back + HOUR }]);
    expectBooksHold(ctx);
  });

  it("refuses a credit sale with no customer, as the sell form does", async () => {
    const { ctx, noodles, version } = await shop();
    const nobody = sale(version, [[noodles.id, 1, 450]], { tender: "credit", customerName: "  " });
    expect(syncSales(ctx, { storeId: ctx.org.id, sales: [nobody] })).toEqual([
      { saleId: nobody.saleId, status: "refused", code: "sale.customerRequired" },
    ]);
  });
});
