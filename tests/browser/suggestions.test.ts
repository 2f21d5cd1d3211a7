import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { restockOrderLines, restockOrders } from "@db/schema";
import { logInAs, openPhone, overflowsHorizontally, recordPageErrors, screenshot } from "../support/browser";
import { makeDeliveryRoute } from "../support/distribution";
import { TEST_PASSWORD } from "../support/factories";
import { startTestServer, type TestServer } from "../support/server";
import { sellingPair } from "../support/suggestions";

// From the store home to a submitted order through the suggestions, on a phone, JavaScript on
// (390 px) and off (360 px).

let server: TestServer;
let world: Awaited<ReturnType<typeof makeDeliveryRoute>>;
beforeAll(async () => {
  server = await startTestServer();
  world = await makeDeliveryRoute(server.db, { stores: 2, skus: 0 });
  for (const store of world.stores) {
    sellingPair(server.db, store.ctx, world.distributor.ctx, { name: "白象红烧牛肉面 五连包（家庭装）", onHand: 0 });
    sellingPair(server.db, store.ctx, world.distributor.ctx, { name: "金龙鱼大豆油 5L", onHand: 3, perDay: 1 });
    sellingPair(server.db, store.ctx, world.distributor.ctx, { name: "双汇王中王火腿肠", onHand: 500 });
  }
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

describe("restock suggestions on a phone", () => {
  it.each([
    [true, 390],
    [false, 360],
  ])(
    "one tap turns the suggestions into a cart that submits (JavaScript %s, %i px)",
    async (javaScriptEnabled, width) => {
      const store = world.stores[javaScriptEnabled ? 0 : 1];
      const phone = await openPhone({ javaScriptEnabled, width });
      recordPageErrors(phone.page, pageErrors);
      try {
        const { page } = phone;
        await logInAs(page, server.url, store.user.phone, TEST_PASSWORD);
        await page.goto(`${server.url}/store`);
        await page.getByRole("link", { name: "补货建议：该订什么货", exact: true }).click();
        await page.waitForURL(/\/store\/restock\/suggestions/);
        if (javaScriptEnabled) await page.waitForLoadState("networkidle");
        const items = page.getByTestId("suggestion");
        await expect.poll(() => items.count()).toBe(2);
        // The empty shelf first; each line says why.
        expect(await items.first().textContent()).toContain("白象红烧牛肉面");
        expect(await items.first().textContent()).toContain("建议订 1 箱");
        expect(await items.first().textContent()).toMatch(/每天约卖 2 袋；还剩 0 袋/);
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `suggestions-js-${javaScriptEnabled ? "on" : "off"}-${width}`);

        await page.getByRole("button", { name: /^全部加入补货单/ }).click();
        await page.waitForURL(/\/store\/restock\?/);
        if (javaScriptEnabled) await page.waitForLoadState("networkidle");
        await expect.poll(() => page.getByTestId("total").textContent()).toBe("¥96.00");
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `suggestions-cart-js-${javaScriptEnabled ? "on" : "off"}-${width}`);
        await page.getByRole("button", { name: /^提交订单/ }).click();
        await page.waitForURL(/\/store\/restock\/orders\/[\w-]+/);
        const orderId = page.url().split("/").at(-1)!.split("?")[0];
        expect(server.db.select().from(restockOrders).where(eq(restockOrders.id, orderId)).get()).toMatchObject({
          storeOrgId: store.org.id,
          totalFen: 9600,
          source: "suggestion",
        });
        expect(
          server.db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orderId)).all(),
        ).toHaveLength(2);
      } finally {
        await phone.close();
      }
    },
  );
});
