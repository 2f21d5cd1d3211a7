import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct, makeStore } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

// React 18's streaming renderer once sent NUL bytes where a Chinese character straddled its 2 KB
// buffer (see app/entry.server.tsx). Names of every length put characters at every offset.
it("sends Chinese pages byte-exact: no NUL bytes, every name intact", async () => {
  const { user, ctx } = await makeStore(server.db);
  const names = Array.from(
    { length: 90 },
    (_, i) => `${"康师傅红烧牛肉面老坛酸菜".slice(0, 1 + (i % 11))}${"白象大骨面汤好喝".slice(0, i % 7)}第${i}号`,
  );
  for (const name of names) makeProduct(ctx, { name, barcode: null });
  const client = new Client(server.url);
  await client.logIn(user.phone, user.password);
  // The count list shows 20 products a page: its five pages together hold every name.
  const countPages = [1, 2, 3, 4, 5].map((page) => `/store/count?page=${page}`);
  const pages: Record<string, string> = {};
  for (const path of ["/store/products?limit=200", ...countPages, "/store"]) {
    const res = await client.get(path);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.indexOf(0), `${path} has a NUL byte`).toBe(-1);
    const html = bytes.toString("utf8");
    expect(html).not.toContain("\uFFFD");
    pages[path] = html;
  }
  const countHtml = countPages.map((path) => pages[path]).join("");
  for (const name of names) {
    expect(pages["/store/products?limit=200"]).toContain(name);
    expect(countHtml).toContain(name);
  }
});
