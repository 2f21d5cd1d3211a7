import { afterAll, describe, expect, it } from "vitest";
import { storeDashboard } from "~/domain/analysis/dashboard.server";
import { analysisCsv, analysisSheet, analysisXlsx } from "~/domain/analysis/export-tables.server";
import { productInsight } from "~/domain/analysis/product-insight.server";
import { recomputeSalesRollups } from "~/domain/analysis/rollups.server";
import { parseCsv } from "~/domain/sheets/csv.server";
import { readXlsx } from "~/domain/sheets/xlsx.server";
import { addClerk, makeAnalysisStore, NOW, sellAt } from "../support/analysis";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";
import { makeSku, stockSku } from "../support/distribution";
import { cartInput } from "../support/restock";
import { submitOrder } from "~/domain/restock/submit-order.server";
import { at } from "../support/clock";

// Figures worked out by hand from the sales in tests/support/analysis.ts (Shanghai times):
//   12-20 11:00 酱油×1 · 12-26 08:00 面×1 · 12-27 08:00 水×5 · 01-02 09:00 面×2          (before)
//   01-03 20:30 面×4 = 18.00 · 01-05 10:00 面+水 = 6.50 (credit) · 01-08 11:00 水×2 = 4.00
//   01-08 19:00 水×10 = 20.00 · 01-09 09:15 面×2 = 9.00 · 01-09 14:05 水×3 = 6.00       (this week)
// 面 sells at 4.50 (cost 3.50), 水 at 2.00 (cost 1.20). "Now" is Wednesday 2030-01-09 15:30.

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const world = await makeAnalysisStore(db);
const { ctx, products: p } = world;

describe("storeDashboard: takings, margin, sales and basket against the previous period", () => {
  it("7 days: 01-03…01-09 against 12-27…01-02", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "7d" });
    expect(d.range).toEqual({
      from: "2030-01-03",
      to: "2030-01-09",
      prevFrom: "2029-12-27",
      prevTo: "2030-01-02",
      hourCap: null,
    });
    // 1800 + 650 + 400 + 2000 + 900 + 600 = 6350; cost 1400 + 470 + 240 + 1200 + 700 + 360 = 4370.
    expect(d.current).toEqual({ takingsFen: 6350, sales: 6, basketFen: 1058, marginFen: 1980, marginBp: 3118 });
    // 1000 (水×5) + 900 (面×2); cost 600 + 700.
    expect(d.previous).toEqual({ takingsFen: 1900, sales: 2, basketFen: 950, marginFen: 600, marginBp: 3158 });
  });

  it("today is compared with yesterday up to the same hour, not with all of yesterday", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "today" });
    expect(d.range).toMatchObject({ from: "2030-01-09", prevFrom: "2030-01-08", prevTo: "2030-01-08", hourCap: 15 });
    expect(d.current).toEqual({ takingsFen: 1500, sales: 2, basketFen: 750, marginFen: 440, marginBp: 2933 });
    // Yesterday 11:00 (4.00) counts; yesterday 19:00 (20.00) is later in the day than now.
    expect(d.previous).toEqual({ takingsFen: 400, sales: 1, basketFen: 400, marginFen: 160, marginBp: 4000 });
  });

  it("30 days takes in everything since 12-11 and compares with an empty month", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "30d" });
    expect(d.current).toMatchObject({ takingsFen: 6350 + 1900 + 1000 + 450, sales: 10 });
    expect(d.previous).toMatchObject({ takingsFen: 0, sales: 0, basketFen: 0, marginBp: 0 });
  });
});

