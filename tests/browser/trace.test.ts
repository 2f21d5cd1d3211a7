import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stockLots } from "@db/schema";
import {
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  waitForHydration,
} from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";
import { tracedWorld } from "../support/trace";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const lotId = (orgId: string, batchNo: string) =>
  server.db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.orgId, orgId), eq(stockLots.batchNo, batchNo)))
    .get()!.id;

describe("a lot traced on a phone", () => {
  it("390×844: the chain page both ways, the label, and the public page its QR link opens", async () => {
    const w = await tracedWorld(server.db);
    const id = lotId(w.a.org.id, "JLY-2401");
    const phone = await openPhone();
    const errors: string[] = [];
    recordPageErrors(phone.page, errors);
    try {
      const { page } = phone;
      await logInAs(page, server.url, w.a.user.phone, w.a.user.password);
      await page.goto(`${server.url}/store/trace`);
      await waitForHydration(page);
      await page.getByTestId("lot-list").getByText("JLY-2401").click();
      await page.waitForURL(`**/store/trace/lots/${id}`);
      await waitForHydration(page);
      const up = page.getByTestId("chain-up");
      expect(await up.getByText("供应商批次").isVisible()).toBe(true);
      expect(await up.getByText("门店收货").isVisible()).toBe(true);
      expect(await page.getByTestId("chain-down").getByText("销售").isVisible()).toBe(true);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "trace-chain-390");

      await page.getByRole("link", { name: "打印标签" }).click();
      await page.getByTestId("lot-label").waitFor();
      expect(await page.locator('[data-testid="lot-label"] svg').count()).toBe(1);
      await screenshot(page, "trace-label-80mm-390");
      await page.getByTestId("label-url").click();
      await page.getByTestId("public-trace").waitFor();
      await waitForHydration(page);
      expect(page.url()).toMatch(/\/01\/\d{14}\/10\/[0-9A-Z]{10}\?17=300630$/);
      expect(await page.getByText("JLY-2401").isVisible()).toBe(true);
      expect(await page.getByText("县配送中心入库").isVisible()).toBe(true);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "trace-public-390");
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it("360 px with JavaScript off: the chain page and the public page work", async () => {
    const w = await tracedWorld(server.db);
    const id = lotId(w.a.org.id, "OLD-1");
    const phone = await openPhone({ javaScriptEnabled: false, width: 360, height: 740 });
    try {
      const { page } = phone;
      await logInAs(page, server.url, w.a.user.phone, w.a.user.password);
      await page.goto(`${server.url}/store/trace/lots/${id}`);
      expect(await page.getByTestId("chain-up").getByText("仓库批次").isVisible()).toBe(true);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "trace-chain-360-nojs");
      await page.goto(`${server.url}/store/trace/lots/${id}/label?size=a4`);
      expect(await page.getByTestId("lot-label").count()).toBe(24);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "trace-label-a4-360-nojs");
      const href = await page.getByTestId("label-url").getAttribute("href");
      await page.goto(href!);
      expect(await page.getByText("OLD-1").isVisible()).toBe(true);
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "trace-public-360-nojs");
    } finally {
      await phone.close();
    }
  });
});
