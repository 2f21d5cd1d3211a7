import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { newId } from "~/domain/ids.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import {
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  waitForHydration,
  type Phone,
} from "../support/browser";
import { recallWorld } from "../support/recall";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let world: Awaited<ReturnType<typeof recallWorld>>;

beforeAll(async () => {
  server = await startTestServer();
  // The chain as trace's receipts write it (supplier batch → warehouse lot → each store's lot):
  // edges written by the set-up (decision 041 says why), the stores' receipts real.
  world = await recallWorld(server.db, { stores: 2, received: 30, perStore: 6 });
  const [a] = world.stores;
  recordSale(a!.ctx, {
    saleId: newId(),
    tender: "credit",
    customerName: "李大爷",
    lines: [{ productId: a!.product.id, qty: 2 }],
  });
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

async function open(user: { phone: string; password: string }, javaScriptEnabled = true, width = 390): Promise<Phone> {
  const phone = await openPhone({ javaScriptEnabled, width });
  recordPageErrors(phone.page, pageErrors, { allowStatus: [409] });
  await logInAs(phone.page, server.url, user.phone, user.password);
  return phone;
}

describe("a recall of a campaign's supplier batch", () => {
  it("reaches every holding store, blocks the sale at the till and in the offline copy, and the report adds up", async () => {
    const [a, b] = world.stores;
    const coordinator = await open(world.alliance.user);
    let reportUrl = "";
    try {
      const { page } = coordinator;
      await page.goto(`${server.url}/alliance/recalls`);
      await waitForHydration(page);
      const batch = await page.locator("select[name=source] option", { hasText: "B20261120" }).getAttribute("value");
      await page.getByLabel("召回对象").selectOption(batch!);
      await page.getByLabel("原因").fill("检出黄曲霉毒素超标");
      await page.getByLabel("退回安排").fill("下一趟配送车由司机带回仓库");
      await screenshot(page, "recall-flag");
      expect(await overflowsHorizontally(page)).toBe(false);
      await page.getByRole("button", { name: "发起" }).click();
      await page.getByRole("heading", { name: /召回报告/ }).waitFor();
      reportUrl = page.url();
    } finally {
      await coordinator.close();
    }

    // Store A: the notice at the top of its home page, the till refuses with the reason.
    const shop = await open(a!.user);
    try {
      const { page } = shop;
      await page.goto(`${server.url}/store`);
      const notice = page.getByTestId("recall-notices");
      await notice.getByText("检出黄曲霉毒素超标").waitFor();
      await notice.getByText("4 件已隔离，不能出售").waitFor();
      await screenshot(page, "recall-store-home");
      expect(await overflowsHorizontally(page)).toBe(false);
      await page.goto(`${server.url}/store/sell`);
      await waitForHydration(page);
      await page
        .getByRole("list", { name: "常卖商品" })
        .getByRole("button", { name: /金龙鱼大豆油/ })
        .click();
      await page.getByRole("button", { name: "现金", exact: true }).click();
      await page.getByRole("button", { name: /^确认收款/ }).click();
      await page.getByRole("alert").filter({ hasText: "已被召回，不能出售：检出黄曲霉毒素超标" }).waitFor();
      await screenshot(page, "recall-sell-refused");
      // The phone's offline copy, as it refreshes: nothing sellable, the reason carried.
      const copy = await page.evaluate(async () => (await fetch("/store/sell-data?since=0")).json());
      expect(copy.products).toEqual([expect.objectContaining({ onHand: 0, recall: "检出黄曲霉毒素超标" })]);
    } finally {
      await shop.close();
    }

    // Store A again with JavaScript off at 360 px: confirms, hands the 4 units to the driver.
    const noJs = await open(a!.user, false, 360);
    try {
      const { page } = noJs;
      await page.goto(`${server.url}/store`);
      await page.getByTestId("recall-notices").getByRole("link").click();
      await page.getByRole("button", { name: "确认已核对货架" }).click();
      await page.getByTestId("confirmed").waitFor();
      await page.getByRole("button", { name: "交司机退回" }).click();
      await page.getByTestId("held").filter({ hasText: "0" }).waitFor();
      await screenshot(page, "recall-store-page-360");
      expect(await overflowsHorizontally(page)).toBe(false);
    } finally {
      await noJs.close();
    }

    // Store B only confirms (its 6 units stay apart).
    const other = await open(b!.user);
    try {
      const { page } = other;
      await page.goto(`${server.url}/store`);
      await page.getByTestId("recall-notices").getByRole("link").click();
      await waitForHydration(page);
      await page.getByRole("button", { name: "确认已核对货架" }).click();
      await page.getByTestId("confirmed").waitFor();
    } finally {
      await other.close();
    }

    // The report: every store unit accounted for, the credit customer named, both confirmations.
    const back = await open(world.alliance.user);
    try {
      const { page } = back;
      await page.goto(reportUrl);
      const totals = await page.getByTestId("recall-totals").locator("td").allTextContents();
      expect(totals.slice(1, 6)).toEqual(["12", "6", "2", "4", "0"]);
      const [received, inStock, sold, returned, destroyed] = totals.slice(1, 6).map(Number);
      expect(inStock! + sold! + returned! + destroyed!).toBe(received);
      expect(received).toBe(world.stores.length * 6);
      await page.getByTestId("recall-sold").getByText("李大爷").waitFor();
      expect(await page.getByTestId("recall-stores").getByText("未确认").count()).toBe(0);
      await page.getByTestId("recall-log").getByText("退回 4 件").waitFor();
      await screenshot(page, "recall-report");
      expect(await overflowsHorizontally(page)).toBe(false);
    } finally {
      await back.close();
    }
  });
});
