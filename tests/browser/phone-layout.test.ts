import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import { createCustomer } from "../../app/domain/credit/customers.server";
import { recordSale } from "../../app/domain/sales/record-sale.server";
import { addMember, makeOrg, makeProduct, makeStore } from "../support/factories";
import {
  logInAs,
  recordPageErrors,
  openPhone,
  overflowsHorizontally,
  screenshot,
  type Phone,
} from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";
import { PINNED_TODAY } from "../support/clock";

/**
 * Every shopkeeper page at the narrowest phone we design for (360 × 740): nothing may scroll
 * sideways, and every control a thumb has to hit is at least 44 px tall and wide.
 *
 * Every visible link and button counts, a link inside a sentence too (issue 11: 查看 in the
 * sale-done banner, the 赊账 entries, phone numbers and the dashboard's advice were all inline
 * links a thumb could not hit). Exceptions, on purpose:
 * - a radio button or checkbox is hit through its label, so the label is measured instead;
 * - anything invisible (display none, zero size, `sr-only`) is not a target at all.
 * Sizes are the element's border box (`getBoundingClientRect`, what Playwright's `boundingBox`
 * reports), in CSS pixels.
 */
const MIN_TARGET = 44;
const WIDTH = 360;
const HEIGHT = 740;

let server: TestServer;
let anon: Phone;
let owner: Phone;
let productId: string;
let customerId: string;
let saleId: string;
let packProductId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  // The longest names a shopkeeper may type: 40-character store, 60-character product.
  const { user, org, ctx } = await makeStore(server.db);
  const second = makeOrg(server.db, "store", { name: "兰考县东坝头镇张庄村第二便民超市（南街分店）" });
  addMember(server.db, second.id, user.id, "owner");
  const noodles = makeProduct(ctx, { name: "康师傅红烧牛肉面 105g", reorderPoint: 10 });
  productId = noodles.id;
  const longName = makeProduct(ctx, {
    name: "金龙鱼 优质压榨一级花生油 5L 装 家庭实惠装 年货节礼盒限量版 河南兰考专供包装",
    category: "粮油调味品（食用油、酱油、醋、盐）",
    baseUnit: "桶",
    packUnit: "箱",
    packSize: 4,
    priceFen: 12_990,
    costFen: 11_000,
  });
  packProductId = longName.id;
  makeProduct(ctx, {
    name: "农夫山泉 550ml",
    category: "饮料",
    baseUnit: "瓶",
    packUnit: "箱",
    packSize: 24,
    priceFen: 200,
    costFen: 120,
  });
  makeProduct(ctx, {
    name: "散装大米",
    barcode: null,
    category: "粮油调味品（食用油、酱油、醋、盐）",
    baseUnit: "斤",
    packUnit: null,
    packSize: 1,
  });
  const soon = addDays(PINNED_TODAY, 10);
  receiveStock(ctx, noodles.id, {
    requestId: newId(),
    qty: 2,
    unit: "pack",
    costFen: 8_400,
    batchNo: "B20250601-A",
    expiryDate: soon,
  });
  receiveStock(ctx, longName.id, {
    requestId: newId(),
    qty: 1,
    unit: "base",
    costFen: undefined,
    batchNo: "LOT-2025-0601-HN-LANKAO-0001",
    expiryDate: addDays(soon, 300),
  });
  void org;
  // A customer with a phone number and a credit sale (the 赊账 entry links to its sale), and a
  // cash sale just made (the sell page's done banner links to it).
  customerId = createCustomer(ctx, { requestId: newId(), name: "张大爷", phone: "13912345678" }).customerId;
  recordSale(ctx, { saleId: newId(), tender: "credit", customerId, lines: [{ productId: noodles.id, qty: 1 }] });
  saleId = newId();
  recordSale(ctx, { saleId, tender: "cash", cashReceivedFen: 1000, lines: [{ productId: noodles.id, qty: 1 }] });

  anon = await openPhone({ width: WIDTH, height: HEIGHT });
  owner = await openPhone({ width: WIDTH, height: HEIGHT });
  for (const phone of [anon, owner]) {
    recordPageErrors(phone.page, pageErrors);
  }
  await logInAs(owner.page, server.url, user.phone, user.password);
  // Two stores and no choice yet: the chooser. Pick the first one.
  await owner.page.waitForURL((url) => url.pathname === "/orgs");
  await Promise.all([
    owner.page.waitForURL((url) => url.pathname === "/store"),
    owner.page.getByRole("button", { name: new RegExp(org.name) }).click(),
  ]);
});

