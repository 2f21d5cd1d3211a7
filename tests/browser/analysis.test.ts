import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from "../../db/seed/demo";
import {
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  type Phone,
} from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";
import { PINNED_NOW } from "../support/clock";
import { rollupRows } from "../support/rollups";
import { recomputeAllRollups } from "../../app/domain/analysis/rollups.server";

// The dashboard on a phone with the demo store's month of sales (the seed `npm start` runs).

let server: TestServer;
const owner = DEMO_ACCOUNTS[0];
beforeAll(async () => {
  server = await startTestServer();
  await seedDemo(server.db, { now: PINNED_NOW });
}, 120_000);
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

async function open(javaScriptEnabled: boolean, width = 390): Promise<Phone> {
  const phone = await openPhone({ javaScriptEnabled, width });
  recordPageErrors(phone.page, pageErrors);
  await logInAs(phone.page, server.url, owner.phone, DEMO_PASSWORD);
  // The demo owner keeps two shops: choose 张庄村便民超市, the one with a month of sales.
  await phone.page.goto(`${server.url}/orgs`);
  await Promise.all([
    phone.page.waitForURL(/\/store/),
    phone.page.getByRole("button", { name: /张庄村便民超市/ }).click(),
  ]);
  return phone;
}

describe("the demo seed", () => {
  it("keeps its rollups through the use cases, at each moment of the story: they equal a rebuild", () => {
    const kept = rollupRows(server.db);
    expect(kept.salesDaily.length).toBeGreaterThan(500);
    recomputeAllRollups(server.db);
    expect(rollupRows(server.db)).toEqual(kept);
  });
});

describe("the dashboard on a 390×844 phone", () => {
  it("opens from the home page and tells the week's story with charts, advice and lists (JavaScript on)", async () => {
    const { page, close } = await open(true);
    try {
      await page.goto(`${server.url}/store`);
      await page.getByRole("link", { name: /经营分析/ }).click();
      await page.waitForURL(/\/store\/analysis/);
      await page.waitForLoadState("networkidle");
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("经营分析");
      // A month of demo sales: the week has takings, and both charts draw bars.
      expect(await page.getByTestId("kpi-takings").locator("dd").first().textContent()).toMatch(/^¥[\d,]+\.\d\d$/);
      expect(await page.getByTestId("kpi-takings").textContent()).not.toContain("¥0.00之前");
      for (const chart of ["chart-hour", "chart-weekday"]) {
        const svg = page.getByTestId(chart).locator("svg");
        await expect.poll(() => svg.isVisible()).toBe(true);
        const box = await svg.boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
        expect(await svg.getAttribute("aria-label")).toMatch(/卖得最好|最忙的是/);
      }
      expect(await page.getByTestId("advice").locator("li").count()).toBeGreaterThan(0);
      expect(await page.getByTestId("sellers").locator("li").count()).toBeGreaterThan(3);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "analysis-dashboard-7d");
      await page.getByRole("link", { name: "近30天" }).click();
      await page.waitForURL(/period=30d/);
      await expect.poll(() => page.getByText("与前30天相比").isVisible()).toBe(true);
      expect(await overflowsHorizontally(page)).toBe(false);
      await page.getByRole("link", { name: "今天" }).click();
      await page.waitForURL(/period=today/);
      await expect.poll(() => page.getByText(/与昨天同一时间/).isVisible()).toBe(true);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "analysis-dashboard-today");
    } finally {
      await close();
    }
  });

  it("works with JavaScript off, down to a product's sales trend, at 360 px", async () => {
    const { page, close } = await open(false, 360);
    try {
      await page.goto(`${server.url}/store/analysis`);
      expect(await overflowsHorizontally(page)).toBe(false);
      await page.getByRole("link", { name: "近30天" }).click();
      await page.waitForURL(/period=30d/);
      expect(await page.getByTestId("chart-hour").locator("svg").isVisible()).toBe(true);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "analysis-dashboard-30d-360-nojs");
      const top = page.getByTestId("sellers").locator("li a").first();
      const name = await top.textContent();
      await top.click();
      await page.waitForURL(/\/insight$/);
      expect(await page.getByRole("link", { name: name! }).count()).toBe(1);
      const svg = page.getByTestId("chart-daily").locator("svg");
      expect(await svg.isVisible()).toBe(true);
      expect(await svg.getAttribute("aria-label")).toMatch(/近 30 天共卖出/);
      expect(await page.getByTestId("cover").textContent()).toMatch(/够卖天数/);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "analysis-product-trend-360-nojs");
    } finally {
      await close();
    }
  });
});
