import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "~/domain/context.server";
import { creditBook } from "~/domain/credit/balances.server";
import { newId } from "~/domain/ids.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { listSales } from "~/domain/sales/list-sales.server";
import { makeProduct, makeStore } from "../support/factories";
import {
  logInAs,
  recordPageErrors,
  openPhone,
  overflowsHorizontally,
  screenshot,
  type Phone,
} from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let ctx: Ctx;
let user: { phone: string; password: string };
let noodles: ReturnType<typeof makeProduct>;
let water: ReturnType<typeof makeProduct>;

beforeAll(async () => {
  server = await startTestServer();
  const store = await makeStore(server.db);
  ctx = store.ctx;
  user = store.user;
  noodles = makeProduct(ctx, { name: "白象红烧牛肉面", priceFen: 450 });
  water = makeProduct(ctx, { name: "娃哈哈纯净水 596ml", priceFen: 150, baseUnit: "瓶" });
  for (const p of [noodles, water]) {
    receiveStock(ctx, p.id, { requestId: newId(), qty: 30, unit: "base", costFen: 100, batchNo: "", expiryDate: "" });
  }
});
afterAll(() => server?.stop());

const onHand = (id: string) => getProductDetail(ctx, id).product.onHand;

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

async function open(javaScriptEnabled: boolean, width = 390): Promise<Phone> {
  const phone = await openPhone({ javaScriptEnabled, width });
  recordPageErrors(phone.page, pageErrors);
  await logInAs(phone.page, server.url, user.phone, user.password);
  return phone;
}

/** Waits for React to take over the page, so that a JavaScript-on test tests the enhanced page. */
async function ready(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await page.waitForLoadState("networkidle");
}

const grid = (page: Page) => page.getByRole("list", { name: "常卖商品" });
const confirm = (page: Page) => page.getByRole("button", { name: /^确认(收款|记账)/ });
const tender = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