describe("storeDashboard: when the shop sells", () => {
  it("buckets the period by Shanghai hour, and the last four whole weeks by weekday", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "7d" });
    const hours = Object.fromEntries(d.byHour.filter((h) => h.sales > 0).map((h) => [h.hour, h.takingsFen]));
    expect(hours).toEqual({ 9: 900, 10: 650, 11: 400, 14: 600, 19: 2000, 20: 1800 });
    // 12-12 … 01-08 (today is not over): Tue 01-08 4.00 + 20.00; Wed 12-26 4.50, 01-02 9.00;
    // Thu 12-20 10.00, 12-27 10.00, 01-03 18.00; Sat 01-05 6.50. Four of each weekday.
    const weekdays = Object.fromEntries(
      d.byWeekday.filter((w) => w.sales > 0).map((w) => [w.weekday, [w.takingsFen, w.sales]]),
    );
    expect(weekdays).toEqual({ 2: [2400, 2], 3: [1350, 2], 4: [3800, 3], 6: [650, 1] });
    expect(d.byWeekday.map((w) => w.days)).toEqual([4, 4, 4, 4, 4, 4, 4]);
    // The same four weeks whatever the period.
    expect(storeDashboard(at(ctx, NOW), { period: "today" }).byWeekday).toEqual(d.byWeekday);
    expect(storeDashboard(at(ctx, NOW), { period: "30d" }).byHour.find((h) => h.hour === 8)).toEqual({
      hour: 8,
      takingsFen: 1000 + 450,
      sales: 2,
    });
  });
});

describe("storeDashboard: products", () => {
  it("ranks top sellers by units and top earners by gross profit", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "7d" });
    // 水 16 units, 32.00 takings, 12.80 profit; 面 7 units, 31.50, 7.00.
    expect(d.topSellers.map((r) => [r.name, r.qty, r.takingsFen, r.profitFen])).toEqual([
      ["水", 16, 3200, 1280],
      ["面", 7, 3150, 700],
    ]);
    expect(d.topEarners.map((r) => r.name)).toEqual(["水", "面"]);
  });

  it("lists slow movers (stock, no sale in 14 days) with the money tied up, and stock value at cost", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "7d" });
    // 酱油: 10 left × 7.00, last sold 12-20; 糖: 5 × 3.80, never sold. 水 is at −1 (oversold): no value.
    expect(d.slowMovers).toEqual([
      { productId: p.soy.id, name: "酱油", baseUnit: "袋", onHand: 10, lastSaleDay: "2029-12-20", tiedUpFen: 7000 },
      { productId: p.sugar.id, name: "糖", baseUnit: "袋", onHand: 5, lastSaleDay: null, tiedUpFen: 1900 },
    ]);
    expect(d.slowTiedUpFen).toBe(8900);
    expect(d.stockValueFen).toBe(350 + 0 + 7000 + 1900);
  });

  it("lists what runs out before Friday's delivery from 28 days of sales", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "today" });
    expect(d.delivery).toMatchObject({ deliveryDate: "2030-01-11" });
    expect(d.daysUntilDelivery).toBe(2);
    // 水: −1 on hand, 18 sold 12-12…01-08 → out. 面: 1 left, 8 sold → 3.5 days, enough for 2.
    expect(d.runouts.map((r) => [r.name, r.onHand, r.unitsPer28, r.coverTenths])).toEqual([["水", -1, 18, 0]]);
  });

  it("counts stock on orders not yet received: listed with it while still short, gone once covered", async () => {
    const w = await makeAnalysisStore(db);
    const dist = w.distributor!.ctx;
    // The distributor sells 水 (same barcode) by the single 袋.
    const sku = makeSku(dist, {
      name: "水",
      barcode: w.products.water.barcode!,
      packSize: 1,
      baseUnit: "袋",
      casePriceFen: 150,
    });
    stockSku(dist, sku, 50);
    submitOrder(at(w.ctx, NOW), cartInput(w.ctx, dist.org.id, [{ sku, packs: 1 }]));
    // −1 on hand + 1 on the way = 0: 0 × 28 < 18 × 2, still short; cover 0.
    expect(
      storeDashboard(at(w.ctx, NOW), { period: "today" }).runouts.map((r) => [
        r.name,
        r.onHand,
        r.incoming,
        r.coverTenths,
      ]),
    ).toEqual([["水", -1, 1, 0]]);
    const csv = parseCsv(analysisCsv(at(w.ctx, NOW), "runouts", { period: "7d" }).body);
    expect(csv[0][3]).toBe("在途");
    expect(csv[1]).toEqual(["水", "袋", "-1", "1", "18", "0.0"]);
    submitOrder(at(w.ctx, NOW), cartInput(w.ctx, dist.org.id, [{ sku, packs: 2 }]));
    // −1 + 3 = 2: 2 × 28 = 56 ≥ 18 × 2 = 36, lasts 3.1 days > 2: nothing to order.
    expect(storeDashboard(at(w.ctx, NOW), { period: "today" }).runouts).toEqual([]);
  });

  it("without a route assumes a week, and says so", async () => {
    const bare = await makeAnalysisStore(db, { route: false });
    const d = storeDashboard(at(bare.ctx, NOW), { period: "7d" });
    expect(d.delivery).toBeNull();
    expect(d.daysUntilDelivery).toBe(7);
    expect(d.runouts.map((r) => [r.name, r.coverTenths])).toEqual([
      ["水", 0],
      ["面", 35],
    ]);
  });

  it("lists lots expiring within 30 days, already expired first", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "7d" });
    expect(d.expiring.map((e) => [e.name, e.batchNo, e.expiryDate, e.onHand, e.daysLeft, e.valueFen])).toEqual([
      ["面", "M1", "2030-01-05", 1, -4, 350],
      ["酱油", "L1", "2030-01-20", 10, 11, 7000],
    ]);
  });

  it("totals the credit book", () => {
    const d = storeDashboard(at(ctx, NOW), { period: "7d" });
    expect(d.credit.totalOwedFen).toBe(650);
    expect(d.credit.owing.map((c) => [c.name, c.balanceFen])).toEqual([["李大娘", 650]]);
  });

  it("reads the rollups as a full rebuild from the ledger leaves them", () => {
    const before = storeDashboard(at(ctx, NOW), { period: "30d" });
    recomputeSalesRollups(db, ctx.org.id);
    expect(storeDashboard(at(ctx, NOW), { period: "30d" })).toEqual(before);
  });
});

