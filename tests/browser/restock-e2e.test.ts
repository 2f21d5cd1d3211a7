import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliveryClaims, deliveryRuns, products, restockOrders } from "@db/schema";
import { addStaff, makeDeliveryRoute } from "../support/distribution";
import {
  logInAs,
  recordPageErrors,
  openDesktop,
  openPhone,
  overflowsHorizontally,
  screenshot,
  type Phone,
} from "../support/browser";
import { ledgerViolations } from "../support/ledger";
import { startTestServer, type TestServer } from "../support/server";

// Issue 4's walk in Chromium: two shops order on their phones, the office confirms and the
// warehouse records a short pick on a desktop, the driver delivers on a phone, the shops receive
// (one with a damaged pack). The HTTP walk-through checks every number; this one checks that a
// person can do it on these screens.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

async function as(user: { phone: string; password: string }, open: () => Promise<Phone>): Promise<Phone> {
  const device = await open();
  recordPageErrors(device.page, pageErrors);
  await logInAs(device.page, server.url, user.phone, user.password);
  return device;
}

const order = (id: string) => server.db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!;

describe("cart to received stock, in the browser", () => {
  // Six browser sessions one after another: more than the project's default minute on a busy machine.
  it("two shops on phones, the office on a desktop, the driver on a phone", { timeout: 120_000 }, async () => {
    const w = await makeDeliveryRoute(server.db, { stores: 2, skus: 2, stockPacks: 10 });
    const [sku0, sku1] = w.skus;
    const driver = await addStaff(server.db, w.distributor.org, "driver");

    /** The shop adds `packs` of each SKU from its cart page and submits; returns the order id. */
    const orderFromPhone = async (
      user: { phone: string; password: string },
      packs: [typeof sku0, number][],
      shot: string,
    ) => {
      const phone = await as(user, () => openPhone());
      try {
        const { page } = phone;
        await page.goto(`${server.url}/store`);
        await page.getByRole("link", { name: "向配送商订货" }).click();
        await page.waitForURL(/\/store\/restock/);
        await page.waitForLoadState("networkidle");
        for (const [sku, n] of packs) {
          await page
            .getByTestId("catalog")
            .locator("li", { hasText: sku.name })
            .getByRole("button", { name: "加入" })
            .click();
          for (let i = 1; i < n; i++) await page.getByRole("button", { name: `增加 ${sku.name}` }).click();
        }
        const total = packs.reduce((sum, [sku, n]) => sum + n * sku.casePriceFen, 0);
        await expect.poll(() => page.getByTestId("total").textContent()).toBe(`¥${(total / 100).toFixed(2)}`);
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `${shot}-cart`);
        await page.getByRole("button", { name: /^提交订单/ }).click();
        await page.waitForURL(/\/store\/restock\/orders\/[\w-]+/);
        await expect.poll(() => page.getByTestId("delivery-code").textContent()).toMatch(/^\d{6}$/);
        await screenshot(page, `${shot}-submitted`);
        return page.url().split("?")[0].split("/").at(-1)!;
      } finally {
        await phone.close();
      }
    };
    const idA = await orderFromPhone(
      w.stores[0].user,
      [
        [sku0, 3],
        [sku1, 1],
      ],
      "restock-e2e-store-a",
    );
    const idB = await orderFromPhone(w.stores[1].user, [[sku0, 2]], "restock-e2e-store-b");

    const office = await as(w.distributor.user, () => openDesktop());
    let runId: string;
    try {
      const { page } = office;
      for (const id of [idA, idB]) {
        await page.goto(`${server.url}/distributor/orders/${id}`);
        await page.getByRole("button", { name: "确认", exact: true }).click();
        await page.getByText("已确认，已预留库存。").waitFor();
      }
      await screenshot(page, "restock-e2e-office-confirmed");
      runId = order(idA).runId!;
      expect(order(idB).runId).toBe(runId);

      await page.goto(`${server.url}/distributor/runs/${runId}/picks`);
      await page.getByRole("button", { name: "开始拣货" }).click();
      await page.waitForURL((url) => url.pathname === `/distributor/runs/${runId}`);
      await page.getByRole("link", { name: "登记拣货" }).click();
      await expect.poll(() => page.getByTestId("pick-form").count()).toBe(2);
      // One pack of the first SKU is all the shelf holds for shop A: the other two are backordered.
      const formA = page.getByTestId("pick-form").filter({ hasText: w.stores[0].org.name });
      await formA.getByLabel(sku0.name).fill("1");
      await screenshot(page, "restock-e2e-picks-short");
      await formA.getByRole("button", { name: "登记" }).click();
      await expect.poll(() => page.getByTestId("pick-form").count()).toBe(1);
      await page.getByRole("button", { name: "装车出发" }).click();
      await page.waitForURL((url) => url.pathname === `/distributor/runs/${runId}`);
      expect(server.db.select().from(deliveryRuns).where(eq(deliveryRuns.id, runId)).get()!.status).toBe(
        "out_for_delivery",
      );
      await screenshot(page, "restock-e2e-dispatched");
    } finally {
      await office.close();
    }

    const van = await as(driver.user, () => openPhone());
    try {
      const { page } = van;
      await page.goto(`${server.url}/distributor/runs/${runId}/stops`);
      expect(await overflowsHorizontally(page)).toBe(false);
      for (const [store, id] of [
        [w.stores[0], idA],
        [w.stores[1], idB],
      ] as const) {
        const stop = page.getByTestId("stop").filter({ hasText: store.org.name });
        await stop.getByLabel("收货码（门店订单上的 6 位数字）").fill(order(id).deliveryCode);
        await stop.getByRole("button", { name: "已送达" }).click();
        await expect.poll(() => order(id).status).toBe("delivered");
        await stop.getByText("已凭收货码签收").waitFor();
      }
      await screenshot(page, "restock-e2e-driver-delivered");
    } finally {
      await van.close();
    }

    const receive = async (
      user: { phone: string; password: string },
      id: string,
      damaged: typeof sku0 | null,
      shot: string,
    ) => {
      const phone = await as(user, () => openPhone());
      try {
        const { page } = phone;
        await page.goto(`${server.url}/store/restock/orders/${id}`);
        if (damaged) {
          const line = page.getByTestId("receive-lines").locator("li", { hasText: damaged.name });
          const shipped = Number(await line.getByLabel(/^实收/).inputValue());
          await line.getByLabel(/^实收/).fill(String(shipped - 1));
          await line.getByLabel(/^破损/).fill("1");
        }
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `${shot}-receiving`);
        await page.getByRole("button", { name: "确认收货" }).click();
        await page.getByText(damaged ? "已收货入库，1 处差异已提交给配送商。" : "已收货入库。").waitFor();
        await screenshot(page, `${shot}-received`);
      } finally {
        await phone.close();
      }
    };
    await receive(w.stores[0].user, idA, null, "restock-e2e-store-a");
    await receive(w.stores[1].user, idB, sku0, "restock-e2e-store-b");

    const stockOf = (orgId: string) =>
      Object.fromEntries(
        server.db
          .select()
          .from(products)
          .where(eq(products.orgId, orgId))
          .all()
          .map((p) => [p.barcode, p.onHand]),
      );
    expect(stockOf(w.stores[0].org.id)).toEqual({ [sku0.barcode]: 12, [sku1.barcode]: 12 });
    expect(stockOf(w.stores[1].org.id)).toEqual({ [sku0.barcode]: 12 });
    expect(server.db.select().from(deliveryClaims).where(eq(deliveryClaims.orderId, idB)).all()).toMatchObject([
      { kind: "damaged", qtyPacks: 1, status: "open" },
    ]);
    expect(server.db.select().from(restockOrders).where(eq(restockOrders.backorderOf, idA)).get()).toMatchObject({
      status: "confirmed",
    });
    expect(ledgerViolations(server.db)).toEqual([]);
  });
});
