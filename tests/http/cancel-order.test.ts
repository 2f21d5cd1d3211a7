import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restockOrders } from "@db/schema";
import { fixedClock } from "~/domain/dates";
import { addStaff, makeDeliveryRoute } from "../support/distribution";
import { hiddenValue, visibleHtml } from "../support/html";
import { MONDAY_NIGHT, submitAndConfirm } from "../support/restock";
import { loggedInClient, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

// The distributor calls off a confirmed order from its page, over the real server, as a form
// posted without JavaScript; the store reads why on its home page and on the order.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

/** What a cancellation writes: a refused request leaves all of it as it was. */
function orderRows() {
  const { restock_orders, state_transitions, idempotent_requests, catalog_items, notifications, demand_weekly } =
    dbSnapshot(server.db);
  return { restock_orders, state_transitions, idempotent_requests, catalog_items, notifications, demand_weekly };
}

async function world() {
  const r = await makeDeliveryRoute(server.db, { stores: 1, skus: 2, stockPacks: 10, clock: fixedClock(MONDAY_NIGHT) });
  const store = r.stores[0];
  const order = submitAndConfirm(store.ctx, r.distributor.ctx, [{ sku: r.skus[0], packs: 2 }]);
  const driver = await addStaff(server.db, r.distributor.org, "driver");
  return {
    ...r,
    store,
    order,
    admin: await loggedIn(r.distributor.user),
    driver: await loggedIn(driver.user),
    shop: await loggedIn(store.user),
  };
}

const statusOf = (id: string) => server.db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!.status;

describe("cancelling a confirmed order from the distributor's order page", () => {
  it("a driver is refused (403) and nothing is written; the admin's form cancels it and the store is told", async () => {
    const w = await world();
    const page = `/distributor/orders/${w.order.orderId}`;
    const html = await (await w.admin.get(page)).text();
    expect(html).toContain('data-testid="cancel-order-form"');
    const form = {
      intent: "cancel",
      requestId: hiddenValue(html, "requestId"),
      reason: "车坏了，本周停送",
      confirm: "yes",
    };

    const before = orderRows();
    expect((await w.driver.post(page, form)).status).toBe(403);
    expect(orderRows()).toEqual(before);

    const unticked = await w.admin.post(page, { ...form, confirm: "" });
    expect(unticked.status).toBe(400);
    expect(visibleHtml(await unticked.text())).toContain("请勾选确认后再取消");
    const noReason = await w.admin.post(page, { ...form, reason: " " });
    expect(noReason.status).toBe(400);
    const unknown = await w.admin.post(page, { ...form, intent: "frobnicate" });
    expect(unknown.status).toBe(400);
    expect(visibleHtml(await unknown.text())).toContain("无法识别这个操作");
    expect(orderRows()).toEqual(before);
    expect(statusOf(w.order.orderId)).toBe("confirmed");

    const done = await w.admin.post(page, form);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(`${page}?done=cancelled`);
    expect(statusOf(w.order.orderId)).toBe("cancelled");
    expect(visibleHtml(await (await w.admin.get(`${page}?done=cancelled`)).text())).toContain(
      "配送商取消了订单：车坏了，本周停送",
    );
    // A resent form (the same request id) is answered as the first and writes nothing more.
    const after = orderRows();
    expect((await w.admin.post(page, form)).status).toBe(302);
    expect(orderRows()).toEqual(after);

    const home = visibleHtml(await (await w.shop.get("/store")).text());
    expect(home).toContain(`${w.distributor.org.name} 取消了你1月8日周二送货的进货订单：车坏了，本周停送`);
    const orderPage = visibleHtml(await (await w.shop.get(`/store/restock/orders/${w.order.orderId}`)).text());
    expect(orderPage).toContain("配送商取消了订单：车坏了，本周停送");
  });

  it("the store's order page answers an action it does not know with a 400 and writes nothing", async () => {
    const w = await world();
    const page = `/store/restock/orders/${w.order.orderId}`;
    const before = orderRows();
    const res = await w.shop.post(page, { intent: "", requestId: "r-1234567890" });
    expect(res.status).toBe(400);
    expect(visibleHtml(await res.text())).toContain("无法识别这个操作");
    expect(orderRows()).toEqual(before);
  });
});
