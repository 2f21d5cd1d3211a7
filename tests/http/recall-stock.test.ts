import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "~/domain/ids.server";
import { flagRecallSchema } from "~/domain/recall/fields.server";
import { flagRecall } from "~/domain/recall/flag-recall.server";
import { visibleHtml } from "../support/html";
import { recallWorld } from "../support/recall";
import { Client, startTestServer, type TestServer } from "../support/server";

// (recallui) The store's product list and product page keep recalled units apart from what can
// be sold, with the recall's reason (decision 047); a store holding none shows nothing of it.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** The text of the element with this test id (React's <!-- --> separators dropped). */
function textOf(html: string, testId: string): string {
  const m = html.match(new RegExp(`data-testid="${testId}"[^>]*>([\\s\\S]*?)</span>`));
  return (m?.[1] ?? "").replace(/<!-- -->/g, "");
}

describe("recalled units on the store's product pages", () => {
  it("are shown apart from sellable stock, with the reason, on the list and the product page", async () => {
    const world = await recallWorld(server.db, { stores: 1, received: 20, perStore: 6, clean: 4 });
    const [a] = world.stores;
    const shop = new Client(server.url);
    await shop.logIn(a.user.phone, "password123");
    const before = visibleHtml(await (await shop.get("/store/products")).text());
    expect(before).not.toContain("召回隔离");

    flagRecall(
      world.alliance.ctx,
      flagRecallSchema.parse({
        requestId: newId(),
        source: `supplier_batch:${world.batchId}`,
        reason: "检出黄曲霉毒素超标",
      }),
    );
    const list = visibleHtml(await (await shop.get("/store/products")).text());
    expect(list).toContain("召回隔离 6桶（不可售）：检出黄曲霉毒素超标");
    // The stock badge counts the 4 sellable units, not the 10 on the shelf.
    expect(list).toMatch(/>4<span class="ml-0.5 text-xs font-normal">桶<\/span>/);
    expect(list).not.toMatch(/>10<span class="ml-0.5 text-xs font-normal">桶<\/span>/);

    const page = visibleHtml(await (await shop.get(`/store/products/${a.product.id}`)).text());
    expect(textOf(page, "sellable")).toBe("可售 4桶");
    expect(page).toContain("召回隔离 6桶（不可售）：检出黄曲霉毒素超标");
    expect(page).toContain("已召回 · 隔离中：检出黄曲霉毒素超标");
    expect(page).toMatch(/href="\/store\/recalls\/[A-Za-z0-9_-]+"/);
  });
});
