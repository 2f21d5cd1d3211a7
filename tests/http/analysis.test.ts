import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeDashboard } from "~/domain/analysis/dashboard.server";
import { addDays } from "~/domain/dates";
import { fenToYuanString } from "~/domain/money";
import { formatMoney } from "~/i18n/messages";
import { addClerk, makeAnalysisStore } from "../support/analysis";
import { makeSku, stockSku } from "../support/distribution";
import { makeProduct, makeStore } from "../support/factories";
import { cartInput } from "../support/restock";
import { submitOrder } from "~/domain/restock/submit-order.server";
import { shows, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { PINNED_TODAY } from "../support/clock";

// The dashboard over HTTP as a phone without JavaScript gets it, and its downloads read back.
// The server's clock starts at PINNED_NOW (Wednesday 2026-11-25 10:00 Shanghai); the story ends
// the day before, so every sale is in the past, and the next delivery on the Tuesday/Friday route
// is Friday, two days on (a run-out is what will not last until then). The same cases on every
// weekday, with their own figures, are in tests/domain/weekdays.test.ts.
const STORY_DAY = addDays(PINNED_TODAY, -1);

let server: TestServer;
let world: Awaited<ReturnType<typeof makeAnalysisStore>>;
let owner: Client;
beforeAll(async () => {
  server = await startTestServer();
  // The hand-computed story of tests/support/analysis.ts, ending yesterday.
  world = await makeAnalysisStore(server.db, { today: STORY_DAY });
  owner = new Client(server.url);
  await owner.logIn(world.user.phone, world.user.password);
});
afterAll(() => server?.stop());

const money = (fen: number) => formatMoney("zh-CN", fen);

async function page(client: Client, path: string) {
  const res = await client.get(path);
  expect(res.status).toBe(200);
  return res.text();
}

async function xlsxRows(res: Response): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))),
  );
  return rows;
}

