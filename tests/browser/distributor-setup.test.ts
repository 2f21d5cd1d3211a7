import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../app/domain/ids.server";
import { receiveWarehouseStock } from "../../app/domain/inventory/receive-stock.server";
import { createPriceList, setListPrice } from "../../app/domain/distribution/save-price-list.server";
import { requestLink } from "../../app/domain/distribution/request-link.server";
import { linkStore, makeDistributor, makeRoute, makeSku } from "../support/distribution";
import { makeStore } from "../support/factories";
import { logInAs, openPhone, overflowsHorizontally, screenshot } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

/** The distributor's set-up pages at a warehouse PC (1280×800) and on a phone (390×844). */
let server: TestServer;
let admin: { phone: string };
let shopkeeper: { phone: string };
let priceListId: string;
let routeId: string;
let skuId: string;

beforeAll(async () => {
  server = await startTestServer();
  const dist = await makeDistributor(server.db);
  admin = dist.user;
  const sku = makeSku(dist.ctx, { name: "康师傅红烧牛肉面 105g", shelfLocation: "A-01-02" });
  skuId = sku.id;
  makeSku(dist.ctx, {
    name: "金龙鱼 优质压榨一级花生油 5L 装 家庭实惠装 年货节礼盒限量版",
    baseUnit: "桶",
    packSize: 4,
    casePriceFen: 51_960,
    shelfLocation: "C-12-03",
  });
  makeSku(dist.ctx, { name: "农夫山泉饮用天然水 550ml", baseUnit: "瓶", casePriceFen: 3000, active: false });
  receiveWarehouseStock(dist.ctx, sku.id, {
    requestId: newId(),
    qty: 10,
    unit: "pack",
    costFen: 7000,
    batchNo: "",
    expiryDate: "",
  });
  const route = makeRoute(dist.ctx);
  routeId = route.id;
  makeRoute(dist.ctx, { name: "周日西线", weekdays: "7", areas: "爪营乡、谷营镇、三义寨乡、南彰镇" });
  const list = createPriceList(dist.ctx, { requestId: newId(), name: "联盟成员价" });
  priceListId = list.id;
  setListPrice(dist.ctx, list.id, { productId: sku.id, casePriceFen: 8200 });
  const linked = await makeStore(server.db);
  linkStore(linked.ctx, dist.ctx, {
    routeId: route.id,
    priceListId: list.id,
    paymentTerms: "account",
    creditLimitFen: 300_000,
  });
  const asking = await makeStore(server.db);
  requestLink(asking.ctx, { distributorOrgId: dist.org.id, note: "张庄村小卖部，想每周进两次货" });
  shopkeeper = linked.user;
  // A second distributor in the county, for the store's suppliers page.
  await makeDistributor(server.db);
});
afterAll(() => server?.stop());

const PAGES = () => [
  ["overview", "/distributor"],
  ["catalog", "/distributor/catalog"],
  ["sku-edit", `/distributor/catalog/${skuId}`],
  ["receive", `/distributor/catalog/${skuId}/receive`],
  ["import", "/distributor/catalog/import"],
  ["price-lists", "/distributor/price-lists"],
  ["price-list", `/distributor/price-lists/${priceListId}`],
  ["routes", "/distributor/routes"],
  ["route-edit", `/distributor/routes/${routeId}`],
  ["stores", "/distributor/stores"],
];

describe.each([
  ["desktop", 1280, 800],
  ["phone", 390, 844],
])("distributor pages on a %s", (label, width, height) => {
  it("render without sideways scroll or browser errors", async () => {
    const browser = await openPhone({ width, height });
    const errors: string[] = [];
    browser.page.on("pageerror", (e) => errors.push(e.message));
    try {
      await logInAs(browser.page, server.url, admin.phone, "password123");
      for (const [name, path] of PAGES()) {
        const res = await browser.page.goto(server.url + path);
        expect(res?.status(), path).toBe(200);
        await screenshot(browser.page, `distributor-${name}-${label}`);
        expect(await overflowsHorizontally(browser.page), path).toBe(false);
      }
    } finally {
      await browser.close();
    }
    expect(errors).toEqual([]);
  });
});

describe("store suppliers page", () => {
  it("shows the linked distributor's terms and next delivery on a phone", async () => {
    const browser = await openPhone();
    try {
      await logInAs(browser.page, server.url, shopkeeper.phone, "password123");
      await browser.page.goto(`${server.url}/store/suppliers`);
      expect(await browser.page.getByText("供货中").isVisible()).toBe(true);
      expect(await browser.page.getByText(/下次送货/).isVisible()).toBe(true);
      await screenshot(browser.page, "store-suppliers-phone");
      expect(await overflowsHorizontally(browser.page)).toBe(false);
    } finally {
      await browser.close();
    }
  });
});
