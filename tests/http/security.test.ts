import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSales } from "~/domain/sales/list-sales.server";
import type { Ctx } from "~/domain/context.server";
import { hiddenValue } from "../support/html";
import type { Client, TestServer } from "../support/server";
import { sellingOverHttp } from "../support/selling-server";
import { dbSnapshot } from "../support/snapshot";

// Issue 11's two security details: a form posted from another site's page (the session cookie
// rides along) is refused before it is read, and the only inline scripts a page may run are the
// ones the server rendered for that response (a per-request CSP nonce, no 'unsafe-inline').

let server: TestServer;
let ctx: Ctx;
let client: Client;
let noodles: Awaited<ReturnType<typeof sellingOverHttp>>["noodles"];

beforeAll(async () => {
  ({ server, ctx, client, noodles } = await sellingOverHttp());
});
afterAll(() => server?.stop());

async function saleForm() {
  const saleId = hiddenValue(await (await client.get("/store/sell")).text(), "saleId");
  return { saleId, [`line.${noodles.id}`]: "1", tender: "cash" };
}

describe("a form posted from another site (CSRF)", () => {
  it.each([
    ["a foreign Origin", { Origin: "https://evil.example" }],
    ["Origin null (a sandboxed or no-referrer page)", { Origin: "null" }],
    ["no Origin but a foreign Referer", { Referer: "https://evil.example/page" }],
    ["only Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
  ])("%s: 403, nothing written, logged as refused", async (_name, headers) => {
    const form = await saleForm();
    const before = dbSnapshot(server.db);
    const logged = server.output().length;
    const res = await client.post("/store/sell", form, headers);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("请求被拒绝");
    expect(dbSnapshot(server.db)).toEqual(before);
    expect(server.output().slice(logged)).toMatch(/refused cross-origin POST \/store\/sell/);
    expect(listSales(ctx).items.some((s) => s.id === form.saleId)).toBe(false);
  });

  it("a JSON endpoint is answered in JSON", async () => {
    const res = await client.post(
      "/api/sales/sync",
      {},
      { Origin: "https://evil.example", Accept: "application/json" },
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "cross-origin" });
  });

  it("the sync endpoint's JSON carries the data headers, not a page's CSP", async () => {
    // Without a session: the answer is the 401 the outbox keeps its sales on.
    const res = await fetch(`${server.url}/api/sales/sync`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toBeNull();
  });

  it("the same origin, a same-origin Referer, and a request with none of these headers all pass", async () => {
    const origin = new URL(server.url).origin;
    for (const headers of [
      { Origin: origin },
      { Referer: `${origin}/store/sell` },
      { "Sec-Fetch-Site": "same-origin" },
      {},
    ] as Record<string, string>[]) {
      const form = await saleForm();
      const res = await client.post("/store/sell", form, headers);
      expect(res.status, JSON.stringify(headers)).toBe(302);
      expect(listSales(ctx).items.some((s) => s.id === form.saleId)).toBe(true);
    }
  });

  it("the payment webhook is exempt (its signature authenticates it): a foreign Origin reaches it", async () => {
    const res = await client.post("/webhooks/stripe", {}, { Origin: "https://evil.example" });
    // Not the cross-origin refusal: the webhook itself refuses an unsigned body with a 400.
    expect(res.status).toBe(400);
  });
});

describe("Content-Security-Policy", () => {
  it("script-src has a fresh nonce and no 'unsafe-inline'; every inline script carries that nonce", async () => {
    const nonces = new Set<string>();
    for (const path of ["/store/products", "/store/sell", "/store"]) {
      const res = await client.get(path);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1];
      expect(nonce, csp).toBeTruthy();
      expect(nonce!.length).toBeGreaterThanOrEqual(22);
      nonces.add(nonce!);
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
      const inline = scripts.filter((attrs) => !/\bsrc=/.test(attrs));
      expect(inline.length, path).toBeGreaterThan(0);
      for (const attrs of scripts) expect(attrs, `${path}: <script${attrs}>`).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });
});