describe("the dashboard page", () => {
  it("renders on the server with advice, KPIs against the previous period, SVG charts with text alternatives and the lists", async () => {
    const html = await page(owner, "/store/analysis?period=30d");
    const d = storeDashboard(world.ctx, { period: "30d" });
    expect(shows(html, "经营分析")).toBe(true);
    const visible = visibleHtml(html);
    // Advice first: run-outs against the next delivery, money tied up, expiring and expired lots, credit.
    expect(visible).toMatch(/1 样撑不到[^<]+送货（1 样已经卖完）/);
    expect(visible).toContain(`${money(8900)} 压在 2 样不动销的货上`);
    expect(visible).toContain("1 批货已过期，请下架");
    expect(visible).toContain("1 批货 30 天内过期");
    expect(visible).toContain(`赊账未收 ${money(650)}（1 位顾客）`);
    expect(visible.indexOf("该做什么")).toBeLessThan(visible.indexOf("营业额"));
    // KPIs as the domain computed them.
    expect(shows(html, money(d.current.takingsFen))).toBe(true);
    expect(shows(html, money(d.current.marginFen!))).toBe(true);
    expect(visible).toContain(`毛利率 ${(d.current.marginBp! / 100).toFixed(1)}%`);
    // Charts: images with a title and a hidden table of the same figures.
    expect(visible.match(/<svg[^>]*role="img"/g)).toHaveLength(2);
    expect(visible).toContain("<title>各时段营业额：最忙的是");
    expect(visible).toMatch(/<table class="sr-only"><caption>各时段营业额<\/caption>/);
    // Period switch as plain links.
    for (const p of ["today", "7d", "30d"]) expect(visible).toContain(`href="/store/analysis?period=${p}"`);
    expect(visible).toMatch(/<a aria-current="page"[^>]*>近30天<\/a>/);
  });

  it("a run-out with an order on the way shows it, and the note says orders on the way are counted", async () => {
    const w = await makeAnalysisStore(server.db, { today: STORY_DAY });
    const dist = w.distributor!.ctx;
    const sku = makeSku(dist, {
      name: "水",
      barcode: w.products.water.barcode!,
      packSize: 1,
      baseUnit: "袋",
      casePriceFen: 150,
    });
    stockSku(dist, sku, 50);
    submitOrder(w.ctx, cartInput(w.ctx, dist.org.id, [{ sku, packs: 1 }]));
    const client = new Client(server.url);
    await client.logIn(w.user.phone, w.user.password);
    const visible = visibleHtml(await page(client, "/store/analysis"));
    // −1 on hand + 1 on the way still does not last: listed, with what is coming.
    expect(visible).toMatch(/28 天卖了 \d+袋 · 在途 1袋/);
    expect(visible).toContain("已算上在途的订货");
  });

  it("is linked from the store home", async () => {
    expect(visibleHtml(await page(owner, "/store"))).toContain('href="/store/analysis"');
  });

  it("a clerk sees takings but no cost or margin, and cannot export the earners", async () => {
    const clerk = await addClerk(server.db, world.org);
    const client = new Client(server.url);
    await client.logIn(clerk.user.phone, clerk.user.password);
    const visible = visibleHtml(await page(client, "/store/analysis?period=30d"));
    expect(visible).toContain("营业额");
    expect(visible).not.toContain("毛利率");
    expect(visible).not.toContain("最赚钱");
    expect(visible).not.toContain("库存货值");
    expect(visible).not.toContain("压在");
    expect(visible).toContain("2 样货 14 天没卖出去");
    expect(visible).toContain("店员看不到进价和毛利。");
    expect((await client.get("/store/analysis/export.csv?table=earners&period=30d")).status).toBe(403);
    const sellers = parse(await (await client.get("/store/analysis/export.csv?table=sellers&period=30d")).text(), {
      bom: true,
    }) as string[][];
    expect(sellers[0]).toEqual(["商品", "单位", "销量", "营业额（元）"]);
  });

  it("asks for a log-in without a session", async () => {
    const res = await new Client(server.url).get("/store/analysis");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("exports match the page", () => {
  it("top sellers as CSV: Chinese file name with an ASCII fallback, figures as on the page", async () => {
    const res = await owner.get("/store/analysis/export.csv?table=sellers&period=30d");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toContain('filename="top-sellers-30d.csv"');
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe("畅销商品-近30天.csv");
    const rows = parse(await res.text(), { bom: true }) as string[][];
    expect(rows[0]).toEqual(["商品", "单位", "销量", "营业额（元）", "毛利（元）"]);
    const visible = visibleHtml(await page(owner, "/store/analysis?period=30d"));
    const d = storeDashboard(world.ctx, { period: "30d" });
    expect(rows.slice(1)).toEqual(
      d.topSellers.map((r) => [
        r.name,
        r.baseUnit,
        String(r.qty),
        fenToYuanString(r.takingsFen),
        fenToYuanString(r.profitFen!),
      ]),
    );
    for (const [name, unit, qty, takings] of rows.slice(1)) {
      expect(visible).toContain(`>${name}<`);
      expect(visible).toContain(`>${qty}${unit}<`);
      expect(visible).toContain(`>¥${takings}<`);
    }
  });

  it("slow movers, run-outs, expiring and credit as XLSX, each matching the page", async () => {
    const visible = visibleHtml(await page(owner, "/store/analysis?period=7d"));
    const slow = await xlsxRows(await owner.get("/store/analysis/export.xlsx?table=slow&period=7d"));
    expect(slow.slice(1).map((r) => [r[0], r[2], r[4]])).toEqual([
      ["酱油", "10", "70"],
      ["糖", "5", "19"],
    ]);
    expect(visible).toContain(`压着 ${money(7000)}`);
    const runouts = await xlsxRows(await owner.get("/store/analysis/export.xlsx?table=runouts&period=7d"));
    expect(runouts.slice(1).map((r) => r[0])).toEqual(["水"]);
    expect(visible).toContain("已经卖完（-1袋）");
    const expiring = await xlsxRows(await owner.get("/store/analysis/export.xlsx?table=expiring&period=7d"));
    expect(expiring.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ["面", "M1", "-5"],
      ["酱油", "L1", "10"],
    ]);
    const credit = await xlsxRows(await owner.get("/store/analysis/export.xlsx?table=credit&period=7d"));
    expect(credit.slice(1).map((r) => [r[0], r[2]])).toEqual([["李大娘", "6.5"]]);
    expect(visible).toContain(`>${money(650)}<`);
  });

  it("the sales list and the stock list download too", async () => {
    const sales = parse(await (await owner.get("/store/analysis/export.csv?table=sales&period=30d")).text(), {
      bom: true,
    }) as string[][];
    expect(sales.length - 1).toBe(10);
    const res = await owner.get("/store/export/stock.xlsx");
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get("content-disposition")!.split("UTF-8''")[1])).toMatch(
      /^库存-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const stock = await xlsxRows(res);
    expect(stock[0].slice(0, 2)).toEqual(["名称", "条码"]);
    expect(
      stock
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(["水", "酱油", "糖", "面"].sort());
  });

  it("the sales list of a day downloads from /store/sales and adds up to the day's takings there", async () => {
    const day = STORY_DAY;
    const html = await page(owner, `/store/sales?date=${day}`);
    expect(visibleHtml(html)).toContain(`href="/store/analysis/export.csv?table=sales&amp;date=${day}"`);
    expect(visibleHtml(html)).toMatch(/data-testid="takings">¥15\.00</);
    const res = await owner.get(`/store/analysis/export.xlsx?table=sales&date=${day}`);
    expect(decodeURIComponent(res.headers.get("content-disposition")!.split("UTF-8''")[1])).toBe(`销售-${day}.xlsx`);
    const rows = await xlsxRows(res);
    expect(rows.slice(1).map((r) => [r[0].slice(11), r[1], r[5]])).toEqual([
      ["09:15", "现金", "9"],
      ["14:05", "微信", "6"],
    ]);
  });

  it("an unknown table is a 404", async () => {
    expect((await owner.get("/store/analysis/export.csv?table=users")).status).toBe(404);
  });
});

describe("the product's sales trend", () => {
  it("shows the chart, cover and next delivery; is linked from the product page", async () => {
    const id = world.products.noodles.id;
    expect(visibleHtml(await page(owner, `/store/products/${id}`))).toContain(
      'href="/store/products/' + id + '/insight"',
    );
    const visible = visibleHtml(await page(owner, `/store/products/${id}/insight?days=90`));
    expect(visible).toMatch(/<svg[^>]*role="img"/);
    expect(visible).toContain("近 90 天共卖出 10袋");
    expect(visible).toContain("够卖天数");
  });

  it("another store's product is a 404", async () => {
    const other = await makeStore(server.db);
    const theirs = makeProduct(other.ctx, { name: "别家的面" });
    expect((await owner.get(`/store/products/${theirs.id}/insight`)).status).toBe(404);
  });
});

describe("in English", () => {
  it("every string of the page comes from the dictionary", async () => {
    const store = await makeAnalysisStore(server.db, { today: STORY_DAY });
    const client = new Client(server.url);
    await client.logIn(store.user.phone, store.user.password);
    expect((await client.post("/settings/language", { locale: "en", redirectTo: "/store/analysis" })).status).toBe(302);
    const visible = visibleHtml(await page(client, "/store/analysis?period=30d"));
    for (const text of [
      "Sales analysis",
      "What to do",
      "Takings",
      "Gross margin",
      "Top sellers (units)",
      "Not selling (no sale in 14 days)",
      "Credit outstanding",
    ]) {
      expect(visible).toContain(text);
    }
    expect(visible).toContain("<title>Takings by hour: Busiest at");
    expect(visible).not.toMatch(/[营毛赊该]/);
  });
});
