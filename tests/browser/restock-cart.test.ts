import type { Page } from "playwright-core";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { restockOrders } from "@db/schema";
import { makeDeliveryRoute } from "../support/distribution";
import {
  logInAs,
  recordPageErrors,
  openPhone,
  overflowsHorizontally,
  screenshot,
  type Phone,
} from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// The store's cart on a phone, with JavaScript on and off. The walk from cart to received stock
// across stores and a run (with the driver's pages) is the cross-cutting browser test.

let server: TestServer;
let world: Awaited<ReturnType<typeof makeDeliveryRoute>>;
beforeAll(async () => {
  server = await startTestServer();
  world = await makeDeliveryRoute(server.db, { stores: 2, skus: 3, stockPacks: 10 });
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

async function open(
  user: { phone: string; password: string },
  javaScriptEnabled: boolean,
  width = 360,
): Promise<Phone> {
  const phone = await openPhone({ javaScriptEnabled, width });
  // A refused order is a 400/409 answer on purpose; the browser logs every such response.
  recordPageErrors(phone.page, pageErrors, { allowStatus: [400, 409] });
  await logInAs(phone.page, server.url, user.phone, user.password);
  return phone;
}

async function orderTwoOfFirst(page: Page, javaScriptEnabled: boolean) {
  await page.goto(`${server.url}/store`);
  await page.getByRole("link", { name: "向配送商订货" }).click();
  await page.waitForURL(/\/store\/restock/);
  if (javaScriptEnabled) await page.waitForLoadState("networkidle");
  await expect.poll(() => page.getByTestId("next-delivery").textContent()).toContain("下一趟送货");
  const sku = world.skus[0];
  await page.getByTestId("catalog").locator("li", { hasText: sku.name }).getByRole("button", { name: "加入" }).click();
  await page.getByRole("button", { name: `增加 ${sku.name}` }).click();
  await expect.poll(() => page.getByTestId("total").textContent()).toBe("¥20.00");
  expect(await overflowsHorizontally(page)).toBe(false);
  await page.getByRole("button", { name: /^提交订单/ }).click();
  await page.waitForURL(/\/store\/restock\/orders\/[\w-]+/);
  await expect.poll(() => page.getByTestId("delivery-code").textContent()).toMatch(/^\d{6}$/);
  expect(await overflowsHorizontally(page)).toBe(false);
  return page.url().split("/").at(-1)!.split("?")[0];
}

describe("restock cart on a 360 px phone", () => {
  it.each([true, false])("adds, changes and submits an order (JavaScript %s)", async (javaScriptEnabled) => {
    const store = world.stores[javaScriptEnabled ? 0 : 1];
    const phone = await open(store.user, javaScriptEnabled);
    try {
      const orderId = await orderTwoOfFirst(phone.page, javaScriptEnabled);
      expect(server.db.select().from(restockOrders).where(eq(restockOrders.id, orderId)).get()).toMatchObject({
        storeOrgId: store.org.id,
        totalFen: 2000,
        status: "submitted",
      });
      await screenshot(phone.page, `restock-order-js-${javaScriptEnabled ? "on" : "off"}`);
    } finally {
      await phone.close();
    }
  });

  it("a typed count that is not a whole number is named on its line, and the cart is kept", async () => {
    const phone = await open(world.stores[0].user, true);
    try {
      const { page } = phone;
      const sku = world.skus[1];
      await page.goto(`${server.url}/store/restock?line.${sku.id}=2`);
      await page.waitForLoadState("networkidle");
      await page.getByLabel(`件数 ${sku.name}`).fill("1.5");
      await page.getByRole("button", { name: /^提交订单/ }).click();
      await expect.poll(() => page.getByTestId("cart").textContent()).toContain("件数要填 1 或以上的整数");
      expect(await page.getByLabel(`件数 ${sku.name}`).inputValue()).toBe("1.5");
      await screenshot(page, "restock-cart-error");
    } finally {
      await phone.close();
    }
  });
});
