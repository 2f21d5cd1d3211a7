import { afterAll, beforeAll, expect, it } from "vitest";
import { makeStore } from "../support/factories";
import { logInAs, openPhone, overflowsHorizontally, screenshot } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

for (const javaScriptEnabled of [true, false]) {
  it(`logs in on a phone with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
    const { user, org } = await makeStore(server.db);
    const phone = await openPhone({ javaScriptEnabled });
    try {
      await logInAs(phone.page, server.url, user.phone, user.password);
      await expect.poll(() => new URL(phone.page.url()).pathname).toBe("/store");
      await phone.page.getByRole("heading", { name: org.name }).waitFor();
      expect(await overflowsHorizontally(phone.page)).toBe(false);
      await screenshot(phone.page, `store-home-js-${javaScriptEnabled ? "on" : "off"}`);
    } finally {
      await phone.close();
    }
  });
}
