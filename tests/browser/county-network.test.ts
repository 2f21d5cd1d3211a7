import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/domain/identity/password.server";
import { COUNTY_ACCOUNT, seedCounty } from "../../db/seed/county";
import { PINNED_NOW } from "../support/clock";
import { logInAs, openPhone, overflowsHorizontally, recordPageErrors, screenshot } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// The bureau on a phone (390×844) with the demo's county part (a year of store months,
// published): the delivery network and restock by category show by township, hidden cells
// labelled, and the page does not scroll sideways (wide tables scroll inside their box).

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  seedCounty({ db: server.db, now: PINNED_NOW, passwordHash: await hashPassword("demo1234") });
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

describe("the bureau on a phone", () => {
  it("reads deliveries per week, on-time and fill rate, stopped stores and restock by category", async () => {
    const device = await openPhone();
    recordPageErrors(device.page, pageErrors);
    const page = device.page;
    try {
      await logInAs(page, server.url, COUNTY_ACCOUNT.phone, "demo1234");
      await page.waitForURL(/\/county$/);
      const network = page.getByTestId("network");
      await network.waitFor();
      expect(await network.getByRole("columnheader", { name: "准时率" }).isVisible()).toBe(true);
      const shownRates = await network.locator('td[data-state="shown"]').allTextContents();
      expect(shownRates.some((t) => /^\d+\.\d%$/.test(t))).toBe(true);
      const goods = page.getByTestId("goods");
      expect(await goods.getByRole("columnheader", { name: "粮油调味" }).count()).toBe(1);
      expect(await goods.locator('td[data-state="shown"]').count()).toBeGreaterThan(5);
      expect(await page.locator('[data-state="confidential"]').count()).toBeGreaterThan(0);
      expect(await overflowsHorizontally(page)).toBe(false);
      await network.scrollIntoViewIfNeeded();
      await screenshot(page, "county-network-phone");
      await goods.scrollIntoViewIfNeeded();
      await screenshot(page, "county-goods-phone");
    } finally {
      await device.close();
    }
  });
});
