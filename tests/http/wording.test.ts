import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zhCN } from "~/i18n/zh-CN";
import { createCustomer } from "~/domain/credit/customers.server";
import { newId } from "~/domain/ids.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { makeAlliance } from "../support/alliance";
import { makeDeliveryRoute } from "../support/distribution";
import { makeProduct, makeStore } from "../support/factories";
import { visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";

// Issue 11's words and buttons: what a new user read as a mistake.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function clientFor(user: { phone: string; password: string }) {
  const client = new Client(server.url);
  await client.logIn(user.phone, user.password);
  return client;
}

/** The organisation switcher's label (read by screen readers before the organisation's name). */
async function switcherLabel(client: Client, path: string) {
  const html = visibleHtml(await (await client.get(path)).text());
  return /href="\/orgs"[^>]*><span class="sr-only">([^<]*?)(?:<!-- -->)?: <\/span>/.exec(html)?.[1];
}

describe("the Chinese dictionary", () => {
  const values = Object.entries(zhCN) as [string, string][];

  it("names no forecasting method in Latin letters (Croston-SBA, SES)", () => {
    expect(values.filter(([, v]) => /Croston|SBA|SES/.test(v))).toEqual([]);
  });

  it("uses 最高档 in one meaning only: the top tier reached, the lowest price", () => {
    const uses = values.filter(([, v]) => v.includes("最高档"));
    expect(uses.map(([k]) => k).sort()).toEqual(["alliance.detail.topTier", "pledge.topTier"]);
    for (const [, v] of uses) expect(v).toContain("最低价");
  });
});

describe("the organisation switcher", () => {
  it("says 切换门店 for a store, and its own word for a distributor and an alliance", async () => {
    const store = await makeStore(server.db);
    const { distributor } = await makeDeliveryRoute(server.db, { stores: 0, skus: 0 });
    const alliance = await makeAlliance(server.db);
    expect(await switcherLabel(await clientFor(store.user), "/store")).toBe("切换门店");
    expect(await switcherLabel(await clientFor(distributor.user), "/distributor")).toBe("切换配送商");
    expect(await switcherLabel(await clientFor({ ...alliance.user, password: "password123" }), "/alliance")).toBe(
      "切换联盟",
    );
  });
});

describe("the dashboard's run-outs and the restock suggestions", () => {
  it("each page says why its count can differ from the other's", async () => {
    const w = await makeDeliveryRoute(server.db, { stores: 1, skus: 1 });
    const client = await clientFor(w.stores[0].user);
    const analysis = visibleHtml(await (await client.get("/store/analysis")).text());
    expect(analysis).toContain("按最近 28 天的平均日销量估算");
    expect(analysis).toContain("补货建议另按最近 8 周的预测算");
    const suggestions = visibleHtml(await (await client.get("/store/restock/suggestions")).text());
    expect(suggestions).toContain("按最近 28 天的平均日销量、只算到下次送货");
  });
});

describe("buttons and banners", () => {
  it("取消订单 is not dressed as the page's primary action", async () => {
    const w = await makeDeliveryRoute(server.db, { stores: 1, skus: 1, stockPacks: 10 });
    const client = await clientFor(w.stores[0].user);
    const sku = w.skus[0];
    const cart = await (await client.get(`/store/restock?d=${w.distributor.org.id}&line.${sku.id}=1`)).text();
    const field = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(cart)![1];
    const res = await client.post("/store/restock", {
      requestId: field("requestId"),
      distributorOrgId: w.distributor.org.id,
      deliveryDate: field("deliveryDate"),
      [`line.${sku.id}`]: "1",
      [`price.${sku.id}`]: field(`price.${sku.id}`),
    });
    expect(res.status).toBe(302);
    const page = visibleHtml(await (await client.get(res.headers.get("location")!)).text());
    const cancel = /<button[^>]*>取消订单<\/button>/.exec(page)?.[0];
    expect(cancel).toBeTruthy();
    expect(cancel).toContain('data-look="destructive"');
    expect(cancel).not.toContain("bg-brand-700");
  });

  it("a refused repayment shows its error alone, not the earlier success banner beside it", async () => {
    const { user, ctx } = await makeStore(server.db);
    const product = makeProduct(ctx, { priceFen: 1000 });
    receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 5,
      unit: "base",
      costFen: 500,
      batchNo: "",
      expiryDate: "",
    });
    const { customerId } = createCustomer(ctx, { requestId: newId(), name: "王婶", phone: null });
    recordSale(ctx, { saleId: newId(), tender: "credit", customerId, lines: [{ productId: product.id, qty: 3 }] });
    const client = await clientFor(user);
    const path = `/store/customers/${customerId}`;
    const html = await (await client.get(path)).text();
    const requestId = /name="requestId"[^>]*value="([^"]*)"/.exec(html)![1];
    const paid = await client.post(path, { requestId, amount: "5", tender: "cash" });
    expect(paid.status).toBe(302);
    const after = paid.headers.get("location")!;
    expect(visibleHtml(await (await client.get(after)).text())).toContain("已记还款");
    // The form posts back to the same ?done=repaid address: more than owed is refused.
    const refused = await client.post(after, { requestId: newId(), amount: "999", tender: "cash" });
    expect(refused.status).toBe(400);
    const page = visibleHtml(await refused.text());
    expect(page).toContain('role="alert"');
    expect(page).not.toContain("已记还款");
  });
});
