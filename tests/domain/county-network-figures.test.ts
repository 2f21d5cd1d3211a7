import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { organisations, storeMonthCategories, storeMonths } from "../../db/schema";
import { giveConsent } from "~/domain/county/consent.server";
import { disclosureRules } from "~/domain/county/disclosure";
import { countyHome, countyReport } from "~/domain/county/figures.server";
import { addMonths } from "~/domain/county/months";
import { protectedMonth } from "~/domain/county/publish.server";
import { publishMonth } from "~/domain/county/publish.server";
import { countyReportXlsx } from "~/domain/county/report-xlsx.server";
import { readXlsx } from "~/domain/sheets/xlsx.server";
import { at, shanghai } from "../support/clock";
import { COUNTY_MONTH, makeBureau } from "../support/county";
import { createTestDb } from "../support/db";
import { makeStore } from "../support/factories";

// The delivery network, stopped stores, savings and restock by category as the bureau sees
// them: computed from known store months to the unit, hidden where a store could be inferred,
// and not recoverable by subtraction along a township's row or a category's column.

const { db, close } = createTestDb();
afterAll(() => close());
const month = COUNTY_MONTH;
let bureau: Awaited<ReturnType<typeof makeBureau>>;

type Plan = {
  township: string;
  deliveries: number;
  onTime: number;
  ordered: number;
  shipped: number;
  stopped: number;
  saved: number;
  rice: number;
  noodles: number;
};
// 兰阳街道: 6 stores, all delivered to; 堌阳镇: 5 stores, one holds nearly all the 方便食品 restock;
// 东坝头镇: 5 stores, only 2 received deliveries.
const plan: Plan[] = [
  ...[0, 1, 2, 3, 4, 5].map((i) => ({
    township: "410225001",
    deliveries: 8 + i,
    onTime: 7 + i,
    ordered: 100,
    shipped: 95,
    stopped: i === 0 ? 1 : 0,
    saved: 1000 + i,
    rice: 20_000,
    noodles: 10_000,
  })),
  ...[0, 1, 2, 3].map(() => ({
    township: "410225101",
    deliveries: 4,
    onTime: 4,
    ordered: 50,
    shipped: 50,
    stopped: 0,
    saved: 500,
    rice: 15_000,
    noodles: 1_000,
  })),
  {
    township: "410225101",
    deliveries: 4,
    onTime: 2,
    ordered: 50,
    shipped: 40,
    stopped: 1,
    saved: 500,
    rice: 15_000,
    noodles: 400_000,
  },
  ...[0, 1, 2, 3, 4].map((i) => ({
    township: "410225106",
    deliveries: i < 2 ? 9 : 0,
    onTime: i < 2 ? 9 : 0,
    ordered: i < 2 ? 30 : 0,
    shipped: i < 2 ? 30 : 0,
    stopped: 0,
    saved: 0,
    rice: 12_000,
    noodles: 8_000,
  })),
];

beforeAll(async () => {
  for (const p of plan) {
    const store = await makeStore(db);
    db.update(organisations).set({ placeCode: p.township }).where(eq(organisations.id, store.org.id)).run();
    giveConsent(at(store.ctx, shanghai(`${addMonths(month, -2)}-10T09:00`)));
    db.insert(storeMonths)
      .values({
        orgId: store.org.id,
        month,
        countyCode: "410225",
        townshipCode: p.township,
        salesFen: 1_000_000,
        restockFen: p.rice + p.noodles,
        deliveries: p.deliveries,
        onTime: p.onTime,
        packsOrdered: p.ordered,
        packsShipped: p.shipped,
        stopped: p.stopped,
        savedFen: p.saved,
      })
      .run();
    db.insert(storeMonthCategories)
      .values([
        { orgId: store.org.id, month, countyCode: "410225", category: "粮油", restockFen: p.rice },
        { orgId: store.org.id, month, countyCode: "410225", category: "方便食品", restockFen: p.noodles },
      ])
      .run();
  }
  bureau = await makeBureau(db);
  publishMonth(bureau.ctx, month);
});

const days = Number(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate());

