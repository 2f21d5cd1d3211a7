import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "~/domain/ids.server";
import { dispatchRun } from "~/domain/fulfilment/dispatch-run.server";
import { startPicking } from "~/domain/fulfilment/start-picking.server";
import { logInAs, openPhone, overflowsHorizontally, screenshot } from "../support/browser";
import { addStaff, makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe("the driver's phone, JavaScript off", () => {
  it("delivers a stop with the store's code, and a wrong code is explained", async () => {
    const r = await makeDeliveryRoute(server.db, { stores: 2, skus: 3, deliveryDate: "2030-01-01" });
    const orders = r.stores.map((s) =>
      makeConfirmedOrder(r.distributor.ctx, {
        linkId: s.linkId,
        deliveryDate: "2030-01-01",
        lines: r.skus.map((sku) => ({ sku, packs: 1 })),
      }),
    );
    const runId = orders[0].runId!;
    startPicking(r.distributor.ctx, runId, { requestId: newId() });
    dispatchRun(r.distributor.ctx, runId, { requestId: newId() });
    const driver = await addStaff(server.db, r.distributor.org, "driver");

    const phone = await openPhone({ javaScriptEnabled: false });
    try {
      const { page } = phone;
      await logInAs(page, server.url, driver.user.phone, driver.user.password);
      await page.goto(`${server.url}/distributor/runs/${runId}/stops`);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "fulfilment-stops-phone");

      const first = page.getByTestId("stop").first();
      const wrong = orders[0].deliveryCode === "000000" ? "111111" : "000000";
      await first.getByLabel("收货码（门店订单上的 6 位数字）").fill(wrong);
      await first.getByRole("button", { name: "已送达" }).click();
      await expect
        .poll(() => page.getByText("收货码不对，请让店主再看一下订单上的收货码。").first().isVisible())
        .toBe(true);

      const again = page.getByTestId("stop").first();
      await again.getByLabel("收货码（门店订单上的 6 位数字）").fill(orders[0].deliveryCode);
      await again.getByRole("button", { name: "已送达" }).click();
      await expect.poll(() => page.getByText("已记为送达").isVisible()).toBe(true);
      expect(await page.getByTestId("stop").first().getByText("已凭收货码签收").isVisible()).toBe(true);

      await page.goto(`${server.url}/distributor/runs/${runId}/pick-list?paper=80mm`);
      await screenshot(page, "fulfilment-pick-list-80mm");
    } finally {
      await phone.close();
    }
  });
});
