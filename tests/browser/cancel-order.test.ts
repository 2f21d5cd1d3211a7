import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restockOrders } from "@db/schema";
import { logInAs, openPhone, overflowsHorizontally, screenshot } from "../support/browser";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe("cancelling a confirmed order on a 360 px phone, JavaScript off", () => {
  it("opens the fold, asks for the reason and the tick, then cancels and says so", async () => {
    const r = await makeDeliveryRoute(server.db, { stores: 1, skus: 2, deliveryDate: "2030-01-01" });
    const order = makeConfirmedOrder(r.distributor.ctx, {
      linkId: r.stores[0].linkId,
      deliveryDate: "2030-01-01",
      lines: r.skus.map((sku) => ({ sku, packs: 1 })),
    });
    const phone = await openPhone({ javaScriptEnabled: false, width: 360, height: 740 });
    try {
      const { page } = phone;
      await logInAs(page, server.url, r.distributor.user.phone, r.distributor.user.password);
      await page.goto(`${server.url}/distributor/orders/${order.id}`);
      await page.getByText("取消这张已确认的订单").click();
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "distributor-cancel-order-360");

      await page.getByLabel("取消原因（门店会看到）").fill("冷库坏了，这批货发不出");
      await page.getByLabel("我确认取消这张订单").check();
      await page.getByRole("button", { name: "取消订单" }).click();
      await expect.poll(() => page.getByText("订单已取消，门店已收到通知。").isVisible()).toBe(true);
      expect(await page.getByText("配送商取消了订单：冷库坏了，这批货发不出").isVisible()).toBe(true);
      expect(await overflowsHorizontally(page)).toBe(false);
      expect(server.db.select().from(restockOrders).where(eq(restockOrders.id, order.id)).get()?.status).toBe(
        "cancelled",
      );
    } finally {
      await phone.close();
    }
  });
});
