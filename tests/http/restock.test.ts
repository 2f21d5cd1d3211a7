import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountEntries, deliveryClaims, products, restockOrderLines, restockOrders, type Role } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { addStaff, makeDeliveryRoute, makeDistributor, makeSku, stockSku } from "../support/distribution";
import { makeStore } from "../support/factories";
import { hiddenValue, visibleHtml } from "../support/html";
import { ledgerViolations } from "../support/ledger";
import { deliverRun } from "../support/restock";
import { type Client, startTestServer, type TestServer, loggedInClient } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

/** A route with two linked stores (logged in) and a distributor admin (logged in). */
async function world() {
  const r = await makeDeliveryRoute(server.db, { stores: 2, skus: 2, stockPacks: 10 });
  const [a, b] = await Promise.all(r.stores.map(async (s) => ({ ...s, client: await loggedIn(s.user) })));
  return { ...r, a, b, dist: r.distributor, distClient: await loggedIn(r.distributor.user) };
}

/** The cart page with `lines` in it, and the submit form the page rendered for them. */
async function cartForm(client: Client, distributorOrgId: string, lines: Record<string, number>) {
  const query = new URLSearchParams({ d: distributorOrgId });
  for (const [id, packs] of Object.entries(lines)) query.set(`line.${id}`, String(packs));
  const res = await client.get(`/store/restock?${query}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const form: Record<string, string> = {
    requestId: hiddenValue(html, "requestId"),
    distributorOrgId: hiddenValue(html, "distributorOrgId"),
    deliveryDate: hiddenValue(html, "deliveryDate"),
  };
  for (const [id, packs] of Object.entries(lines)) {
    form[`line.${id}`] = String(packs);
    form[`price.${id}`] = hiddenValue(html, `price.${id}`);
  }
  return { html, form };
}

/** Every table that a restock write touches: a refused request must leave them as they were. */
function restockRows() {
  const {
    restock_orders,
    restock_order_lines,
    state_transitions,
    idempotent_requests,
    stock_movements,
    account_entries,
    delivery_claims,
    products: p,
    catalog_items,
  } = dbSnapshot(server.db);
  return {
    restock_orders,
    restock_order_lines,
    state_transitions,
    idempotent_requests,
    stock_movements,
    account_entries,
    delivery_claims,
    p,
    catalog_items,
  };
}

async function refused(
  res: Promise<Response>,
  status: number,
  message: string,
  before: ReturnType<typeof restockRows>,
) {
  const r = await res;
  expect(r.status).toBe(status);
  expect(visibleHtml(await r.text())).toContain(message);
  expect(restockRows()).toEqual(before);
}

const ordersOf = (storeOrgId: string) =>
  server.db.select().from(restockOrders).where(eq(restockOrders.storeOrgId, storeOrgId)).all();

describe("the store's cart", () => {
  it("shows the catalog at the store's price with the next delivery, and submits once however often it is posted", async () => {
    const w = await world();
    const { html, form } = await cartForm(w.a.client, w.dist.org.id, { [w.skus[0].id]: 2 });
    expect(html).toContain(w.skus[0].name);
    expect(html).toContain("¥10.00");
    expect(html).toContain("下一趟送货");
    expect(html).toContain("截单");
    const first = await w.a.client.post("/store/restock", form);
    expect(first.status).toBe(302);
    const location = first.headers.get("location")!;
    expect(location).toMatch(/^\/store\/restock\/orders\/[\w-]+\?submitted=1$/);
    const again = await w.a.client.post("/store/restock", form);
    expect(again.headers.get("location")).toBe(location);
    expect(ordersOf(w.a.org.id)).toHaveLength(1);
    const page = visibleHtml(await (await w.a.client.get(location)).text());
    expect(page).toContain("订单已提交");
    expect(page).toContain(ordersOf(w.a.org.id)[0].deliveryCode);
    expect(page).toContain("已提交");
  });

  it("adds a scanned barcode to the cart at the SKU's minimum", async () => {
    const w = await world();
    const min = makeSku(w.dist.ctx, { minOrderPacks: 3, name: "起订三箱" });
    stockSku(w.dist.ctx, min, 10);
    const res = await w.a.client.get(`/store/restock?d=${w.dist.org.id}&q=${min.barcode}`);
    const html = await res.text();
    expect(html).toMatch(new RegExp(`name="line\\.${min.id}"[^>]*value="3"`));
  });

  it("refuses bad orders in Chinese with nothing written: tampered price, fractional packs, below minimum, inactive SKU, unlinked distributor", async () => {
    const w = await world();
    const min = makeSku(w.dist.ctx, { minOrderPacks: 3 });
    stockSku(w.dist.ctx, min, 10);
    const { form } = await cartForm(w.a.client, w.dist.org.id, { [w.skus[0].id]: 1 });
    const before = restockRows();
    await refused(
      w.a.client.post("/store/restock", { ...form, [`price.${w.skus[0].id}`]: "1" }),
      409,
      "价格已变化，请刷新后再下单",
      before,
    );
    await refused(
      w.a.client.post("/store/restock", { ...form, [`line.${w.skus[0].id}`]: "1.5" }),
      400,
      "件数要填 1 或以上的整数",
      before,
    );
    await refused(
      w.a.client.post("/store/restock", { ...form, [`line.${w.skus[0].id}`]: "0" }),
      400,
      "件数要填 1 或以上的整数",
      before,
    );
    await refused(
      w.a.client.post("/store/restock", { ...form, [`line.${w.skus[0].id}`]: "-2" }),
      400,
      "件数要填 1 或以上的整数",
      before,
    );
    await refused(
      w.a.client.post("/store/restock", { ...form, [`line.${min.id}`]: "2", [`price.${min.id}`]: "8600" }),
      400,
      "最少订 3 箱",
      before,
    );
    await refused(
      w.a.client.post("/store/restock", { ...form, [`line.${w.skus[0].id}`]: "11" }),
      409,
      "库存不够，现在最多可订 10 箱",
      before,
    );
    const inactive = makeSku(w.dist.ctx, { active: false });
    const afterSku = restockRows();
    await refused(
      w.a.client.post("/store/restock", { ...form, [`line.${inactive.id}`]: "1", [`price.${inactive.id}`]: "8600" }),
      400,
      "已停售",
      afterSku,
    );
    const stranger = await makeDistributor(server.db);
    await refused(
      w.a.client.post("/store/restock", { ...form, distributorOrgId: stranger.org.id }),
      404,
      "还没有和这家配送商建立供货关系",
      afterSku,
    );
    expect((await w.a.client.get(`/store/restock?d=${stranger.org.id}`)).status).toBe(404);
  });

  it("cancels while submitted, and not after", async () => {
    const w = await world();
    const { form } = await cartForm(w.a.client, w.dist.org.id, { [w.skus[0].id]: 1 });
    const location = (await w.a.client.post("/store/restock", form)).headers.get("location")!;
    const path = location.split("?")[0];
    const page = await (await w.a.client.get(path)).text();
    const cancel = await w.a.client.post(path, {
      intent: "cancel",
      requestId: hiddenValue(page, "requestId"),
      reason: "订多了",
    });
    expect(cancel.status).toBe(302);
    expect(ordersOf(w.a.org.id)[0].status).toBe("cancelled");
    const before = restockRows();
    await refused(
      w.a.client.post(path, { intent: "cancel", requestId: newId() }),
      409,
      "只有已提交、配送商还没确认的订单可以取消",
      before,
    );
    expect(visibleHtml(await (await w.a.client.get(path)).text())).toContain("订多了");
  });
});

describe("who sees what", () => {
  it("another store gets 404 on an order; another distributor 404; a store 403 on distributor pages; a driver 403 on the inbox", async () => {
    const w = await world();
    const rival = await makeDistributor(server.db);
    const rivalClient = await loggedIn(rival.user);
    const { form } = await cartForm(w.a.client, w.dist.org.id, { [w.skus[0].id]: 1 });
    const path = (await w.a.client.post("/store/restock", form)).headers.get("location")!.split("?")[0];
    const orderId = path.split("/").at(-1)!;
    expect((await w.b.client.get(path)).status).toBe(404);
    const before = restockRows();
    expect((await w.b.client.post(path, { intent: "cancel", requestId: newId() })).status).toBe(404);
    expect((await rivalClient.get(`/distributor/orders/${orderId}`)).status).toBe(404);
    expect(
      (await rivalClient.post(`/distributor/orders/${orderId}`, { intent: "confirm", requestId: newId() })).status,
    ).toBe(404);
    expect(await (await rivalClient.get("/distributor/orders")).text()).not.toContain(w.a.org.name);
    expect((await w.a.client.get("/distributor/orders")).status).toBe(403);
    expect(
      (await w.a.client.post("/distributor/claims", { claimId: "x", requestId: newId(), decision: "credit" })).status,
    ).toBe(403);
    const driver = await addStaff(server.db, w.dist.org, "driver" as Role);
    const driverClient = await loggedIn(driver.user);
    expect((await driverClient.get("/distributor/orders")).status).toBe(403);
    expect(
      (await driverClient.post(`/distributor/orders/${orderId}`, { intent: "confirm", requestId: newId() })).status,
    ).toBe(403);
    const warehouse = await addStaff(server.db, w.dist.org, "warehouse" as Role);
    expect((await (await loggedIn(warehouse.user)).get("/distributor/accounts")).status).toBe(403);
    expect(restockRows()).toEqual(before);
  });
});

describe("from cart to received stock, over HTTP", () => {
  it("two stores, one run: confirm, reject needs a reason, receive with a difference, settle the claim, record a payment", async () => {
    const w = await world();
    const store = await makeStore(server.db); // a third, unlinked store: never sees anything
    const pathOf = async (client: Client, lines: Record<string, number>) => {
      const { form } = await cartForm(client, w.dist.org.id, lines);
      return (await client.post("/store/restock", form)).headers.get("location")!.split("?")[0];
    };
    const pathA = await pathOf(w.a.client, { [w.skus[0].id]: 2, [w.skus[1].id]: 1 });
    const pathB = await pathOf(w.b.client, { [w.skus[1].id]: 1 });
    const [idA, idB] = [pathA, pathB].map((p) => p.split("/").at(-1)!);

    const inbox = visibleHtml(await (await w.distClient.get("/distributor/orders")).text());
    expect(inbox).toContain(w.a.org.name);
    expect(inbox).toContain(w.b.org.name);
    const orderPage = await (await w.distClient.get(`/distributor/orders/${idA}`)).text();
    expect(visibleHtml(orderPage)).not.toContain(ordersOf(w.a.org.id)[0].deliveryCode);
    const before = restockRows();
    await refused(
      w.distClient.post(`/distributor/orders/${idB}`, { intent: "reject", requestId: newId(), reason: "" }),
      400,
      "必填",
      before,
    );
    for (const id of [idA, idB]) {
      expect(
        (await w.distClient.post(`/distributor/orders/${id}`, { intent: "confirm", requestId: newId() })).status,
      ).toBe(302);
    }
    const runId = server.db.select().from(restockOrders).where(eq(restockOrders.id, idA)).get()!.runId!;
    expect(server.db.select().from(restockOrders).where(eq(restockOrders.id, idB)).get()!.runId).toBe(runId);
    deliverRun(server.db, w.dist.ctx, runId);

    const receivePage = await (await w.a.client.get(pathA)).text();
    expect(visibleHtml(receivePage)).toContain("确认收货");
    const lines = server.db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, idA)).all();
    const otherLine = server.db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, idB)).get()!;
    const receipt: Record<string, string> = { intent: "receive", requestId: hiddenValue(receivePage, "requestId") };
    for (const l of lines) receipt[`received.${l.id}`] = String(l.productId === w.skus[0].id ? 1 : l.qtyPacks);
    const beforeReceipt = restockRows();
    await refused(
      w.a.client.post(pathA, { ...receipt, [`received.${otherLine.id}`]: "1" }),
      400,
      "收货单里有一行不在这张订单上",
      beforeReceipt,
    );
    await refused(w.b.client.post(pathA, receipt), 404, "没有找到", beforeReceipt);
    const received = await w.a.client.post(pathA, receipt);
    expect(received.status).toBe(302);
    expect(visibleHtml(await (await w.a.client.get(received.headers.get("location")!)).text())).toContain(
      "1 处差异已提交给配送商",
    );

    const claim = server.db.select().from(deliveryClaims).where(eq(deliveryClaims.orderId, idA)).get()!;
    expect(claim).toMatchObject({ kind: "short", qtyPacks: 1, amountFen: 1000, status: "open" });
    const claimsPage = await (await w.distClient.get("/distributor/claims")).text();
    expect(visibleHtml(claimsPage)).toContain(w.a.org.name);
    expect(
      (
        await w.distClient.post("/distributor/claims", {
          claimId: claim.id,
          requestId: newId(),
          decision: "credit",
          note: "下趟补",
        })
      ).status,
    ).toBe(302);

    const total = 2 * 1000 + 1001;
    const balance = () =>
      server.db
        .select()
        .from(accountEntries)
        .where(eq(accountEntries.storeOrgId, w.a.org.id))
        .all()
        .reduce((n, e) => n + e.amountFen, 0);
    expect(balance()).toBe(total - 1000);
    const storeAccount = visibleHtml(await (await w.a.client.get("/store/restock/account")).text());
    expect(storeAccount).toContain("¥20.01");
    const accounts = await (await w.distClient.get(`/distributor/accounts?store=${w.a.org.id}`)).text();
    expect(visibleHtml(accounts)).toContain("¥20.01");
    const beforePay = restockRows();
    await refused(
      w.distClient.post(`/distributor/accounts?store=${w.a.org.id}`, {
        requestId: newId(),
        storeOrgId: w.a.org.id,
        amountFen: "20.02",
        method: "wechat",
      }),
      400,
      "收款不能多于欠款 ¥20.01",
      beforePay,
    );
    await refused(
      w.distClient.post("/distributor/accounts", {
        requestId: newId(),
        storeOrgId: store.org.id,
        amountFen: "1",
        method: "cash",
      }),
      404,
      "没有找到",
      beforePay,
    );
    expect(
      (
        await w.distClient.post("/distributor/accounts", {
          requestId: newId(),
          storeOrgId: w.a.org.id,
          amountFen: "20.01",
          method: "wechat",
        })
      ).status,
    ).toBe(302);
    expect(balance()).toBe(0);

    // The store's stock is what it said arrived: 1 pack of SKU 0 and 1 of SKU 1, 12 units each.
    const stock = server.db.select().from(products).where(eq(products.orgId, w.a.org.id)).all();
    expect(stock.map((p) => [p.barcode, p.onHand]).sort()).toEqual(
      [
        [w.skus[0].barcode, 12],
        [w.skus[1].barcode, 12],
      ].sort(),
    );
    expect(ledgerViolations(server.db)).toEqual([]);
    expect(server.db.select().from(restockOrders).where(eq(restockOrders.id, idA)).get()!.status).toBe("received");
  });
});
