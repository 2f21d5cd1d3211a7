import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeStore } from "../support/factories";
import { ROOT } from "../support/paths";
import { Client, startTestServer, type TestServer } from "../support/server";

// Decision 048: a page's first paint waits for nothing but its HTML. The stylesheet is in the
// head, and none of the app's JavaScript is fetched before the page is drawn: Remix's module
// preloads and module script are sent inert and switched on by a small nonce'd script.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const builtStylesheet = () => {
  const dir = path.join(ROOT, "public/build/_assets");
  const [name] = fs.readdirSync(dir).filter((f) => /^tailwind-.*\.css$/.test(f));
  return fs.readFileSync(path.join(dir, name), "utf8");
};

const directive = (csp: string, name: string) =>
  csp
    .split(";")
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name)
    ?.slice(1) ?? [];

it.each(["/store/sell", "/store/products", "/store", "/login"])(
  "%s carries its stylesheet in the head and no JavaScript the browser would fetch before painting",
  async (page) => {
    const { user } = await makeStore(server.db);
    const client = new Client(server.url);
    if (page !== "/login") await client.logIn(user.phone, user.password);
    const res = await client.get(page);
    expect(res.status).toBe(200);
    const html = await res.text();
    const head = html.slice(0, html.indexOf("</head>"));

    expect(head).toContain(`<style id="app-styles">${builtStylesheet()}</style>`);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/);
    expect(html).not.toContain('rel="modulepreload"');
    expect(html).not.toMatch(/<script[^>]+type="module"/);

    // The inert module script and the script that starts it carry this response's nonce.
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(directive(csp, "script-src").join(" "))?.[1];
    expect(nonce).toBeTruthy();
    expect(html).toMatch(/<link rel="parkedpreload" href="\/build\/entry\.client-[\w-]+\.js"\/>/);
    expect(html).toContain(`<script nonce="${nonce}" type="parked" async="">`);
    expect(html).toContain(`<script id="app-after-paint" nonce="${nonce}">(function () {`);

    // Scripts stay strict; inline styles were allowed before (helmet's default) and still are.
    expect(directive(csp, "script-src")).not.toContain("'unsafe-inline'");
    expect(directive(csp, "style-src")).toContain("'unsafe-inline'");
    expect(directive(csp, "style-src").some((s) => /^'(nonce|sha\d+)-/.test(s))).toBe(false);
  },
);