for (const javaScriptEnabled of [true, false]) {
  const js = javaScriptEnabled ? "on" : "off";
  describe(`selling with JavaScript ${js}`, () => {
    it("sells in three taps: a top seller, 现金, 确认", async () => {
      const phone = await open(javaScriptEnabled);
      const { page } = phone;
      try {
        const before = onHand(noodles.id);
        await page.goto(`${server.url}/store/sell`);
        await ready(page, javaScriptEnabled);
        await grid(page)
          .getByRole("button", { name: /白象红烧牛肉面/ })
          .click();
        await page.getByTestId("total").filter({ hasText: "¥4.50" }).waitFor();
        if (javaScriptEnabled) expect(page.url()).not.toContain("add=");
        await tender(page, "现金").click();
        await screenshot(page, `sell-js-${js}`);
        expect(await overflowsHorizontally(page)).toBe(false);
        await confirm(page).click();
        await page.getByText("已收款 ¥4.50").waitFor();
        expect(onHand(noodles.id)).toBe(before - 1);
        await screenshot(page, `sell-done-js-${js}`);
      } finally {
        await phone.close();
      }
    });

    it("adds by scanner-style barcode entry (digits + Enter), sees stock fall, voids and sees it come back", async () => {
      const phone = await open(javaScriptEnabled);
      const { page } = phone;
      try {
        const before = onHand(water.id);
        await page.goto(`${server.url}/store/sell`);
        await ready(page, javaScriptEnabled);
        const search = page.getByRole("searchbox", { name: "扫码或搜索商品" });
        for (let i = 0; i < 2; i++) {
          await search.fill(water.barcode!);
          await search.press("Enter");
          await page
            .getByTestId("qty")
            .filter({ hasText: String(i + 1) })
            .waitFor();
        }
        await page.getByTestId("total").filter({ hasText: "¥3.00" }).waitFor();
        await tender(page, "微信").click();
        await confirm(page).click();
        await page.getByText("已收款 ¥3.00").waitFor();
        expect(onHand(water.id)).toBe(before - 2);
        // The product page shows the lower level.
        await page.goto(`${server.url}/store/products/${water.id}`);
        await page
          .getByTestId("on-hand")
          .filter({ hasText: String(before - 2) })
          .waitFor();
        // The sale, voided from the sales list, puts it back.
        await page.goto(`${server.url}/store/sales`);
        await page.getByRole("link", { name: /微信/ }).first().click();
        // Voiding asks first: the first tap only asks, and nothing changes until it is confirmed.
        await page.getByRole("link", { name: "作废这笔销售" }).click();
        await page.getByText("确定作废这笔销售吗？").waitFor();
        expect(onHand(water.id)).toBe(before - 2);
        await page.getByRole("button", { name: "确定作废" }).click();
        await page.getByText("已作废，库存已退回").waitFor();
        expect(onHand(water.id)).toBe(before);
        await page.goto(`${server.url}/store/products/${water.id}`);
        await page
          .getByTestId("on-hand")
          .filter({ hasText: String(before) })
          .waitFor();
      } finally {
        await phone.close();
      }
    });

    it("finds a product by pinyin initials, sells it from the results and shows the change due", async () => {
      const phone = await open(javaScriptEnabled);
      const { page } = phone;
      try {
        const before = onHand(water.id);
        await page.goto(`${server.url}/store/sell`);
        await ready(page, javaScriptEnabled);
        const search = page.getByRole("searchbox", { name: "扫码或搜索商品" });
        await search.fill("whh");
        await search.press("Enter");
        const results = page.getByRole("list", { name: "搜索结果" });
        await results.getByRole("button", { name: /娃哈哈/ }).click();
        await page.getByRole("button", { name: "加一个 娃哈哈纯净水 596ml" }).click();
        await page.getByTestId("qty").filter({ hasText: "2" }).waitFor();
        await tender(page, "现金").click();
        await page.getByRole("textbox", { name: /实收/ }).fill("5");
        // With JavaScript the change due shows while typing; without, on the receipt notice.
        if (javaScriptEnabled) await page.getByTestId("change").filter({ hasText: "¥2.00" }).waitFor();
        await confirm(page).click();
        await page.getByText("已收款 ¥3.00 · 找零 ¥2.00").waitFor();
        expect(onHand(water.id)).toBe(before - 2);
      } finally {
        await phone.close();
      }
    });

    it("sells on credit to a new customer, then records a repayment in the credit book", async () => {
      const phone = await open(javaScriptEnabled);
      const { page } = phone;
      const name = `王婶${js}`;
      try {
        await page.goto(`${server.url}/store/sell`);
        await ready(page, javaScriptEnabled);
        await grid(page)
          .getByRole("button", { name: /白象红烧牛肉面/ })
          .click();
        await page.getByRole("button", { name: "加一个 白象红烧牛肉面" }).click();
        await tender(page, "赊账").click();
        await page.getByRole("textbox", { name: "或写新顾客姓名" }).fill(name);
        await confirm(page).click();
        await page.getByText(`已记在 ${name} 的账上`).waitFor();
        expect(creditBook(ctx).owing.find((c) => c.name === name)?.balanceFen).toBe(900);

        await page.getByRole("link", { name: "赊账本" }).click();
        await page.getByRole("heading", { name: "赊账本" }).waitFor();
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `credit-book-js-${js}`);
        await page.getByRole("link", { name: new RegExp(name) }).click();
        await page.getByTestId("balance").filter({ hasText: "¥9.00" }).waitFor();
        await page.getByRole("textbox", { name: "还款金额（元）" }).fill("5");
        await page.getByRole("combobox", { name: "怎么还的" }).selectOption("wechat");
        await page.getByRole("button", { name: "确认还款" }).click();
        await page.getByText("已记还款，还欠 ¥4.00").waitFor();
        await page.getByTestId("balance").filter({ hasText: "¥4.00" }).waitFor();
        await screenshot(page, `credit-account-js-${js}`);
        expect(creditBook(ctx).owing.find((c) => c.name === name)?.balanceFen).toBe(400);
      } finally {
        await phone.close();
      }
    });
  });
}

describe("at 360 px", () => {
  it("none of the selling pages scrolls sideways", async () => {
    const phone = await open(true, 360);
    const { page } = phone;
    try {
      const saleId = listSales(ctx).items[0].id;
      const customerId = creditBook(ctx).owing[0].id;
      const cart = `line.${noodles.id}=2&line.${water.id}=1`;
      for (const path of [
        "/store/sell",
        `/store/sell?${cart}&tender=cash`,
        `/store/sell?${cart}&tender=credit`,
        "/store/sell?q=zzzz",
        "/store/sales",
        `/store/sales/${saleId}`,
        "/store/customers",
        `/store/customers/${customerId}`,
      ]) {
        const res = await page.goto(server.url + path);
        expect(res?.status(), path).toBe(200);
        expect(await overflowsHorizontally(page), path).toBe(false);
      }
      await page.goto(`${server.url}/store/sell?${cart}&tender=cash`);
      await screenshot(page, "sell-360");
    } finally {
      await phone.close();
    }
  });
});