describe("the delivery network by township", () => {
  it("shows deliveries per week, on time, fill and stopped stores where enough stores make them", () => {
    const home = countyHome(bureau.ctx);
    const lanyang = home.townships.find((t) => t.name === "兰阳街道")!;
    const deliveries = 8 + 9 + 10 + 11 + 12 + 13;
    expect(lanyang.deliveriesPerWeek).toEqual({ state: "shown", value: Math.round((deliveries * 70) / days) });
    expect(lanyang.onTimeRate).toEqual({ state: "shown", value: Math.round(((deliveries - 6) / deliveries) * 1000) });
    expect(lanyang.fillRate).toEqual({ state: "shown", value: 950 });
    expect(lanyang.stoppedStores).toEqual({ state: "shown", value: 1 });
    expect(lanyang.savedFen).toEqual({ state: "shown", value: 6000 + 15 });
    // 堌阳镇 is the smallest cell shown beside 东坝头镇 (too few): it is hidden as the complement.
    const guyang = home.townships.find((t) => t.name === "堌阳镇")!;
    expect(guyang.deliveriesPerWeek.state).toBe("confidential");
    expect(guyang.onTimeRate.state).toBe("confidential");
  });

  it("labels a township where too few stores received deliveries, and protects it in the county total", () => {
    const home = countyHome(bureau.ctx);
    const dongbatou = home.townships.find((t) => t.name === "东坝头镇")!;
    expect(dongbatou.deliveriesPerWeek.state).toBe("few");
    expect(dongbatou.onTimeRate.state).toBe("few");
    // The county total minus the shown townships would give 东坝头镇 away: one more cell is hidden.
    const column = [home.county, ...home.townships].map((h) => h.deliveriesPerWeek.state);
    expect(column.filter((s) => s !== "shown").length).toBeGreaterThanOrEqual(2);
    // Savings: no store of 东坝头镇 saved anything, an empty cell is a true zero-free "none".
    expect(home.county.stoppedStores).toEqual({ state: "shown", value: 2 });
  });

  it("carries the new figures into the monthly report beside the month before", () => {
    const report = countyReport(bureau.ctx, month);
    expect(report.county.now.fillRate.state).not.toBe("none");
    expect(report.county.before.fillRate).toEqual({ state: "none" });
    // Restock by category too, beside the month before (nothing published then: no figure, never a zero).
    expect(report.goods.now.categories).toEqual(["方便食品", "粮油"]);
    const county = report.goods.now.rows.find((r) => r.place === "county")!;
    const rice = county.values[report.goods.now.categories.indexOf("粮油")];
    if (rice.state === "shown") expect(rice.value).toBe(plan.reduce((n, p) => n + p.rice, 0));
    expect(report.goods.before.rows.every((r) => r.values.every((f) => f.state === "none"))).toBe(true);
  });

  it("exports restock by category in the XLSX with the same labels", async () => {
    const rows = await readXlsx((await countyReportXlsx(bureau.ctx, month)).body, 1000);
    const categoryRows = rows.filter((r) => String(r[1]).startsWith("进货额："));
    expect(categoryRows.length).toBe(2 * 4);
    expect(categoryRows.some((r) => r[2] === "保密")).toBe(true);
    for (const r of categoryRows) expect(r[2]).not.toBe("0");
  });
});

describe("restock by category", () => {
  it("shows each category by township to the fen, and hides the dominated cell with a complement in its row and column", () => {
    const { goods } = countyHome(bureau.ctx);
    expect(goods.categories).toEqual(["方便食品", "粮油"]);
    const cell = (name: string, category: string) => {
      const row = goods.rows.find((r) => (name === "county" ? r.place === "county" : r.name === name))!;
      return row.values[goods.categories.indexOf(category)];
    };
    // Every figure shown is the exact sum of its stores; the dominated cell is hidden.
    const names: Record<string, string> = { 兰阳街道: "410225001", 堌阳镇: "410225101", 东坝头镇: "410225106" };
    let shown = 0;
    for (const row of goods.rows) {
      goods.categories.forEach((category, k) => {
        const f = row.values[k];
        if (f.state !== "shown") return;
        shown += 1;
        const key = category === "粮油" ? "rice" : "noodles";
        const expected = plan
          .filter((p) => row.place === "county" || p.township === names[row.name])
          .reduce((n, p) => n + p[key], 0);
        expect(f.value, `${row.name} ${category}`).toBe(expected);
      });
    }
    expect(shown).toBeGreaterThan(0);
    // One store is 400,000 of 堌阳镇's 404,000 方便食品: dominated.
    expect(cell("堌阳镇", "方便食品").state).toBe("confidential");
  });

  it("leaves nothing an outsider can recover by subtraction along rows or columns", () => {
    const rows = plan.map((p, i) => ({
      orgId: `s${i}`,
      month,
      countyCode: "410225",
      townshipCode: p.township,
      salesFen: 1_000_000,
      creditFen: 0,
      saleCount: 0,
      sellingDays: 20,
      restockFen: p.rice + p.noodles,
      stockDays: 0,
      stockoutDays: 0,
      basketFen: 0,
      deliveries: p.deliveries,
      onTime: p.onTime,
      packsOrdered: p.ordered,
      packsShipped: p.shipped,
      stopped: p.stopped,
      savedFen: p.saved,
    }));
    const categories = plan.flatMap((p, i) => [
      { orgId: `s${i}`, category: "粮油", restockFen: p.rice },
      { orgId: `s${i}`, category: "方便食品", restockFen: p.noodles },
    ]);
    const cells = protectedMonth("410225", month, rows, disclosureRules(), categories);
    const restock = cells.filter((c) => c.measure === "restock" || c.measure.startsWith("restockCat:"));
    const value = (measure: string, place: string) => restock.find((c) => c.measure === measure && c.place === place)!;
    const places = ["410225001", "410225101", "410225106", "county"];
    const measures = ["restock", "restockCat:粮油", "restockCat:方便食品"];
    // The attacker: any relation (a column: county = Σ townships; a row: restock = Σ categories)
    // with exactly one hidden member gives that member away.
    const relations = [
      ...measures.map((m) => [value(m, "county"), ...places.slice(0, 3).map((p) => value(m, p))]),
      ...places.map((p) => [value("restock", p), value("restockCat:粮油", p), value("restockCat:方便食品", p)]),
    ];
    let recovered = 0;
    for (const members of relations) if (members.filter((c) => c.state !== "shown").length === 1) recovered += 1;
    expect(restock.some((c) => c.state === "confidential")).toBe(true);
    expect(recovered).toBe(0);
    for (const c of restock) if (c.state !== "shown") expect(c.value).toBeNull();
  });
});