describe("a clerk sees no cost or margin", () => {
  it("hides margin, earners, money tied up and stock value; refuses the earners export", async () => {
    const clerk = await addClerk(db, ctx.org);
    const d = storeDashboard(at(clerk.ctx, NOW), { period: "7d" });
    expect(d.current).toEqual({ takingsFen: 6350, sales: 6, basketFen: 1058, marginFen: null, marginBp: null });
    expect(d.topSellers.map((r) => r.profitFen)).toEqual([null, null]);
    expect(d.topEarners).toEqual([]);
    expect(d.slowMovers.map((r) => r.tiedUpFen)).toEqual([null, null]);
    expect([d.slowTiedUpFen, d.stockValueFen]).toEqual([null, null]);
    expect(d.expiring.map((e) => e.valueFen)).toEqual([null, null]);
    expect(() => analysisSheet(at(clerk.ctx, NOW), "earners", { period: "7d" })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(analysisSheet(at(clerk.ctx, NOW), "sellers", { period: "7d" }).columns).toHaveLength(4);
  });
});

describe("tenancy", () => {
  it("another store sees none of these figures and cannot open these products", async () => {
    const other = await makeStore(db);
    const own = makeProduct(other.ctx, { name: "别家的面" });
    sellAt(other.ctx, "2030-01-09T10:00", [[own, 3]]);
    const d = storeDashboard(at(other.ctx, NOW), { period: "7d" });
    expect(d.current).toMatchObject({ takingsFen: 1350, sales: 1 });
    expect(d.topSellers.map((r) => r.name)).toEqual(["别家的面"]);
    expect(d.credit.owing).toEqual([]);
    expect(d.expiring).toEqual([]);
    expect(() => productInsight(at(other.ctx, NOW), p.noodles.id)).toThrow(expect.objectContaining({ status: 404 }));
    // And the first store's figures did not move.
    expect(storeDashboard(at(ctx, NOW), { period: "7d" }).current.takingsFen).toBe(6350);
  });
});

describe("productInsight", () => {
  it("gives 90 days of units per day, realised margin and days of cover against the next delivery", () => {
    const i = productInsight(at(ctx, NOW), p.noodles.id);
    expect(i.days).toHaveLength(90);
    expect(i.days.at(-1)).toEqual({ day: "2030-01-09", qty: 2, takingsFen: 900 });
    expect(i.days.filter((x) => x.qty > 0).map((x) => [x.day, x.qty])).toEqual([
      ["2029-12-26", 1],
      ["2030-01-02", 2],
      ["2030-01-03", 4],
      ["2030-01-05", 1],
      ["2030-01-09", 2],
    ]);
    expect([i.units30, i.units90, i.takings90Fen, i.margin90Fen, i.margin90Bp]).toEqual([10, 10, 4500, 1000, 2222]);
    expect([i.unitsPer28, i.coverTenths, i.daysUntilDelivery, i.runsOut]).toEqual([8, 35, 2, false]);
    expect(productInsight(at(ctx, NOW), p.water.id)).toMatchObject({ coverTenths: 0, runsOut: true });
    expect(productInsight(at(ctx, NOW), p.sugar.id)).toMatchObject({
      coverTenths: null,
      runsOut: false,
      units90: 0,
    });
  });
});

describe("exports match the dashboard", () => {
  it("CSV: Chinese names and headers, yuan as text, one row per product", () => {
    const file = analysisCsv(at(ctx, NOW), "sellers", { period: "7d" });
    expect([file.fileName, file.ascii]).toEqual(["畅销商品-近7天.csv", "top-sellers-7d.csv"]);
    expect(parseCsv(file.body)).toEqual([
      ["商品", "单位", "销量", "营业额（元）", "毛利（元）"],
      ["水", "袋", "16", "32.00", "12.80"],
      ["面", "袋", "7", "31.50", "7.00"],
    ]);
    const runouts = parseCsv(analysisCsv(at(ctx, NOW), "runouts", { period: "7d" }).body);
    expect(runouts[1]).toEqual(["水", "袋", "-1", "0", "18", "0.0"]);
    const credit = parseCsv(analysisCsv(at(ctx, NOW), "credit", { period: "7d" }).body);
    expect(credit.slice(1).map((r) => [r[0], r[2]])).toEqual([["李大娘", "6.50"]]);
  });

  it("the sales list of the period, in Shanghai time, oldest first", () => {
    const rows = parseCsv(analysisCsv(at(ctx, NOW), "sales", { period: "7d" }).body);
    expect(rows[0]).toEqual(["时间", "付款方式", "件数", "金额（元）", "退款（元）", "实收（元）", "状态", "顾客"]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[5], r[7]])).toEqual([
      ["2030-01-03 20:30", "现金", "4", "18.00", ""],
      ["2030-01-05 10:00", "赊账", "2", "6.50", "李大娘"],
      ["2030-01-08 11:00", "现金", "2", "4.00", ""],
      ["2030-01-08 19:00", "现金", "10", "20.00", ""],
      ["2030-01-09 09:15", "现金", "2", "9.00", ""],
      ["2030-01-09 14:05", "微信", "3", "6.00", ""],
    ]);
  });

  it("XLSX: numbers stay numbers; an unknown table is a 404", async () => {
    const file = await analysisXlsx(at(ctx, NOW), "slow", { period: "7d" });
    expect(file.fileName).toBe("不动销商品-2030-01-09.xlsx");
    expect(await readXlsx(file.body, 100)).toEqual([
      ["商品", "单位", "库存", "上次卖出", "压货金额（元）"],
      ["酱油", "袋", "10", "2029-12-20", "70"],
      ["糖", "袋", "5", "", "19"],
    ]);
    expect(() => analysisSheet(ctx, "passwords", { period: "7d" })).toThrow(expect.objectContaining({ status: 404 }));
  });
});
