import type { Page } from "playwright-core";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buyingListLines, farmerEntries } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { flagRecallSchema } from "~/domain/recall/fields.server";
import { flagRecall } from "~/domain/recall/flag-recall.server";
import {
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  waitForHydration,
  type Phone,
} from "../support/browser";
import { TEST_PASSWORD } from "../support/factories";
import { buy, produceWorld } from "../support/produce";
import { recallWorld } from "../support/recall";
import { startTestServer, type TestServer } from "../support/server";
import { tracedWorld } from "../support/trace";

// (recallui, decision 047) What people meet, in Chromium on a 360 px phone: the farmer disputes a
// receipt from its link with JavaScript off and no account; the owner sees the notice, answers
// with a correction (JavaScript off too), the farmer reads it; the store's menu reaches the lot
// pages; a recalled product is shown apart on the product page; the alliance's batch chain.
let server: TestServer;
const pageErrors: string[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

async function phone(javaScriptEnabled: boolean, user?: { phone: string; password?: string }): Promise<Phone> {
  const p = await openPhone({ javaScriptEnabled, width: 360, height: 740 });
  recordPageErrors(p.page, pageErrors);
  if (user) await logInAs(p.page, server.url, user.phone, user.password ?? TEST_PASSWORD);
  return p;
}

/** Every visible link and button on the page is at least 44 px tall (a thumb's target). */
async function smallTargets(page: Page, scope = "main"): Promise<string[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel) ?? document.body;
    return [...root.querySelectorAll<HTMLElement>("a, button, textarea, input:not([type=hidden])")]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => `${el.tagName} ${el.textContent?.trim().slice(0, 20)} ${el.getBoundingClientRect().height}`);
  }, scope);
}

describe("the farmer's dispute, with JavaScript off at 360 px", () => {
  it("the farmer disputes from the link, the owner corrects it, the farmer reads the answer", async () => {
    const w = await produceWorld(server.db);
    const eggs = server.db
      .select()
      .from(buyingListLines)
      .where(eq(buyingListLines.listId, w.listId))
      .all()
      .find((l) => l.produce === "鸡蛋")!;
    const bought = buy(w.stores[0].ctx, eggs.id, { qty: "240", price: "0.95", payment: "owed" });
    const link = `${server.url}/produce/receipt/${bought.receiptToken}`;

    const farmer = await phone(false);
    try {
      const { page } = farmer;
      await page.goto(link);
      await page.getByRole("heading", { name: "有异议" }).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      expect(await smallTargets(page)).toEqual([]);
      await page.getByLabel("异议原因（最多 200 字）").fill("家里数过是 252 个，收据上只记了 240 个");
      await page.getByRole("button", { name: "提交异议" }).click();
      await page.getByText("异议已提交，店里会在这里答复。").waitFor();
      await page.getByTestId("dispute-status").filter({ hasText: "待店里处理" }).waitFor();
      expect(await page.getByRole("button", { name: "提交异议" }).count()).toBe(0);
      await screenshot(page, "recallui-dispute-farmer-sent-360");
    } finally {
      await farmer.close();
    }

    const owner = await phone(false, w.stores[0].user);
    try {
      const { page } = owner;
      await page.goto(`${server.url}/store`);
      await screenshot(page, "recallui-store-home-dispute-notice-360");
      await page.getByTestId("dispute-notice").filter({ hasText: "1 条农户异议待处理" }).click();
      await page.waitForURL((url) => url.pathname === "/store/produce");
      await screenshot(page, "recallui-dispute-store-list-360");
      await page.getByRole("link", { name: "处理" }).click();
      await page.getByRole("heading", { name: /有异议/ }).waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      expect(await smallTargets(page)).toEqual([]);
      // Tall enough to see both answers (correct, do not accept) on one picture.
      await page.setViewportSize({ width: 360, height: 1500 });
      await screenshot(page, "recallui-dispute-resolve-360");
      await page.setViewportSize({ width: 360, height: 740 });
      await page.getByLabel("更正后的数量（克或个）").fill("252");
      await page.getByRole("button", { name: "更正并记入农户账" }).click();
      // 252 × ¥0.95 = ¥239.40; the receipt said 240 × ¥0.95 = ¥228.00: +¥11.40 to the farmer.
      await page.getByText("已更正，差额 ¥11.40 已记入农户账。").waitFor();
      await screenshot(page, "recallui-dispute-corrected-360");
    } finally {
      await owner.close();
    }
    const adjustment = server.db
      .select()
      .from(farmerEntries)
      .where(eq(farmerEntries.purchaseId, bought.purchaseId))
      .all()
      .filter((e) => e.kind === "adjustment");
    expect(adjustment.map((e) => e.amountFen)).toEqual([1140]);

    const again = await phone(false);
    try {
      await again.page.goto(link);
      await again.page.getByTestId("dispute-correction").filter({ hasText: "+¥11.40" }).waitFor();
      await screenshot(again.page, "recallui-dispute-farmer-answer-360");
      // In English too (the language switch works without JavaScript).
      await again.page.getByRole("button", { name: /English/ }).click();
      await again.page.getByTestId("dispute-status").filter({ hasText: "Corrected" }).waitFor();
      await again.page.getByText(/Corrected to 252 pcs/).waitFor();
      expect(await overflowsHorizontally(again.page)).toBe(false);
      await screenshot(again.page, "recallui-dispute-farmer-answer-en-360");
    } finally {
      await again.close();
    }
  });
});

describe("menus, recalled stock and the alliance chain at 360 px", () => {
  it("the store's tabs reach the lot pages; a recalled product is shown apart; the alliance opens a batch chain", async () => {
    const world = await recallWorld(server.db, { stores: 1, received: 20, perStore: 6, clean: 4 });
    const [a] = world.stores;
    flagRecall(
      world.alliance.ctx,
      flagRecallSchema.parse({
        requestId: newId(),
        source: `supplier_batch:${world.batchId}`,
        reason: "检出黄曲霉毒素超标",
      }),
    );
    const shop = await phone(true, a.user);
    try {
      const { page } = shop;
      await page.goto(`${server.url}/store`);
      await waitForHydration(page);
      const tabs = page.getByRole("navigation", { name: "门店菜单" });
      await tabs.getByRole("link", { name: "追溯" }).click();
      await page.waitForURL((url) => url.pathname === "/store/trace");
      await page.getByTestId("lot-list").waitFor();
      expect(await smallTargets(page, "nav[aria-label=门店菜单]")).toEqual([]);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "recallui-store-trace-tab-360");
      await page.goto(`${server.url}/store/products/${a.product.id}`);
      await page.getByTestId("sellable").filter({ hasText: "可售 4桶" }).waitFor();
      await page.getByText("召回隔离 6桶（不可售）：检出黄曲霉毒素超标").waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "recallui-product-quarantined-360");
      await page.goto(`${server.url}/store/products`);
      await page.getByTestId("quarantined").first().waitFor();
      await screenshot(page, "recallui-products-quarantined-360");
    } finally {
      await shop.close();
    }

    const traced = await tracedWorld(server.db);
    const coordinator = await phone(false, traced.alliance.user);
    try {
      const { page } = coordinator;
      await page.goto(`${server.url}/alliance`);
      await page.getByRole("link", { name: "批次追溯" }).click();
      await page
        .getByTestId("batch-list")
        .getByRole("link", { name: /金龙鱼/ })
        .first()
        .click();
      await page.getByTestId("chain-down").waitFor();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "recallui-alliance-chain-360");
    } finally {
      await coordinator.close();
    }
  });
});
