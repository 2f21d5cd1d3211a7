import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { pinyinSearchKey } from "~/domain/inventory/pinyin.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { makeProduct, makeStore } from "../support/factories";
import { hiddenValue, shows, visibleHtml } from "../support/html";
import { ledgerViolations } from "../support/ledger";
import { Client, startTestServer, type TestServer } from "../support/server";

// The stock count page (decision 034): a scan box and a short list, 20 at a time, instead of every
// product on one page. All of it is plain GET links and one POST form, so JavaScript-off is this test.
let server: TestServer;
let ctx: Ctx;
let client: Client;
let drinks: ReturnType<typeof makeProduct>[];
let noodles: ReturnType<typeof makeProduct>[];
/** All 28 in the page's order: pinyin, then id (the digits of "饮料07" have no pinyin). */
let ordered: string[];

beforeAll(async () => {
  server = await startTestServer();
  const store = await makeStore(server.db);
  ctx = store.ctx;
  client = new Client(server.url);
  await client.logIn(store.user.phone, store.user.password);
  // 25 drinks and 3 noodles: 28 products to count.
  drinks = Array.from({ length: 25 }, (_, i) =>
    makeProduct(ctx, { name: `饮料${String(i + 1).padStart(2, "0")}`, category: "饮料", baseUnit: "瓶" }),
  );
  noodles = ["红烧牛肉面", "老坛酸菜面", "香辣牛肉面"].map((name) => makeProduct(ctx, { name, category: "方便食品" }));
  for (const p of [...drinks, ...noodles])
    receiveStock(ctx, p.id, { requestId: newId(), qty: 10, unit: "base", costFen: 100, batchNo: "", expiryDate: "" });
  ordered = [...drinks, ...noodles]
    .map((p) => ({ id: p.id, key: pinyinSearchKey(p.name) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((p) => p.id);
  // Another store's product with a name that would match: never shown here.
  const other = await makeStore(server.db);
  makeProduct(other.ctx, { name: "饮料99", category: "饮料" });
});
afterAll(() => server?.stop());

/** The products a count page lists, by the name of their counted input. */
function listed(html: string): string[] {
  return [...visibleHtml(html).matchAll(/name="counted\.([^"]+)"/g)].map((m) => m[1]);
}

async function page(path: string) {
  const res = await client.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
}

const ids = (products: { id: string }[]) => products.map((p) => p.id);

describe("the stock count list", () => {
  it("shows 20 products at a time in pinyin order, with links to page through all 28", async () => {
    const first = await page("/store/count");
    expect(listed(first)).toEqual(ordered.slice(0, 20));
    expect(shows(first, "第 1–20 种，共 28 种")).toBe(true);
    expect(first).toContain('href="/store/count?page=2">下一页<');
    expect(shows(first, "上一页")).toBe(false);
    const second = await page("/store/count?page=2");
    expect(listed(second)).toEqual(ordered.slice(20));
    expect(shows(second, "第 21–28 种，共 28 种")).toBe(true);
    expect(second).toContain('href="/store/count?page=1">上一页<');
    expect(shows(second, "下一页")).toBe(false);
    // A page past the end (a bookmark, a count that shrank the list) shows the last one.
    expect(listed(await page("/store/count?page=9"))).toEqual(listed(second));
    expect(listed(await page("/store/count?page=-3"))).toEqual(listed(first));
  });

  it("filters by category, and searches by name, pinyin or barcode within it", async () => {
    expect(listed(await page(`/store/count?category=${encodeURIComponent("方便食品")}`))).toEqual(ids(noodles));
    expect(listed(await page(`/store/count?q=${encodeURIComponent("牛肉")}`))).toEqual([noodles[0].id, noodles[2].id]);
    expect(listed(await page(`/store/count?q=${encodeURIComponent("饮料")}`))).toEqual(
      ordered.filter((id) => drinks.some((d) => d.id === id)).slice(0, 20),
    );
    expect(listed(await page("/store/count?q=lts"))).toEqual([noodles[1].id]);
    expect(
      listed(await page(`/store/count?q=${encodeURIComponent("饮料")}&category=${encodeURIComponent("方便食品")}`)),
    ).toEqual([]);
    const scanned = await page(`/store/count?q=${drinks[7].barcode}`);
    expect(listed(scanned)).toEqual([drinks[7].id]);
    expect(shows(scanned, `“${drinks[7].barcode}”：1 种商品`)).toBe(true);
  });

  it("says when nothing matches and offers no count form to submit", async () => {
    const html = await page("/store/count?q=zzzz");
    expect(listed(html)).toEqual([]);
    expect(shows(html, "没有找到“zzzz”的在售商品")).toBe(true);
    expect(visibleHtml(html)).not.toContain("提交盘点");
  });
});

describe("counting from a page of the list", () => {
  it("records the figures of that page in one count and comes back to the same search and page", async () => {
    const path = `/store/count?q=${encodeURIComponent("饮料")}&page=2`;
    const html = await page(path);
    const shown = listed(html);
    expect(shown).toEqual(ordered.filter((id) => drinks.some((d) => d.id === id)).slice(20));
    const [a, b] = shown;
    const untouched = listed(await page("/store/count"))[0];
    const form = { requestId: hiddenValue(html, "requestId"), [`counted.${a}`]: "8", [`counted.${b}`]: "10" };
    const res = await client.post(path, form);
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get("location") ?? "", server.url);
    expect(Object.fromEntries(back.searchParams)).toEqual({ q: "饮料", page: "2", done: "2.1" });
    // The same form again (a double tap, a resent POST) is the same count, not a second one.
    expect((await client.post(path, form)).status).toBe(302);
    const counted = getProductDetail(ctx, a);
    expect(counted.product.onHand).toBe(8);
    expect(counted.movements.filter((m) => m.kind === "count")).toEqual([expect.objectContaining({ qty: -2 })]);
    expect(getProductDetail(ctx, b).product.onHand).toBe(10);
    expect(getProductDetail(ctx, untouched).product.onHand).toBe(10);
    expect(ledgerViolations(server.db)).toEqual([]);
    const after = await page(`${back.pathname}${back.search}`);
    expect(shows(after, "盘点完成：2 种商品，1 种有差异")).toBe(true);
    expect(listed(after)).toEqual(shown);
  });
});
