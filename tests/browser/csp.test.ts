import { afterAll, beforeAll, expect, it } from "vitest";
import { makeProduct, makeStore } from "../support/factories";
import { logInAs, openPhone, recordCspViolations, recordPageErrors } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// With 'unsafe-inline' gone from script-src, Remix's inlined hydration scripts run only because
// they carry the response's nonce: the page must still hydrate, with no CSP violation reported.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

it("pages hydrate under the nonce policy: client-side navigation works and nothing is refused", async () => {
  const { user, ctx } = await makeStore(server.db);
  makeProduct(ctx, { name: "娃哈哈纯净水", priceFen: 150 });
  const phone = await openPhone();
  const errors: string[] = [];
  recordPageErrors(phone.page, errors);
  const violations = await recordCspViolations(phone.page);
  try {
    await logInAs(phone.page, server.url, user.phone, user.password);
    await phone.page.waitForFunction(() => "__remixRouter" in window);
    // A mark on this document survives only if the next page is rendered by the router in place.
    await phone.page.evaluate(() => ((window as unknown as { hydrated: string }).hydrated = "yes"));
    await phone.page.goto(`${server.url}/store`);
    await phone.page.waitForFunction(() => "__remixRouter" in window);
    await phone.page.evaluate(() => ((window as unknown as { hydrated: string }).hydrated = "yes"));
    await Promise.all([
      phone.page.waitForURL((url) => url.pathname === "/store/products"),
      phone.page.locator('a[href="/store/products"]').first().click(),
    ]);
    await phone.page.getByText("娃哈哈纯净水").first().waitFor();
    expect(await phone.page.evaluate(() => (window as unknown as { hydrated?: string }).hydrated)).toBe("yes");
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await phone.close();
  }
});
