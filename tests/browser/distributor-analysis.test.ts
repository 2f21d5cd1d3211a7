import fs from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products, restockOrderLines, restockOrders } from "../../db/schema";
import { recomputeDemand } from "../../app/domain/analysis/rollups.server";
import { isoWeekMonday } from "../../app/domain/dates";
import { PINNED_TODAY } from "../support/clock";
import { addDays } from "../../app/domain/dates";
import {
  logInAs,
  openDesktop,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
} from "../support/browser";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { startTestServer, type TestServer } from "../support/server";

/** The distributor's demand page at the office PC (1280×800) and on a 360-px phone, with and without JavaScript. */
let server: TestServer;
let admin: { phone: string };
let stoppedName: string;
let topName: string;

const NAMES = [
  "康师傅红烧牛肉面 105g×24",
  "农夫山泉饮用天然水 550ml×24",
  "金龙鱼 优质压榨一级花生油 5L×4",
  "旺仔牛奶 245ml×24",
  "雪花啤酒 勇闯天涯 500ml×12",
  "卫龙大面筋 102g×40",
  "心相印 抽纸 3层×30",
  "海天 金标生抽 500ml×12",
];

beforeAll(async () => {
  server = await startTestServer();
  const r = await makeDeliveryRoute(server.db, { stores: 12, skus: NAMES.length, stockPacks: 0 });
  r.skus.forEach((sku, i) => server.db.update(products).set({ name: NAMES[i] }).where(eq(products.id, sku.id)).run());
  admin = r.distributor.user;
  const week = isoWeekMonday(PINNED_TODAY);
  // Ten weeks of weekly orders; store 0 stopped five weeks ago. Past weeks received, one in ten short.
  let n = 0;
  r.stores.forEach((store, s) => {
    for (let w = 9; w >= 0; w--) {
      if (s === 0 && w < 5) continue;
      const lines = r.skus
        .filter((_, k) => (s + k + w) % 3 !== 0)
        .map((sku, k) => ({ sku, packs: 1 + ((s * 7 + k * 3 + w) % 6) }));
      const order = makeConfirmedOrder(r.distributor.ctx, {
        linkId: store.linkId,
        deliveryDate: addDays(week, -7 * w + (s % 2 ? 1 : 4)),
        lines,
      });
      if (w > 0) {
        server.db.update(restockOrders).set({ status: "received" }).where(eq(restockOrders.id, order.id)).run();
        for (const line of server.db
          .select()
          .from(restockOrderLines)
          .where(eq(restockOrderLines.orderId, order.id))
          .all()) {
          server.db
            .update(restockOrderLines)
            .set({ pickedPacks: n++ % 10 === 0 ? line.qtyPacks - 1 : line.qtyPacks })
            .where(eq(restockOrderLines.id, line.id))
            .run();
        }
      }
    }
  });
  recomputeDemand(server.db, r.distributor.org.id);
  stoppedName = r.stores[0].org.name;
  topName = r.stores[11].org.name;
});
afterAll(() => server?.stop());

describe("distributor demand page", () => {
  it("reads at a desktop: weeks, SKU grid with forecast, top and stopped stores; a table downloads as CSV", async () => {
    const desk = await openDesktop();
    const errors: string[] = [];
    recordPageErrors(desk.page, errors);
    try {
      await logInAs(desk.page, server.url, admin.phone, "password123");
      await desk.page.getByRole("link", { name: "需求分析" }).click();
      await desk.page.waitForURL(/\/distributor\/analysis/);
      await expect.poll(() => desk.page.getByRole("heading", { name: "需求分析", level: 1 }).isVisible()).toBe(true);
      const grid = desk.page.getByTestId("skus-table");
      await expect.poll(() => grid.getByRole("row").count()).toBe(NAMES.length + 1);
      expect(await grid.textContent()).toContain(NAMES[0]);
      expect(await desk.page.getByTestId("stopped-table").textContent()).toContain(stoppedName);
      expect(await desk.page.getByTestId("stores-table").textContent()).toContain(topName);
      await screenshot(desk.page, "distributor-analysis-desktop");

      await desk.page.getByRole("link", { name: "近4周" }).click();
      await desk.page.waitForURL(/weeks=4/);
      await expect.poll(() => grid.getByRole("columnheader").count()).toBe(1 + 4 + 4);

      const [download] = await Promise.all([
        desk.page.waitForEvent("download"),
        desk.page.getByTestId("export-skus").getByRole("link", { name: /CSV/ }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("需求-按周.csv");
      const text = fs.readFileSync((await download.path())!, "utf8");
      expect(text).toContain(NAMES[0]);
      expect(errors).toEqual([]);
    } finally {
      await desk.close();
    }
  });

  it("fits a 360-px phone with JavaScript off: wide tables scroll inside their box, the week choice works", async () => {
    const phone = await openPhone({ javaScriptEnabled: false, width: 360, height: 780 });
    try {
      await logInAs(phone.page, server.url, admin.phone, "password123");
      await phone.page.goto(`${server.url}/distributor/analysis`);
      expect(await overflowsHorizontally(phone.page)).toBe(false);
      expect(await phone.page.getByTestId("kpi-fill").textContent()).toMatch(/\d+%/);
      await screenshot(phone.page, "distributor-analysis-phone-360");
      await phone.page.getByRole("link", { name: "近8周" }).click();
      await phone.page.waitForURL(/weeks=8/);
      expect(await phone.page.getByTestId("skus-table").getByRole("columnheader").count()).toBe(1 + 8 + 4);
      expect(await overflowsHorizontally(phone.page)).toBe(false);
    } finally {
      await phone.close();
    }
  });
});
