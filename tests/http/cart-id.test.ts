import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { listSales } from "~/domain/sales/list-sales.server";
import { hiddenValue, inputValue, visibleHtml } from "../support/html";
import type { Client, TestServer } from "../support/server";
import { sellingOverHttp } from "../support/selling-server";
import { dbSnapshot } from "../support/snapshot";

// The id travels with the cart (issue 12): a browser with JavaScript off, following each step
// as Chromium would (the Location of a redirect is the history entry Back returns to).
let server: TestServer;
let ctx: Ctx;
let client: Client;
let noodles: Awaited<ReturnType<typeof sellingOverHttp>>["noodles"];

beforeAll(async () => {
  ({ server, ctx, client, noodles } = await sellingOverHttp());
});
afterAll(() => server?.stop());

const salesCount = () => listSales(ctx).items.length;

describe("the sale id travels with the cart", () => {
  it("gives a cart that arrives without an id one in its URL, and keeps it across cart changes", async () => {
    const res = await client.get(`/store/sell?line.${noodles.id}=1&tender=cash`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "", server.url);
    const saleId = location.searchParams.get("sale") ?? "";
    expect(saleId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(location.searchParams.get(`line.${noodles.id}`)).toBe("1");
    const page = await (await client.get(location.pathname + location.search)).text();
    expect(hiddenValue(page, "saleId")).toBe(saleId);
    // The cart form carries it: the next tap's URL names the same sale.
    expect(inputValue(page, "sale")).toBe(saleId);
    const reload = await (await client.get(location.pathname + location.search)).text();
    expect(hiddenValue(reload, "saleId")).toBe(saleId);
  });

  it("after a sale, Back (the cart's URL again) and a resent form show its receipt and record nothing", async () => {
    const cartUrl = `/store/sell?line.${noodles.id}=2&tender=cash&sale=${newId()}`;
    const saleId = hiddenValue(await (await client.get(cartUrl)).text(), "saleId");
    const form = { saleId, tender: "cash", [`line.${noodles.id}`]: "2" };
    const before = salesCount();
    const sold = await client.post(`${cartUrl}`, form);
    expect(sold.headers.get("location")).toBe(`/store/sell?done=${saleId}`);
    expect(salesCount()).toBe(before + 1);

    const snapshot = dbSnapshot(server.db);
    const back = await client.get(cartUrl);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe(`/store/sell?done=${saleId}`);
    const receipt = await (await client.get(`/store/sell?done=${saleId}`)).text();
    expect(visibleHtml(receipt)).toContain("已收款 ¥9.00");
    const resent = await client.post(cartUrl, form);
    expect(resent.headers.get("location")).toBe(`/store/sell?done=${saleId}`);
    expect(dbSnapshot(server.db)).toEqual(snapshot);
    // The receipt page starts a new cart with a new id.
    expect(hiddenValue(receipt, "saleId")).not.toBe(saleId);
  });

  it("offers an unknown scanned barcode as a new product", async () => {
    const html = await (await client.get(`/store/sell?q=6901234567892&sale=${newId()}`)).text();
    expect(visibleHtml(html)).toContain("没有条码为 6901234567892 的商品");
    expect(html).toContain('href="/store/products/new?barcode=6901234567892"');
  });

  it("asks before voiding a sale", async () => {
    const saleId = newId();
    await client.post("/store/sell", { saleId, tender: "wechat", [`line.${noodles.id}`]: "1" });
    const page = await (await client.get(`/store/sales/${saleId}`)).text();
    expect(page).not.toContain('value="void"');
    expect(page).toContain(`href="/store/sales/${saleId}?confirm=void"`);
    const asking = await (await client.get(`/store/sales/${saleId}?confirm=void`)).text();
    expect(visibleHtml(asking)).toContain("确定作废这笔销售吗？");
    expect(asking).toContain('value="void"');
  });
});
