import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { products, restockOrderLines, restockOrders } from "@db/schema";
import { addDays } from "~/domain/dates";
import { recomputeDemand } from "~/domain/analysis/rollups.server";
import { isoWeekMonday } from "~/domain/dates";
import { PINNED_TODAY } from "../support/clock";
import { submitOrder } from "~/domain/restock/submit-order.server";
import { addStaff, makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { visibleHtml } from "../support/html";
import { cartInput } from "../support/restock";
import { Client, startTestServer, type TestServer, loggedInClient } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

/**
 * Two distributors, each with demand in the weeks around today. Ours: SKU 0 ordered by store 0
 * in each of the last three weeks; store 1 ordered five weeks ago and stopped. The other
 * distributor's SKU and store must never appear on our page or in our files.
 */
async function world() {
  const week = isoWeekMonday(PINNED_TODAY);
  const ago = (n: number) => addDays(week, -7 * n);
  const ours = await makeDeliveryRoute(server.db, { stores: 2, skus: 2 });
  const theirs = await makeDeliveryRoute(server.db, { stores: 1, skus: 1 });
  server.db.update(products).set({ name: "别家配送商的商品" }).where(eq(products.id, theirs.skus[0].id)).run();
  // One order per figure, delivered on the week's Tuesday (past weeks received in full), then the
  // rollup rebuilt from them as the repair tool does.
  const put = (r: typeof ours, week: string, sku: number, store: number, packs: number) => {
    const order = makeConfirmedOrder(r.distributor.ctx, {
      linkId: r.stores[store].linkId,
      deliveryDate: addDays(week, 1),
      lines: [{ sku: r.skus[sku], packs }],
    });
    if (week < w0) {
      server.db.update(restockOrders).set({ status: "received" }).where(eq(restockOrders.id, order.id)).run();
      server.db
        .update(restockOrderLines)
        .set({ pickedPacks: packs })
        .where(eq(restockOrderLines.orderId, order.id))
        .run();
    }
  };
  const w0 = week;
  put(ours, ago(2), 0, 0, 4);
  put(ours, ago(1), 0, 0, 6);
  put(ours, week, 0, 0, 5);
  put(ours, ago(5), 1, 1, 3);
  put(theirs, ago(1), 0, 0, 99);
  put(theirs, ago(5), 0, 0, 1);
  recomputeDemand(server.db, ours.distributor.org.id);
  recomputeDemand(server.db, theirs.distributor.org.id);
  return { ours, theirs, week, ago };
}

describe("distributor demand page", () => {
  it("shows the distributor's own demand, top stores, stopped stores and the rules, and a real order shows up", async () => {
    const w = await world();
    const admin = await loggedIn(w.ours.distributor.user);
    // A real submitted order (store 1 comes back): the maintained rollup feeds the page.
    submitOrder(
      w.ours.stores[1].ctx,
      cartInput(w.ours.stores[1].ctx, w.ours.distributor.org.id, [{ sku: w.ours.skus[1], packs: 2 }]),
    );

    const res = await admin.get("/distributor/analysis?weeks=8");
    expect(res.status).toBe(200);
    const html = visibleHtml(await res.text());
    expect(html).toContain("需求分析");
    expect(html).toContain("近8周");
    expect(html).toContain(w.ours.skus[0].name);
    expect(html).toContain(w.ours.stores[0].org.name);
    expect(html).toContain("停止订货的门店");
    expect(html).toMatch(/规则：.+ 起的 4 周内订过货/);
    expect(html).toContain("满足率");
    expect(html).not.toContain(w.theirs.stores[0].org.name);
    expect(html).not.toContain("别家配送商的商品");
    // Store 1 stopped for a while but has just ordered again: not listed as stopped.
    const stopped = html.slice(html.indexOf("停止订货的门店"));
    expect(stopped).toContain("没有停止订货的门店");

    // The distributor home links to it.
    expect(await (await admin.get("/distributor")).text()).toContain('href="/distributor/analysis"');
  });

  it("lists a store that stopped ordering", async () => {
    const w = await world();
    const admin = await loggedIn(w.ours.distributor.user);
    const html = visibleHtml(await (await admin.get("/distributor/analysis")).text());
    const stopped = html.slice(html.indexOf("停止订货的门店"));
    expect(stopped).toContain(w.ours.stores[1].org.name);
    expect(stopped).not.toContain("没有停止订货的门店");
  });

  it("exports each table as CSV (Chinese file name, BOM, only our rows) and XLSX", async () => {
    const w = await world();
    const client = await loggedIn((await addStaff(server.db, w.ours.distributor.org, "warehouse")).user);
    const csv = await client.get("/distributor/analysis/export.csv?table=skus&weeks=4");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const disposition = csv.headers.get("content-disposition") ?? "";
    expect(disposition).toBe(
      `attachment; filename="demand-skus.csv"; filename*=UTF-8''${encodeURIComponent("需求-按周.csv")}`,
    );
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(header).toBe(
      `商品,单位,${w.ago(3)},${w.ago(2)},${w.ago(1)},${w.week},合计,金额（元）,满足率,下周已订,下周预测,预测方法`,
    );
    // 4 + 6 + 5 packs at 10.00 yuan; fill over the complete weeks 10/10.
    expect(rows).toEqual([
      expect.stringMatching(new RegExp(`^${w.ours.skus[0].name},箱,0,4,6,5,15,150.00,100%,0,\\d+,`)),
    ]);

    for (const table of ["weeks", "stores", "stopped"]) {
      const res = await client.get(`/distributor/analysis/export.csv?table=${table}&weeks=8`);
      expect(res.status, table).toBe(200);
      const text = await res.text();
      expect(text, table).not.toContain(w.theirs.stores[0].org.name);
      expect(text, table).not.toContain("别家配送商的商品");
      if (table === "stopped") expect(text).toContain(w.ours.stores[1].org.name);
      if (table === "stores") expect(text).toContain(w.ours.stores[0].org.name);
    }

    const xlsx = await client.get("/distributor/analysis/export.xlsx?table=weeks&weeks=4");
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-disposition")).toContain(encodeURIComponent("需求-每周汇总.xlsx"));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "周（周一）",
      "状态",
      "已订（件）",
      "已发（件）",
      "满足率",
      "金额（元）",
      "门店数",
      "已送达（单）",
      "准时率",
    ]);
    const weeks = [2, 3, 4, 5].map((r) => [
      sheet.getCell(r, 1).value,
      sheet.getCell(r, 3).value,
      sheet.getCell(r, 6).value,
    ]);
    expect(weeks).toEqual([
      [w.ago(3), 0, 0],
      [w.ago(2), 4, 40],
      [w.ago(1), 6, 60],
      [w.week, 5, 50],
    ]);
    expect(sheet.getCell(3, 5).value).toBe(1); // 100% as a fraction, formatted 0%
    expect(sheet.getColumn(5).numFmt).toBe("0%");

    expect((await client.get("/distributor/analysis/export.csv?table=nope")).status).toBe(404);
  });

  it("is refused to store users and drivers, and sends visitors to log in", async () => {
    const w = await world();
    const store = await loggedIn(w.ours.stores[0].user);
    const driver = await loggedIn((await addStaff(server.db, w.ours.distributor.org, "driver")).user);
    const paths = [
      "/distributor/analysis",
      "/distributor/analysis/export.csv?table=skus",
      "/distributor/analysis/export.xlsx?table=stores",
    ];
    for (const path of paths) {
      expect((await store.get(path)).status, path).toBe(403);
      expect((await driver.get(path)).status, path).toBe(403);
      const anonymous = await new Client(server.url).get(path);
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.headers.get("location"), path).toMatch(/^\/login\?redirectTo=/);
    }
    // The driver's navigation does not offer it.
    expect(await (await driver.get("/distributor/runs")).text()).not.toContain('href="/distributor/analysis"');
  });

  it("shows the other distributor only its own figures", async () => {
    const w = await world();
    const theirs = await loggedIn(w.theirs.distributor.user);
    const html = visibleHtml(await (await theirs.get("/distributor/analysis")).text());
    expect(html).toContain("别家配送商的商品");
    expect(html).toContain(w.theirs.stores[0].org.name);
    expect(html).not.toContain(w.ours.stores[0].org.name);
    expect(html).not.toContain(w.ours.stores[1].org.name);
  });
});
