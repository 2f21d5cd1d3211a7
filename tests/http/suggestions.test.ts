import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restockOrderLines, restockOrders } from "@db/schema";
import { makeDeliveryRoute } from "../support/distribution";
import { makeStore, TEST_PASSWORD } from "../support/factories";
import { hiddenValue, inputValue, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { sellingPair } from "../support/suggestions";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** The action and hidden fields of the one GET form on the suggestions page. */
function addAllQuery(html: string) {
  const form = visibleHtml(html).match(/<form\b[^>]*method="get"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/);
  expect(form, "the page has a GET form to the cart").not.toBeNull();
  const [, action, body] = form!;
  const query = new URLSearchParams();
  for (const [, name, value] of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g))
    query.append(name, value);
  return { action, query };
}

describe("restock suggestions over HTTP (JavaScript off)", () => {
  it("lists what to order with a reason, and one tap fills a cart that submits", async () => {
    const r = await makeDeliveryRoute(server.db, { stores: 1, skus: 1 });
    const store = r.stores[0];
    const dist = r.distributor.ctx;
    const empty = sellingPair(server.db, store.ctx, dist, { name: "白象方便面", onHand: 0 });
    const full = sellingPair(server.db, store.ctx, dist, { name: "双汇火腿肠", onHand: 1000 });
    const client = new Client(server.url);
    await client.logIn(store.user.phone, "password123");

    expect((await client.get("/store/restock")).status).toBe(200);
    expect(visibleHtml(await (await client.get("/store/restock")).text())).toContain(
      'href="/store/restock/suggestions"',
    );
    const res = await client.get("/store/restock/suggestions");
    expect(res.status).toBe(200);
    const html = await res.text();
    const page = visibleHtml(html);
    expect(page).toContain("补货建议");
    expect(page).toContain("白象方便面");
    expect(page).toContain("建议订 1 箱");
    expect(page).toMatch(/每天约卖 2 袋；还剩 0 袋；(下次送货周.（\d+ 天后）|今天送货)，之后隔 \d 天/);
    expect(page).toContain("全部加入补货单（1 种）");
    // The well-stocked product is not in the cart: by default only counted, with a link to the list.
    expect(page).toContain("够卖的商品（1 种）");
    expect(page).not.toContain("双汇火腿肠");
    expect(html).not.toContain("双汇火腿肠");
    const all = visibleHtml(await (await client.get(`/store/restock/suggestions?d=${dist.org.id}&all=1`)).text());
    expect(all).toContain("双汇火腿肠");
    expect(all).toMatch(/还剩 1000 袋/);
    expect(all).toContain("全部加入补货单（1 种）");

    const { action, query } = addAllQuery(html);
    expect(action).toBe("/store/restock");
    expect(query.get("d")).toBe(dist.org.id);
    expect(query.get("source")).toBe("suggestion");
    expect(query.get(`line.${empty.sku.id}`)).toBe("1");
    expect(query.has(`line.${full.sku.id}`)).toBe(false);

    // The cart opens with the suggested packs, ready to edit and submit as usual.
    const cart = await client.get(`${action}?${query}`);
    expect(cart.status).toBe(200);
    const cartHtml = await cart.text();
    expect(inputValue(cartHtml, `line.${empty.sku.id}`)).toBe("1");
    const submit = await client.post("/store/restock", {
      requestId: hiddenValue(cartHtml, "requestId"),
      distributorOrgId: hiddenValue(cartHtml, "distributorOrgId"),
      deliveryDate: hiddenValue(cartHtml, "deliveryDate"),
      source: hiddenValue(cartHtml, "source"),
      [`line.${empty.sku.id}`]: "1",
      [`price.${empty.sku.id}`]: hiddenValue(cartHtml, `price.${empty.sku.id}`),
    });
    expect(submit.status).toBe(302);
    const [order] = server.db.select().from(restockOrders).where(eq(restockOrders.storeOrgId, store.org.id)).all();
    expect(order).toMatchObject({ status: "submitted", totalFen: 4800, source: "suggestion" });
    expect(
      server.db
        .select()
        .from(restockOrderLines)
        .where(eq(restockOrderLines.orderId, order.id))
        .all()
        .map((l) => [l.productId, l.qtyPacks]),
    ).toEqual([[empty.sku.id, 1]]);

    // Once ordered, the 48 on the way cover it: nothing more is suggested.
    const after = visibleHtml(await (await client.get("/store/restock/suggestions")).text());
    expect(after).toContain("现在没有需要补的货。");
    expect(after).toContain("够卖的商品（2 种）");
    const afterAll = visibleHtml(await (await client.get("/store/restock/suggestions?all=1")).text());
    expect(afterAll).toContain("在途 48 袋");
  });

  it("tells a store without a distributor, and sends a stranger to log in", async () => {
    const lonely = await makeStore(server.db);
    const client = new Client(server.url);
    await client.logIn(lonely.user.phone, TEST_PASSWORD);
    const res = await client.get("/store/restock/suggestions");
    expect(res.status).toBe(200);
    expect(visibleHtml(await res.text())).toContain("还没有配送商给你供货，没法给补货建议。");
    const anonymous = await new Client(server.url).get("/store/restock/suggestions");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
  });
});
