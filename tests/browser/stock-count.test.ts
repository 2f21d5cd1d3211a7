import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import {
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  type Phone,
} from "../support/browser";
import { makeProduct, makeStore } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { startTestServer, type TestServer } from "../support/server";

// The stock count page on the narrowest phone (360 × 740), JavaScript off and on: a scan box, a
// category row and 20 products at a time, where it used to be every product on one long page.
let server: TestServer;
let ctx: Ctx;
let user: { phone: string; password: string };
const SNACKS = ["乐事薯片 原味 75g", "旺旺雪饼 84g", "卫龙辣条 大面筋", "奥利奥饼干 97g", "德芙巧克力 43g"];

beforeAll(async () => {
  server = await startTestServer();
  const store = await makeStore(server.db);
  ctx = store.ctx;
  user = store.user;
  const drinks = Array.from({ length: 40 }, (_, i) =>
    makeProduct(ctx, { name: `矿泉水 ${i + 1} 号`, category: "饮料", baseUnit: "瓶", packUnit: null, packSize: 1 }),
  );
  const snacks = SNACKS.map((name) => makeProduct(ctx, { name, category: "零食" }));
  for (const p of [...drinks, ...snacks])
    receiveStock(ctx, p.id, { requestId: newId(), qty: 10, unit: "base", costFen: 100, batchNo: "", expiryDate: "" });
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

const rows = (page: Page) => page.getByRole("list", { name: "要盘点的商品" }).getByRole("listitem");

async function settle(page: Page, javaScriptEnabled: boolean) {
  await page.waitForLoadState(javaScriptEnabled ? "networkidle" : "load");
}

/** Clicks and waits for the address the click leads to (a document load, or a client navigation). */
async function go(page: Page, click: () => Promise<void>, test: (url: URL) => boolean, javaScriptEnabled: boolean) {
  await Promise.all([page.waitForURL((url) => test(url)), click()]);
  await settle(page, javaScriptEnabled);
}

const onHand = (name: string) => {
  const id = server.db.$client.prepare("select id from products where name = ?").get(name) as { id: string };
  return getProductDetail(ctx, id.id).product.onHand;
};

for (const javaScriptEnabled of [false, true]) {
  const js = javaScriptEnabled ? "on" : "off";
  // The two runs count the same store: each counts figures of its own, so each finds a difference.
  const [snackFigure, rowFigure] = javaScriptEnabled ? [6, 13] : [7, 12];
  describe(`stock count at 360 px, JavaScript ${js}`, () => {
    it("lists 20 at a time, finds by category and name, pages, and counts one page per submission", async () => {
      const phone: Phone = await openPhone({ javaScriptEnabled, width: 360, height: 740 });
      recordPageErrors(phone.page, pageErrors);
      const { page } = phone;
      try {
        await logInAs(page, server.url, user.phone, user.password);
        await page.goto(`${server.url}/store/count`);
        await settle(page, javaScriptEnabled);
        expect(await rows(page).count()).toBe(20);
        await page.getByText("第 1–20 种，共 45 种").waitFor();
        expect(await overflowsHorizontally(page)).toBe(false);
        // 45 products, yet a page of a few screens (it was 28,000 px for the demo store's 309).
        expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(3_500);
        // The camera button is there only with JavaScript; the typed box works either way.
        expect(await page.getByRole("button", { name: "用摄像头扫码" }).count()).toBe(javaScriptEnabled ? 1 : 0);
        await screenshot(page, `count-360-js-${js}`);

        // A shelf: the snacks category, then one of them by name.
        await go(
          page,
          () => page.getByRole("navigation", { name: "按分类盘点" }).getByRole("link", { name: "零食" }).click(),
          (u) => u.searchParams.get("category") === "零食",
          javaScriptEnabled,
        );
        await expect.poll(() => rows(page).count()).toBe(SNACKS.length);
        const search = page.getByRole("searchbox", { name: "扫码或搜索要盘点的商品" });
        await search.fill("薯片");
        await go(
          page,
          () => search.press("Enter"),
          (u) => u.searchParams.get("q") === "薯片",
          javaScriptEnabled,
        );
        await expect.poll(() => rows(page).count()).toBe(1);
        await rows(page).first().getByLabel("实盘（袋）").fill(String(snackFigure));
        await screenshot(page, `count-360-search-js-${js}`);
        await go(
          page,
          () => page.getByRole("button", { name: "提交盘点" }).click(),
          (u) => u.searchParams.has("done"),
          javaScriptEnabled,
        );
        await page.getByRole("status").filter({ hasText: "盘点完成：1 种商品，1 种有差异" }).waitFor();
        await rows(page).first().getByText(`账面 ${snackFigure}袋`).waitFor();

        // All products again, second page: counted there, and back on the second page.
        await go(
          page,
          () => page.getByRole("link", { name: "清除搜索" }).click(),
          (u) => !u.searchParams.has("q"),
          javaScriptEnabled,
        );
        await go(
          page,
          () => page.getByRole("link", { name: "全部", exact: true }).click(),
          (u) => u.search === "",
          javaScriptEnabled,
        );
        await go(
          page,
          () => page.getByRole("link", { name: "下一页" }).click(),
          (u) => u.searchParams.get("page") === "2",
          javaScriptEnabled,
        );
        await page.getByText("第 21–40 种，共 45 种").waitFor();
        const row = rows(page).first();
        const name = (await row.locator(".line-clamp-2").textContent()) ?? "";
        await row.getByRole("textbox").fill(String(rowFigure));
        await go(
          page,
          () => page.getByRole("button", { name: "提交盘点" }).click(),
          (u) => u.searchParams.has("done") && u.searchParams.get("page") === "2",
          javaScriptEnabled,
        );
        await page.getByRole("status").filter({ hasText: "盘点完成：1 种商品，1 种有差异" }).waitFor();
        expect(onHand(name)).toBe(rowFigure);
        expect(ledgerViolations(server.db)).toEqual([]);
        await screenshot(page, `count-360-page2-js-${js}`);
        expect(await overflowsHorizontally(page)).toBe(false);

        if (javaScriptEnabled) {
          // No camera on this phone: the panel says so in Chinese, and closes.
          await page.getByRole("button", { name: "用摄像头扫码" }).click();
          await page.getByRole("dialog").getByText("打不开摄像头").waitFor();
          await screenshot(page, "count-360-no-camera");
          await page.getByRole("dialog").getByRole("button", { name: "关闭" }).click();
          await expect.poll(() => page.getByRole("dialog").count()).toBe(0);
        }
      } finally {
        await phone.close();
      }
    });
  });
}
