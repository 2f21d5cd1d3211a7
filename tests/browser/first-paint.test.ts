import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct, makeStore } from "../support/factories";
import {
  logInAs,
  openPhone,
  recordCspViolations,
  recordPageErrors,
  screenshot,
  waitForHydration,
  type Phone,
} from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// Decision 048: the sell page paints from its HTML alone (the stylesheet is inline) and its
// JavaScript is fetched only after that first paint, then hydrates as before; with JavaScript off
// it is the same styled page.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const BRAND_700 = "rgb(22, 101, 52)";

async function headerColour(phone: Phone) {
  return phone.page
    .locator("header")
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
}

it("paints the sell page styled at 360 px before any of its JavaScript is fetched, then hydrates", async () => {
  const { user, ctx } = await makeStore(server.db);
  makeProduct(ctx, { name: "娃哈哈纯净水", priceFen: 150 });
  const phone = await openPhone({ width: 360 });
  const errors: string[] = [];
  recordPageErrors(phone.page, errors);
  const violations = await recordCspViolations(phone.page);
  try {
    await logInAs(phone.page, server.url, user.phone, user.password);
    await phone.page.goto(`${server.url}/store/sell`);
    await waitForHydration(phone.page);
    const timing = await phone.page.evaluate(() => ({
      firstPaint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
      scripts: performance
        .getEntriesByType("resource")
        .filter((e) => new URL(e.name).pathname.startsWith("/build/") && e.name.endsWith(".js"))
        .map((e) => e.startTime),
      stylesheets: performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".css")).length,
    }));
    expect(timing.firstPaint).toBeGreaterThan(0);
    expect(timing.scripts.length).toBeGreaterThan(5);
    expect(Math.min(...timing.scripts)).toBeGreaterThanOrEqual(timing.firstPaint!);
    expect(timing.stylesheets).toBe(0);
    expect(await headerColour(phone)).toBe(BRAND_700);
    // Hydrated: the router renders the next page in place.
    await phone.page.evaluate(() => ((window as unknown as { mark: string }).mark = "same document"));
    await Promise.all([
      phone.page.waitForURL((url) => url.pathname === "/store/products"),
      phone.page.locator('a[href="/store/products"]').first().click(),
    ]);
    await phone.page.getByText("娃哈哈纯净水").first().waitFor();
    expect(await phone.page.evaluate(() => (window as unknown as { mark?: string }).mark)).toBe("same document");
    expect(await headerColour(phone)).toBe(BRAND_700);
    // The browser's copy of the stylesheet is the server's (a client render of the head writes it
    // again rather than an empty one), and it is still in the page after navigating.
    expect(
      await phone.page.evaluate(() => ({
        inPage: document.getElementById("app-styles")?.textContent?.length ?? 0,
        styles: document.querySelectorAll("style").length,
      })),
    ).toMatchObject({ inPage: expect.any(Number) as number, styles: 1 });
    expect(await phone.page.evaluate(() => document.getElementById("app-styles")!.textContent!.length)).toBeGreaterThan(
      10_000,
    );
    await phone.page.goto(`${server.url}/store/sell`);
    await waitForHydration(phone.page);
    await screenshot(phone.page, "first-paint-sell-360");
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await phone.close();
  }
});

it("shows the same styled sell page with JavaScript off", async () => {
  const { user } = await makeStore(server.db);
  const phone = await openPhone({ width: 360, javaScriptEnabled: false });
  try {
    await logInAs(phone.page, server.url, user.phone, user.password);
    await phone.page.goto(`${server.url}/store/sell`);
    expect(await headerColour(phone)).toBe(BRAND_700);
    const fetched = await phone.page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
    expect(fetched.filter((url) => /\.(css|js)$/.test(url))).toEqual([]);
    await screenshot(phone.page, "first-paint-sell-360-no-js");
  } finally {
    await phone.close();
  }
});
