import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { newId } from "~/domain/ids.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { completeRun } from "~/domain/fulfilment/complete-run.server";
import { dispatchRun } from "~/domain/fulfilment/dispatch-run.server";
import { startPicking } from "~/domain/fulfilment/start-picking.server";
import { eq } from "drizzle-orm";
import { deliveryRuns, restockOrders } from "@db/schema";
import { addStaff } from "../support/distribution";
import {
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  waitForHydration,
  type Phone,
} from "../support/browser";
import { nextRunOrder, recallWorld } from "../support/recall";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let world: Awaited<ReturnType<typeof recallWorld>>;
let next: { orderId: string; runId: string };
let driver: Awaited<ReturnType<typeof addStaff>>;
let keeper: Awaited<ReturnType<typeof addStaff>>;

beforeAll(async () => {
  server = await startTestServer();
  // A REAL run (decision 046): the campaign's supplier batch received into the warehouse, a run
  // dispatched (first-expiring-first, the lot carried on the order lines) and received by both
  // stores, whose lots know the warehouse lot and the batch. That run is done; store B has
  // ordered 2 more for the route's next run.
  world = await recallWorld(server.db, { stores: 2, received: 30, perStore: 6 });
  completeRun(world.distributor.ctx, world.runId, { requestId: newId() });
  next = nextRunOrder(world, 1, 2);
  driver = await addStaff(server.db, world.distributor.org, "driver");
  keeper = await addStaff(server.db, world.distributor.org, "warehouse");
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
  it(
    "reaches every holding store, blocks the sale, stops the warehouse shipping it, comes back on the next run; the report adds up",
    { timeout: 180_000 },
    async () => {
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

      const nextDate = server.db.select().from(deliveryRuns).where(eq(deliveryRuns.id, next.runId)).get()!.deliveryDate;
      // Store A again with JavaScript off at 360 px: confirms it checked the shelf.
      const noJs = await open(a!.user, false, 360);
      try {
        const { page } = noJs;
        await page.goto(`${server.url}/store`);
        await page.getByTestId("recall-notices").getByRole("link").click();
        await page.getByRole("button", { name: "确认已核对货架" }).click();
        await page.getByTestId("confirmed").waitFor();
        // The units wait for the driver of the route's next run.
        await page.getByTestId("recall-pickup-date").getByText(`下一趟配送（${nextDate}）`).waitFor();
        expect(await page.getByRole("button", { name: "交司机退回" }).count()).toBe(0);
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

      // The warehouse: the next run's pick list keeps the recalled 18 units apart with the reason
      // and lists what comes back from each store.
      const warehouse = await open(keeper.user);
      try {
        const { page } = warehouse;
        await page.goto(`${server.url}/distributor/runs/${next.runId}/pick-list`);
        await page.getByTestId("pick-recalled").getByText("召回隔离 18 桶，不发货：检出黄曲霉毒素超标").waitFor();
        const returns = page.getByTestId("recall-return");
        await returns.filter({ hasText: a!.org.name }).getByText("应退 4 桶").waitFor();
        await returns.filter({ hasText: b!.org.name }).getByText("应退 6 桶").waitFor();
        await screenshot(page, "recall-pick-list");
        expect(await overflowsHorizontally(page)).toBe(false);
        await page.goto(`${server.url}/distributor/catalog`);
        await page.getByTestId("warehouse-held").getByText("检出黄曲霉毒素超标").waitFor();
        // Picking starts: the picker entering quantities sees the hold beside the store's line.
        startPicking(world.distributor.ctx, next.runId, { requestId: newId() });
        await page.goto(`${server.url}/distributor/runs/${next.runId}/picks`);
        await page
          .getByTestId("picks-recalled")
          .first()
          .getByText("召回隔离 18 桶，不发货：检出黄曲霉毒素超标")
          .waitFor();
        expect(await overflowsHorizontally(page)).toBe(false);
      } finally {
        await warehouse.close();
      }
      // The van leaves: only recalled stock is left, so B's line ships nothing and says why.
      dispatchRun(world.distributor.ctx, next.runId, { requestId: newId() });
      const order = server.db.select().from(restockOrders).where(eq(restockOrders.id, next.orderId)).get()!;
      expect(order.status).toBe("cancelled");

      // The driver's phone: at each store the recalled units are counted and taken back.
      const van = await open(driver.user);
      try {
        const { page } = van;
        await page.goto(`${server.url}/distributor/runs/${next.runId}/stops`);
        await waitForHydration(page);
        for (const [store, units] of [
          [a!, "4"],
          [b!, "6"],
        ] as const) {
          const card = page.getByTestId("recall-return").filter({ hasText: store.org.name });
          await card.getByLabel("实收件数").fill(units);
          if (store === a) await screenshot(page, "recall-driver");
          await card.getByRole("button", { name: "确认取回" }).click();
          await page
            .getByTestId("recall-return")
            .filter({ hasText: store.org.name })
            .getByText(`已取回 ${units} 桶`)
            .waitFor();
        }
        expect(await overflowsHorizontally(page)).toBe(false);
      } finally {
        await van.close();
      }

      // Back at the warehouse: A's units booked in (kept apart), B's destroyed.
      const booking = await open(keeper.user);
      try {
        const { page } = booking;
        await page.goto(`${server.url}/distributor/runs/${next.runId}/recall-returns`);
        await waitForHydration(page);
        await page
          .getByTestId("recall-return")
          .filter({ hasText: a!.org.name })
          .getByRole("button", { name: "入库隔离" })
          .click();
        await page.getByTestId("recall-return").filter({ hasText: a!.org.name }).getByText("已入库隔离").waitFor();
        await page
          .getByTestId("recall-return")
          .filter({ hasText: b!.org.name })
          .getByRole("button", { name: "销毁" })
          .click();
        await page.getByTestId("recall-return").filter({ hasText: b!.org.name }).getByText("已销毁").waitFor();
        await screenshot(page, "recall-book-in");
        expect(await overflowsHorizontally(page)).toBe(false);
      } finally {
        await booking.close();
      }

      // The report: every store unit accounted for, the credit customer named, both confirmations.
      const back = await open(world.alliance.user);
      try {
        const { page } = back;
        await page.goto(reportUrl);
        const totals = await page.getByTestId("recall-totals").locator("td").allTextContents();
        expect(totals.slice(1, 6)).toEqual(["12", "0", "2", "10", "0"]);
        const [received, inStock, sold, returned, destroyed] = totals.slice(1, 6).map(Number);
        expect(inStock! + sold! + returned! + destroyed!).toBe(received);
        expect(received).toBe(world.stores.length * 6);
        await page.getByTestId("recall-sold").getByText("李大爷").waitFor();
        expect(await page.getByTestId("recall-stores").getByText("未确认").count()).toBe(0);
        await page
          .getByTestId("recall-back-on-runs")
          .getByText("司机随配送车带回 10 件：已入库隔离 4 · 已销毁 6 · 待入库 0")
          .waitFor();
        await page.getByTestId("recall-log").getByText("司机取回 4 件").waitFor();
        await page.getByTestId("recall-log").getByText("销毁 6 件").waitFor();
        await screenshot(page, "recall-report");
        expect(await overflowsHorizontally(page)).toBe(false);
      } finally {
        await back.close();
      }
    },
  );
});
