import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "~/domain/context.server";
import { creditBook } from "~/domain/credit/balances.server";
import { updateProduct } from "~/domain/inventory/save-product.server";
import { newId } from "~/domain/ids.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { listSales } from "~/domain/sales/list-sales.server";
import { serverClock } from "../support/clock";
import { makeProduct, makeStore } from "../support/factories";
import {
  OFFLINE_NOISE,
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  type Phone,
} from "../support/browser";
import { ledgerViolations } from "../support/ledger";
import { sellScreenReady, storedCatalogs } from "../support/offline-phone";
import { creditViolations, saleStockViolations } from "../support/sales";
import { startTestServer, type TestServer } from "../support/server";

// Selling with no signal (issue 12, decision 032), in real Chromium at 390×844 with the service
// worker on and the network cut by context.setOffline (which also cuts the worker's network).
let server: TestServer;
let ctx: Ctx;
let user: { phone: string; password: string };
let noodles: ReturnType<typeof makeProduct>;
let water: ReturnType<typeof makeProduct>;
let cola: ReturnType<typeof makeProduct>;

beforeAll(async () => {
  server = await startTestServer();
  const store = await makeStore(server.db);
  ctx = store.ctx;
  user = store.user;
  noodles = makeProduct(ctx, { name: "白象红烧牛肉面", priceFen: 450 });
  water = makeProduct(ctx, { name: "娃哈哈纯净水 596ml", priceFen: 150, baseUnit: "瓶" });
  cola = makeProduct(ctx, { name: "可口可乐 330ml", priceFen: 300, baseUnit: "罐" });
  for (const p of [noodles, water, cola]) {
    receiveStock(ctx, p.id, { requestId: newId(), qty: 30, unit: "base", costFen: 100, batchNo: "", expiryDate: "" });
  }
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  // Offline, the browser logs the failed fetches the app expects; everything else is a fault.
  const errors = pageErrors
    .splice(0)
    .filter((e) => !OFFLINE_NOISE.test(e) && !/status of 401 .*\/api\/sales\/sync/.test(e));
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

const onHand = (id: string) => getProductDetail(ctx, id).product.onHand;
const grid = (page: Page) => page.getByRole("list", { name: "常卖商品" });
const confirm = (page: Page) => page.getByRole("button", { name: /^确认(收款|记账)/ });
const tender = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

async function open(width = 390, height = 844): Promise<Phone> {
  const phone = await openPhone({ width, height });
  // The phone's clock reads what the test server's does, so its offline sales are "now" there.
  await phone.context.clock.setSystemTime(serverClock.now());
  recordPageErrors(phone.page, pageErrors);
  await logInAs(phone.page, server.url, user.phone, user.password);
  return phone;
}

/** Sales waiting in the phone's outbox. */
async function waitingOnPhone(): Promise<number> {
  return new Promise((resolve) => {
    const req = indexedDB.open("villagelink-offline");
    req.onsuccess = () => {
      const count = req.result.transaction("outbox").objectStore("outbox").count();
      count.onsuccess = () => resolve(count.result);
    };
    req.onerror = () => resolve(-1);
  });
}

async function goOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await page.reload();
  await page.getByText("离线中：销售先记在手机上，联网后自动同步").waitFor();
  // The phone synced (nothing to send) before the signal went: it says when, not "never".
  await page
    .getByTestId("offline-bar")
    .getByText(/^上次同步 /)
    .waitFor();
}

async function sellOffline(page: Page, product: RegExp, how: string, extra?: (page: Page) => Promise<void>) {
  await grid(page).getByRole("button", { name: product }).click();
  await tender(page, how).click();
  if (extra) await extra(page);
  await confirm(page).click();
  await page.getByText(/已记下 ¥[\d.]+（待同步）/).waitFor();
}

const saleIdsOnServer = () => new Set(listSales(ctx).items.map((s) => s.id));

describe("selling offline", () => {
  it("keeps selling with no signal across reloads, and every sale reaches the server exactly once", async () => {
    const phone = await open();
    const { page, context } = phone;
    try {
      await sellScreenReady(page, server.url);
      const before = { sales: saleIdsOnServer(), noodles: onHand(noodles.id), water: onHand(water.id) };
      const owedBefore = creditBook(ctx).totalOwedFen;
      await goOffline(context, page);
      await sellOffline(page, /白象红烧牛肉面/, "现金");
      await sellOffline(page, /娃哈哈纯净水/, "赊账", (p) =>
        p.getByRole("textbox", { name: "或写新顾客姓名" }).fill("李大爷"),
      );
      // A keyboard-style scanner: digits and Enter into the focused scan field.
      const search = page.getByRole("searchbox");
      await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type(cola.barcode ?? "");
      await page.keyboard.press("Enter");
      await page.getByTestId("qty").filter({ hasText: "1" }).waitFor();
      await tender(page, "微信").click();
      await confirm(page).click();
      await page.getByText("已记下 ¥3.00（待同步）").waitFor();
      await sellOffline(page, /白象红烧牛肉面/, "支付宝");
      await sellOffline(page, /娃哈哈纯净水/, "现金");
      await page.getByTestId("pending-badge").filter({ hasText: "5 笔待同步" }).waitFor();
      // The phone's copy counts its own sales: two noodles gone from 30.
      await grid(page)
        .getByRole("button", { name: new RegExp(`白象红烧牛肉面.*存 ${before.noodles - 2}袋`) })
        .waitFor();

      await page.reload();
      await page.getByTestId("pending-badge").filter({ hasText: "5 笔待同步" }).waitFor();
      await screenshot(page, "sell-offline-390x844");
      await page.setViewportSize({ width: 360, height: 740 });
      await screenshot(page, "sell-offline-360x740");
      await page.setViewportSize({ width: 390, height: 844 });
      expect(saleIdsOnServer()).toEqual(before.sales);

      await context.setOffline(false);
      await page.getByTestId("offline-bar").waitFor({ state: "detached", timeout: 20_000 });
      const after = listSales(ctx).items.filter((s) => !before.sales.has(s.id));
      expect(after).toHaveLength(5);
      expect(new Set(after.map((s) => s.id)).size).toBe(5);
      expect(after.map((s) => s.totalFen).sort((a, b) => a - b)).toEqual([150, 150, 300, 450, 450]);
      expect(onHand(noodles.id)).toBe(before.noodles - 2);
      expect(onHand(water.id)).toBe(before.water - 2);
      expect(creditBook(ctx).totalOwedFen).toBe(owedBefore + 150);
      expect(ledgerViolations(server.db)).toEqual([]);
      expect(saleStockViolations(server.db)).toEqual([]);
      expect(creditViolations(server.db)).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it("shows a sale the server refused as needing attention, with the reason, and keeps it until given up", async () => {
    const phone = await open();
    const { page, context } = phone;
    try {
      const biscuits = makeProduct(ctx, { name: "奥利奥饼干", priceFen: 650 });
      await sellScreenReady(page, server.url);
      await page.reload();
      await expect.poll(() => page.evaluate(storedCatalogs), { timeout: 20_000 }).toBeGreaterThan(0);
      await goOffline(context, page);
      await page.getByRole("searchbox").fill("奥利奥");
      await page.getByRole("button", { name: "搜索" }).click();
      await page
        .getByRole("list", { name: "搜索结果" })
        .getByRole("button", { name: /奥利奥饼干/ })
        .click();
      await tender(page, "现金").click();
      await confirm(page).click();
      await page.getByText("已记下 ¥6.50（待同步）").waitFor();
      // Meanwhile the owner stops selling it.
      updateProduct(ctx, biscuits.id, { ...biscuits, active: false });
      const before = saleIdsOnServer();
      await context.setOffline(false);
      await page
        .getByTestId("attention")
        .getByText("需要处理：商品“奥利奥饼干”已经停售或删除")
        .waitFor({ timeout: 20_000 });
      await page.getByTestId("pending-badge").filter({ hasText: "1 笔待同步" }).waitFor();
      expect(saleIdsOnServer()).toEqual(before);

      // Giving it up asks first; "cancel" keeps it on the phone.
      const asked: string[] = [];
      let answer = false;
      page.on("dialog", (dialog) => {
        asked.push(dialog.message());
        void (answer ? dialog.accept() : dialog.dismiss());
      });
      const giveUp = page.getByTestId("attention").getByRole("button", { name: "放弃这笔" });
      // At 360 px the reason and the button fit the screen, and the button is a thumb's size.
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await overflowsHorizontally(page)).toBe(false);
      const box = (await giveUp.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.x + box.width).toBeLessThanOrEqual(360);
      await screenshot(page, "sell-attention-360x740");
      await page.setViewportSize({ width: 390, height: 844 });
      await giveUp.click();
      expect(asked).toEqual(["放弃这笔 ¥6.50 的销售吗？它不会记进账里，库存也不会扣；需要的话请手工补记。"]);
      await page.getByTestId("pending-badge").filter({ hasText: "1 笔待同步" }).waitFor();
      answer = true;
      await giveUp.click();
      await page.getByTestId("attention").waitFor({ state: "detached" });
      await expect.poll(() => page.evaluate(waitingOnPhone)).toBe(0);
      expect(saleIdsOnServer()).toEqual(before);
    } finally {
      await phone.close();
    }
  });

  it("after a sale with JavaScript on, Back records nothing new", async () => {
    const phone = await open();
    const { page } = phone;
    try {
      await page.goto(`${server.url}/store/sell`);
      await page.waitForLoadState("networkidle");
      await grid(page)
        .getByRole("button", { name: /可口可乐/ })
        .click();
      await page.getByRole("searchbox").fill("kkkl");
      await page.getByRole("button", { name: "搜索" }).click();
      await page.getByRole("list", { name: "搜索结果" }).waitFor();
      expect(new URL(page.url()).searchParams.get("sale")).toMatch(/^[A-Za-z0-9_-]{16}$/);
      await tender(page, "现金").click();
      await confirm(page).click();
      await page.getByText("已收款 ¥3.00").waitFor();
      const count = listSales(ctx).items.length;
      // The receipt is on screen before each Back's page has loaded: the next Back waits for the
      // router, or it cancels that load (React Router then reports an AbortError).
      const loaded = () =>
        page.waitForFunction(
          () =>
            (window as unknown as { __remixRouter: { state: { navigation: { state: string } } } }).__remixRouter.state
              .navigation.state === "idle",
        );
      await page.goBack();
      await page.getByText("已收款 ¥3.00").waitFor();
      await loaded();
      // Back to the cart's own URL: it names a recorded sale, so its receipt is shown, not the cart.
      await page.goBack();
      await page.getByText("已收款 ¥3.00").waitFor();
      await loaded();
      await page.waitForLoadState("networkidle");
      expect(await page.getByTestId("cart").count()).toBe(0);
      expect(listSales(ctx).items.length).toBe(count);
    } finally {
      await phone.close();
    }
  });

  it("keeps every sale when the session expired while offline, asks to log in, then syncs", async () => {
    const phone = await open();
    const { page, context } = phone;
    try {
      await sellScreenReady(page, server.url);
      await goOffline(context, page);
      await sellOffline(page, /可口可乐/, "现金");
      const before = saleIdsOnServer();
      // The session ends on the server while the phone is offline (expired, or logged out elsewhere).
      server.db.$client.prepare("delete from sessions where user_id = ?").run(ctx.actor.id);
      await context.setOffline(false);
      // Back online, the page asks to log in again (the sync got a 401; the shell's reload was
      // sent to the login page), and the sale is still on the phone.
      await page.waitForURL((url) => url.pathname === "/login", { timeout: 20_000 });
      expect(await page.evaluate(waitingOnPhone)).toBe(1);
      expect(saleIdsOnServer()).toEqual(before);
      await page.getByLabel("手机号").fill(user.phone);
      await page.getByLabel("密码").fill(user.password);
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL((url) => url.pathname === "/store/sell");
      await expect.poll(() => saleIdsOnServer().size, { timeout: 20_000 }).toBe(before.size + 1);
      await page.getByTestId("offline-bar").waitFor({ state: "detached", timeout: 20_000 });
    } finally {
      await phone.close();
    }
  });
});