afterAll(async () => {
  await anon?.close();
  await owner?.close();
  await server?.stop();
});

type Small = { what: string; width: number; height: number };

/** The visible controls smaller than MIN_TARGET, described so that a failure says which. */
async function smallTargets(page: Page): Promise<Small[]> {
  return page.evaluate((min) => {
    const selector = [
      "a[href]",
      "button",
      "select",
      "textarea",
      "summary",
      "input:not([type=hidden]):not([type=radio]):not([type=checkbox])",
      "label:has(input[type=radio])",
      "label:has(input[type=checkbox])",
    ].join(",");
    const out: { what: string; width: number; height: number }[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.display === "none" || style.visibility === "hidden" || box.width <= 1 || box.height <= 1) continue;
      if (el.classList.contains("sr-only")) continue;
      if (box.height + 0.5 < min || box.width + 0.5 < min) {
        const label = (el.getAttribute("aria-label") || el.textContent || el.getAttribute("name") || "")
          .trim()
          .slice(0, 30);
        out.push({
          what: `<${el.tagName.toLowerCase()}> ${label}`,
          width: Math.round(box.width),
          height: Math.round(box.height),
        });
      }
    }
    return out;
  }, MIN_TARGET);
}

/** Opens a page, checks it fits and its targets are big enough, and keeps a screenshot of it. */
async function check(phone: Phone, path: string, name: string, ready: (page: Page) => Promise<unknown>) {
  const { page } = phone;
  const errorsBefore = pageErrors.length;
  const response = await page.goto(server.url + path);
  expect(response?.status(), `${path} answered ${response?.status()}`).toBe(200);
  await ready(page);
  await screenshot(page, `phone-360-${name}`);
  expect(await overflowsHorizontally(page), `${path} scrolls sideways at ${WIDTH} px`).toBe(false);
  expect(await smallTargets(page), `${path} has targets under ${MIN_TARGET} px`).toEqual([]);
  expect(pageErrors.slice(errorsBefore), `${path} logged errors in the browser`).toEqual([]);
}

const heading = (text: string | RegExp) => (page: Page) =>
  page.getByRole("heading", { name: text, level: 1 }).waitFor();

describe("signed out", () => {
  it("log-in page", () => check(anon, "/login", "login", heading("登录")));
  it("sign-up page", () => check(anon, "/signup", "signup", heading("注册")));
});

