import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { COUNTY_MONTH, countyWithMonths } from "../support/county";
import {
  logInAs,
  openDesktop,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
} from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

// The bureau at a PC and on a phone: the county page and the monthly report, hidden cells
// labelled, never a page that scrolls sideways; the report prints without the tabs and buttons.

let server: TestServer;
let county: Awaited<ReturnType<typeof countyWithMonths>>;
beforeAll(async () => {
  server = await startTestServer();
  county = await countyWithMonths(server.db);
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

describe.each([
  ["desktop", () => openDesktop()],
  ["phone", () => openPhone()],
] as const)("the bureau on a %s", (label, open) => {
  it("reads the county page and the monthly report", async () => {
    const device = await open();
    recordPageErrors(device.page, pageErrors);
    const page = device.page;
    try {
      await logInAs(page, server.url, county.bureau.user.phone, county.bureau.user.password);
      await page.waitForURL(/\/county$/);
      await page.getByRole("heading", { name: /商贸数据/ }).waitFor();
      const health = page.getByTestId("health");
      expect(await health.getByText("兰阳街道").isVisible()).toBe(true);
      expect(await health.locator('[data-state="confidential"]').count()).toBeGreaterThan(0);
      expect(await health.textContent()).toContain("保密");
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, `county-home-${label}`);

      await page.getByRole("link", { name: "月度报告" }).click();
      await page.waitForURL(/\/county\/report/);
      await page.getByRole("heading", { name: new RegExp(`商贸月报 ${COUNTY_MONTH}`) }).waitFor();
      const report = page.getByTestId("report");
      expect(await report.locator('[data-state="confidential"]').count()).toBeGreaterThan(0);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, `county-report-${label}`);

      await page.emulateMedia({ media: "print" });
      expect(await page.getByRole("button", { name: "打印（A4）" }).isVisible()).toBe(false);
      expect(await page.getByRole("navigation").first().isVisible()).toBe(false);
      await screenshot(page, `county-report-print-${label}`);
    } finally {
      await device.close();
    }
  });
});
