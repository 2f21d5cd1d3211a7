import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogItems, deliveryRoutes, distributorLinks, products, stockMovements, type Role } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { createPriceList } from "~/domain/distribution/save-price-list.server";
import { requestLink } from "~/domain/distribution/request-link.server";
import { makeDistributor, addStaff, makeRoute, makeSku } from "../support/distribution";
import { makeStore } from "../support/factories";
import { hiddenValue, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function distributorAs(role: Role = "admin") {
  const dist = await makeDistributor(server.db);
  const member = role === "admin" ? dist : await addStaff(server.db, dist.org, role);
  const client = new Client(server.url);
  await client.logIn(member.user.phone, "password123");
  return { ...dist, member, client };
}

async function storeClient() {
  const store = await makeStore(server.db);
  const client = new Client(server.url);
  await client.logIn(store.user.phone, "password123");
  return { ...store, client };
}

const skuForm = (overrides: Record<string, string> = {}) => ({
  requestId: newId(),
  name: "康师傅红烧牛肉面",
  barcode: "6920152400777",
  category: "方便食品",
  baseUnit: "袋",
  packUnit: "箱",
  packSize: "24",
  casePriceFen: "86.00",
  minOrderPacks: "1",
  shelfLocation: "A-01",
  reorderPacks: "2",
  active: "on",
  ...overrides,
});

const skusOf = (orgId: string) => server.db.select().from(catalogItems).where(eq(catalogItems.orgId, orgId)).all();

describe("who may open distributor pages", () => {
  it("a store user gets 403 on every distributor page and action", async () => {
    const { client } = await storeClient();
    for (const res of [
      await client.get("/distributor"),
      await client.get("/distributor/catalog"),
      await client.get("/distributor/stores"),
      await client.post("/distributor/routes", {
        requestId: newId(),
        name: "东线",
        weekdays: "2",
        cutoffTime: "18:00",
        cutoffDaysBefore: "1",
      }),
    ]) {
      expect(res.status).toBe(403);
    }
  });

  it("a driver sees the overview but not the catalog, and cannot act as admin", async () => {
    const { client, org } = await distributorAs("driver");
    expect((await client.get("/distributor")).status).toBe(200);
    expect((await client.get("/distributor/catalog")).status).toBe(403);
    expect((await client.post("/distributor/catalog/new", skuForm())).status).toBe(403);
    expect(
      (
        await client.post("/distributor/routes", {
          requestId: newId(),
          name: "东线",
          weekdays: "2",
          cutoffTime: "18:00",
          cutoffDaysBefore: "1",
        })
      ).status,
    ).toBe(403);
    expect(
      (await client.post("/distributor/stores", { intent: "reject", linkId: "x", requestId: newId(), reason: "x" }))
        .status,
    ).toBe(403);
    expect(skusOf(org.id)).toEqual([]);
  });

  it("the warehouse reads the catalog and receives stock, but does not edit SKUs", async () => {
    const { client, ctx } = await distributorAs("warehouse");
    const sku = makeSku(ctx);
    expect((await client.get("/distributor/catalog")).status).toBe(200);
    expect((await client.get(`/distributor/catalog/${sku.id}`)).status).toBe(403);
    const page = await client.get(`/distributor/catalog/${sku.id}/receive`);
    const requestId = hiddenValue(await page.text(), "requestId");
    const res = await client.post(`/distributor/catalog/${sku.id}/receive`, {
      requestId,
      qty: "3",
      unit: "pack",
      costFen: "70.00",
    });
    expect(res.status).toBe(302);
    await client.post(`/distributor/catalog/${sku.id}/receive`, {
      requestId,
      qty: "3",
      unit: "pack",
      costFen: "70.00",
    });
    expect(server.db.select().from(products).where(eq(products.id, sku.id)).get()?.onHand).toBe(72);
    expect(server.db.select().from(stockMovements).where(eq(stockMovements.productId, sku.id)).all()).toHaveLength(1);
  });
});

describe("catalog forms", () => {
  it("creates a SKU; a bad barcode, price or pack size is a 400 in Chinese and writes nothing", async () => {
    const { client, org } = await distributorAs();
    const bad = await client.post(
      "/distributor/catalog/new",
      skuForm({ barcode: "6920152400778", casePriceFen: "8.999", packSize: "0" }),
    );
    expect(bad.status).toBe(400);
    const html = visibleHtml(await bad.text());
    expect(html).toContain("条码校验位不对");
    expect(html).toContain("金额格式不对");
    expect(html).toContain("请填大于 0 的数");
    expect(html).toContain('value="8.999"');
    expect(skusOf(org.id)).toEqual([]);
    const ok = await client.post("/distributor/catalog/new", skuForm());
    expect(ok.status).toBe(302);
    expect(skusOf(org.id)).toEqual([expect.objectContaining({ casePriceFen: 8600, shelfLocation: "A-01" })]);
    const list = await (await client.get("/distributor/catalog?q=ksf")).text();
    expect(list).toContain("康师傅红烧牛肉面");
    expect(list).toContain("¥86.00");
  });

  it("imports an XLSX: a bad row is a 400 naming row and column, and nothing is written", async () => {
    const { client, org } = await distributorAs();
    const page = await client.get("/distributor/catalog/import");
    expect(page.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("目录");
    sheet.addRow(["名称", "条码", "基本单位", "每件数量", "整件价"]);
    sheet.addRow(["好", 6920152400777, "袋", 24, 86]);
    sheet.addRow(["坏", 6920152400778, "袋", 24, 86]);
    const upload = async (bytes: ArrayBuffer) => {
      const form = new FormData();
      form.set("requestId", newId());
      form.set("file", new Blob([bytes]), "目录.xlsx");
      return client.post("/distributor/catalog/import", form);
    };
    const bad = await upload(await wb.xlsx.writeBuffer());
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("有 1 行有问题，什么都没有导入");
    expect(html).toContain("第 3 行，条码：条码校验位不对");
    expect(skusOf(org.id)).toEqual([]);
    sheet.spliceRows(3, 1);
    const ok = await upload(await wb.xlsx.writeBuffer());
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("导入完成：新增 1 种，更新 0 种");
    expect(skusOf(org.id)).toHaveLength(1);
  });

  it("exports only its own catalog, CSV with a BOM and Chinese headers, and XLSX", async () => {
    const { client, ctx } = await distributorAs("warehouse");
    const other = await makeDistributor(server.db);
    makeSku(ctx, { name: "本家面" });
    makeSku(other.ctx, { name: "别家面" });
    const csv = await client.get("/distributor/catalog/export.csv");
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("名称,条码,分类,基本单位,整件单位,每件数量,整件价（元）");
    expect(text).toContain("本家面");
    expect(text).not.toContain("别家面");
    const xlsx = await client.get("/distributor/catalog/export.xlsx");
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
  });
});

describe("routes, price lists and store links", () => {
  it("creates a route; no weekday is a 400 in Chinese with nothing written", async () => {
    const { client, org } = await distributorAs();
    const bad = await client.post("/distributor/routes", {
      requestId: newId(),
      name: "东线",
      cutoffTime: "25:00",
      cutoffDaysBefore: "1",
    });
    expect(bad.status).toBe(400);
    const html = visibleHtml(await bad.text());
    expect(html).toContain("请至少选一个送货日");
    expect(html).toContain("时间格式不对");
    expect(server.db.select().from(deliveryRoutes).where(eq(deliveryRoutes.orgId, org.id)).all()).toEqual([]);
    const ok = await client.post("/distributor/routes", {
      requestId: newId(),
      name: "东线",
      weekdays: ["2", "5"],
      cutoffTime: "18:00",
      cutoffDaysBefore: "1",
      active: "on",
    });
    expect(ok.status).toBe(302);
    expect(server.db.select().from(deliveryRoutes).where(eq(deliveryRoutes.orgId, org.id)).get()).toMatchObject({
      weekdays: "2,5",
    });
    expect(await (await client.get("/distributor/routes")).text()).toContain("周二、周五");
  });

  it("a store asks, the distributor accepts with terms (400 for a missing credit limit), the store sees the terms", async () => {
    const { client, ctx, org } = await distributorAs();
    const route = makeRoute(ctx);
    const shop = await storeClient();
    const suppliers = await shop.client.get("/store/suppliers");
    expect(await suppliers.text()).toContain(org.name);
    expect((await shop.client.post("/store/suppliers", { distributorOrgId: org.id, note: "每周两次" })).status).toBe(
      200,
    );
    const link = server.db.select().from(distributorLinks).where(eq(distributorLinks.storeOrgId, shop.org.id)).get()!;
    expect(link.status).toBe("requested");
    expect(await (await client.get("/distributor/stores")).text()).toContain("每周两次");

    const accept = {
      intent: "accept",
      linkId: link.id,
      requestId: newId(),
      routeId: route.id,
      stopSeq: "2",
      priceListId: "",
      paymentTerms: "account",
      creditLimitFen: "",
    };
    const bad = await client.post("/distributor/stores", accept);
    expect(bad.status).toBe(400);
    expect(visibleHtml(await bad.text())).toContain("账期门店请填信用额度");
    expect(server.db.select().from(distributorLinks).where(eq(distributorLinks.id, link.id)).get()?.status).toBe(
      "requested",
    );
    expect((await client.post("/distributor/stores", { ...accept, creditLimitFen: "3000" })).status).toBe(200);
    expect(server.db.select().from(distributorLinks).where(eq(distributorLinks.id, link.id)).get()).toMatchObject({
      status: "active",
      creditLimitFen: 300000,
      stopSeq: 2,
    });
    const seen = visibleHtml(await (await shop.client.get("/store/suppliers")).text());
    expect(seen).toContain("供货中");
    expect(seen).toContain("¥3,000.00");
  });

  it("another distributor's SKU, route, price list and link ids are 404", async () => {
    const { client, ctx } = await distributorAs();
    const other = await makeDistributor(server.db);
    const sku = makeSku(other.ctx);
    const route = makeRoute(other.ctx);
    const list = createPriceList(other.ctx, { requestId: newId(), name: "别家价" });
    const shop = await makeStore(server.db);
    const link = requestLink(shop.ctx, { distributorOrgId: other.org.id, note: null });
    const myRoute = makeRoute(ctx);
    expect((await client.get(`/distributor/catalog/${sku.id}`)).status).toBe(404);
    expect((await client.get(`/distributor/catalog/${sku.id}/receive`)).status).toBe(404);
    expect(
      (await client.post(`/distributor/catalog/${sku.id}/receive`, { requestId: newId(), qty: "1", unit: "pack" }))
        .status,
    ).toBe(404);
    expect((await client.get(`/distributor/routes/${route.id}`)).status).toBe(404);
    expect(
      (
        await client.post(`/distributor/routes/${route.id}`, {
          name: "x",
          weekdays: "1",
          cutoffTime: "18:00",
          cutoffDaysBefore: "1",
        })
      ).status,
    ).toBe(404);
    expect((await client.get(`/distributor/price-lists/${list.id}`)).status).toBe(404);
    expect(
      (await client.post(`/distributor/price-lists/${list.id}`, { productId: sku.id, casePriceFen: "1" })).status,
    ).toBe(404);
    const accept = {
      intent: "accept",
      linkId: link.id,
      requestId: newId(),
      routeId: myRoute.id,
      stopSeq: "0",
      paymentTerms: "cod",
    };
    expect((await client.post("/distributor/stores", accept)).status).toBe(404);
    expect(server.db.select().from(distributorLinks).where(eq(distributorLinks.id, link.id)).get()?.status).toBe(
      "requested",
    );
    expect(server.db.select().from(products).where(eq(products.id, sku.id)).get()?.onHand).toBe(0);
  });
});