describe("signed in as a store owner", () => {
  it("store chooser", () => check(owner, "/orgs", "orgs", heading("选择门店")));
  it("new store form", () => check(owner, "/orgs/new-store", "new-store", heading("新建门店")));
  it("account", () => check(owner, "/account", "account", heading("我的账号")));
  it("store home", () => check(owner, "/store", "store-home", (page) => page.getByTestId("store-stats").waitFor()));
  it("products, all", () => check(owner, "/store/products", "products", heading("商品")));
  it("products, low stock", () =>
    check(owner, "/store/products?filter=low", "products-low", (page) =>
      page.getByRole("link", { name: "库存偏低", exact: true }).and(page.locator("[aria-current=page]")).waitFor(),
    ));
  it("products, expiring", () =>
    check(owner, "/store/products?filter=expiring", "products-expiring", (page) =>
      page.getByRole("link", { name: "快到期", exact: true }).and(page.locator("[aria-current=page]")).waitFor(),
    ));
  it("products, searched by pinyin", () =>
    check(owner, "/store/products?q=ksf", "products-search", (page) =>
      page.getByRole("link", { name: /康师傅/ }).waitFor(),
    ));
  it("products, nothing found", () =>
    check(owner, "/store/products?q=zzzzzz", "products-none", (page) => page.getByText("没有找到商品").waitFor()));
  it("product detail", () =>
    check(owner, `/store/products/${productId}`, "product", (page) => page.getByTestId("on-hand").waitFor()));
  it("product detail, long name and batch", () =>
    check(owner, `/store/products/${packProductId}`, "product-long", (page) => page.getByTestId("on-hand").waitFor()));
  it("new product", () => check(owner, "/store/products/new", "product-new", heading("新增商品")));
  it("edit product", () => check(owner, `/store/products/${packProductId}/edit`, "product-edit", heading("编辑商品")));
  it("receive stock", () => check(owner, `/store/products/${packProductId}/receive`, "receive", heading("进货入库")));
  it("adjust stock", () => check(owner, `/store/products/${productId}/adjust`, "adjust", heading("库存调整")));
  it("stock count", () => check(owner, "/store/count", "count", heading("盘点")));
  it("stock count, one category", () =>
    check(owner, `/store/count?category=${encodeURIComponent("饮料")}`, "count-category", heading("盘点")));
  it("staff", () => check(owner, "/store/team", "team", heading("店员")));
  it("import", () => check(owner, "/store/import", "import", heading(/导入/)));
  it("sell", () => check(owner, "/store/sell", "sell", (page) => page.getByRole("main").waitFor()));
  it("sales", () => check(owner, "/store/sales", "sales", (page) => page.getByRole("main").waitFor()));
  it("customers", () => check(owner, "/store/customers", "customers", (page) => page.getByRole("main").waitFor()));
  it("a customer's credit book", () =>
    check(owner, `/store/customers/${customerId}`, "customer", (page) => page.getByTestId("entries").waitFor()));
  it("sell, after a sale", () =>
    check(owner, `/store/sell?done=${saleId}`, "sell-done", (page) => page.getByRole("status").first().waitFor()));
  it("sale", () => check(owner, `/store/sales/${saleId}`, "sale", (page) => page.getByRole("main").waitFor()));
  it("suppliers", () => check(owner, "/store/suppliers", "suppliers", (page) => page.getByRole("main").waitFor()));
  it("restock", () => check(owner, "/store/restock", "restock", (page) => page.getByRole("main").waitFor()));
  it("restock account", () =>
    check(owner, "/store/restock/account", "restock-account", (page) => page.getByRole("main").waitFor()));
  it("notifications", () =>
    check(owner, "/store/notifications", "notifications", (page) => page.getByRole("main").waitFor()));
  it("sales analysis", () => check(owner, "/store/analysis", "analysis", heading("经营分析")));
  it("sales analysis, 30 days", () => check(owner, "/store/analysis?period=30d", "analysis-30d", heading("经营分析")));
  it("product sales trend", () =>
    check(owner, `/store/products/${productId}/insight`, "product-insight", (page) =>
      page.getByRole("main").waitFor(),
    ));
  it("restock suggestions", () =>
    check(owner, "/store/restock/suggestions", "suggestions", (page) => page.getByRole("main").waitFor()));
  it("buying alliances", () =>
    check(owner, "/store/alliances", "alliances", (page) => page.getByRole("main").waitFor()));
  it("group-buy campaigns", () =>
    check(owner, "/store/alliances/campaigns", "campaigns", (page) => page.getByRole("main").waitFor()));
});

// English words are longer than Chinese ones: the pages where that bites, in English.
describe("signed in, in English", () => {
  beforeAll(async () => {
    await owner.page.goto(`${server.url}/store`);
    await Promise.all([
      owner.page.waitForURL((url) => url.pathname === "/store"),
      owner.page.getByRole("button", { name: /English/ }).click(),
    ]);
    await owner.page.getByText("Expiring within 30 days").waitFor();
  });
  afterAll(async () => {
    await owner.page.getByRole("button", { name: /中文/ }).click();
    await owner.page.getByRole("button", { name: /English/ }).waitFor();
  });

  it("store home", () => check(owner, "/store", "en-store-home", (page) => page.getByTestId("store-stats").waitFor()));
  it("products", () => check(owner, "/store/products", "en-products", heading("Products")));
  it("product detail", () =>
    check(owner, `/store/products/${packProductId}`, "en-product", (page) => page.getByText("On hand").waitFor()));
  it("new product", () => check(owner, "/store/products/new", "en-product-new", heading("New product")));
  it("receive stock", () =>
    check(owner, `/store/products/${packProductId}/receive`, "en-receive", heading("Receive stock")));
  it("adjust stock", () => check(owner, `/store/products/${productId}/adjust`, "en-adjust", heading("Adjust stock")));
  it("stock count", () => check(owner, "/store/count", "en-count", heading("Stock count")));
  it("new store form", () => check(owner, "/orgs/new-store", "en-new-store", heading("New store")));
});
