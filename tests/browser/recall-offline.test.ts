import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { newId } from "~/domain/ids.server";
import { flagRecallSchema } from "~/domain/recall/fields.server";
import { flagRecall } from "~/domain/recall/flag-recall.server";
import { listSales } from "~/domain/sales/list-sales.server";
import { serverClock } from "../support/clock";
import { makeProduct } from "../support/factories";
import { logInAs, OFFLINE_NOISE, openPhone, recordPageErrors, screenshot, waitForHydration } from "../support/browser";
import { ledgerViolations } from "../support/ledger";
import { recallWorld } from "../support/recall";
import { sellScreenUnderWorker } from "../support/offline-phone";
import { startTestServer, type TestServer } from "../support/server";

// (recallui, decision 047) The till refuses a recalled product OFFLINE: real Chromium at 390×844
// with the service worker, the sell screen loaded online, the recall flagged, the phone's copy of
// the catalog refreshed, then context.setOffline(true). The recalled product is refused with the
// reason; a clean product still sells offline and reaches the server once back online.
let server: TestServer;
let world: Awaited<ReturnType<typeof recallWorld>>;
let water: ReturnType<typeof makeProduct>;

const REASON = "检出黄曲霉毒素超标";

beforeAll(async () => {
  server = await startTestServer();
  world = await recallWorld(server.db, { stores: 1, received: 20, perStore: 6 });
  const [a] = world.stores;
  water = makeProduct(a.ctx, { name: "娃哈哈纯净水 596ml", priceFen: 150, baseUnit: "瓶" });
  receiveStock(a.ctx, water.id, {
    requestId: newId(),
    qty: 30,
    unit: "base",
    costFen: 100,
    batchNo: "",
    expiryDate: "",
  });
});
afterAll(() => server?.stop());

const pageErrors: string[] = [];
afterEach(() => {
  // Offline, the browser logs the failed fetches the app expects; everything else is a fault.
  const errors = pageErrors.splice(0).filter((e) => !OFFLINE_NOISE.test(e));
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

/** The phone's stored catalog as JSON text ("" when none), read straight from IndexedDB. */
async function storedCatalogText(): Promise<string> {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes("villagelink-offline")) return "";
  return new Promise((resolve) => {
    const req = indexedDB.open("villagelink-offline");
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains("catalog")) return resolve("");
      const all = db.transaction("catalog").objectStore("catalog").getAll();
      all.onsuccess = () => resolve(JSON.stringify(all.result));
    };
    req.onerror = () => resolve("");
  });
}

async function addBySearch(page: Page, text: string, name: RegExp) {
  await page.getByRole("searchbox").fill(text);
  await page.getByRole("button", { name: "搜索" }).click();
  await page.getByRole("list", { name: "搜索结果" }).getByRole("button", { name }).click();
}

describe("a recall reaches the till's offline copy", () => {
  it("refuses the recalled product offline with the reason; a clean one sells offline and syncs", async () => {
    const [a] = world.stores;
    const phone = await openPhone({ width: 390, height: 844 });
    const { page, context } = phone;
    try {
      await phone.context.clock.setSystemTime(serverClock.now());
      recordPageErrors(page, pageErrors);
      await logInAs(page, server.url, a.user.phone, a.user.password);
      // Online: the worker installs and controls the page, and the phone stores its copy.
      await sellScreenUnderWorker(page, server.url);
      await expect.poll(() => page.evaluate(storedCatalogText), { timeout: 45_000 }).toContain("金龙鱼大豆油");
      expect(await page.evaluate(storedCatalogText)).not.toContain(REASON);

      // The coordinator flags the supplier batch: the store's lot is quarantined, its catalog version moves.
      flagRecall(
        world.alliance.ctx,
        flagRecallSchema.parse({ requestId: newId(), source: `supplier_batch:${world.batchId}`, reason: REASON }),
      );
      // The phone's copy refreshes (on load, as the till does on every visit) and now carries the reason.
      await page.reload();
      await waitForHydration(page);
      await expect.poll(() => page.evaluate(storedCatalogText), { timeout: 45_000 }).toContain(REASON);

      const salesBefore = new Set(listSales(a.ctx).items.map((s) => s.id));
      const waterBefore = getProductDetail(a.ctx, water.id).product.onHand;
      await context.setOffline(true);
      await page.reload();
      await page.getByText("离线中：销售先记在手机上，联网后自动同步").waitFor();

      // The recalled product: refused at the till, with the reason, and nothing waits to sync.
      await addBySearch(page, "金龙鱼", /金龙鱼大豆油/);
      await page.getByRole("button", { name: "现金", exact: true }).click();
      await page.getByRole("button", { name: /^确认(收款|记账)/ }).click();
      const refusal = page.getByText(`金龙鱼大豆油 5L 已被召回，不能出售：${REASON}`);
      await refusal.waitFor();
      await screenshot(page, "recall-offline-refused-390x844");
      await page.getByTestId("pending-badge").filter({ hasText: "0 笔待同步" }).waitFor();

      // Take it out of the cart; a clean product still sells offline.
      await page
        .getByTestId("cart")
        .getByRole("button", { name: /减一个 金龙鱼大豆油/ })
        .click();
      await page.getByTestId("cart").waitFor({ state: "detached" });
      await addBySearch(page, "娃哈哈", /娃哈哈纯净水/);
      await page.getByRole("button", { name: "现金", exact: true }).click();
      await page.getByRole("button", { name: /^确认(收款|记账)/ }).click();
      await page.getByText(/已记下 ¥[\d.]+（待同步）/).waitFor();
      await page.getByTestId("pending-badge").filter({ hasText: "1 笔待同步" }).waitFor();
      await screenshot(page, "recall-offline-clean-sold-390x844");
      expect(new Set(listSales(a.ctx).items.map((s) => s.id))).toEqual(salesBefore);

      // Back online: the clean sale reaches the server once; the recalled lot sold nothing.
      await context.setOffline(false);
      await page.getByTestId("offline-bar").waitFor({ state: "detached", timeout: 30_000 });
      await expect
        .poll(() => listSales(a.ctx).items.filter((s) => !salesBefore.has(s.id)).length, { timeout: 30_000 })
        .toBe(1);
      const added = listSales(a.ctx).items.filter((s) => !salesBefore.has(s.id));
      expect(added.map((s) => s.totalFen)).toEqual([150]);
      expect(getProductDetail(a.ctx, water.id).product.onHand).toBe(waterBefore - 1);
      expect(getProductDetail(a.ctx, a.product.id).product.onHand).toBe(6);
      expect(ledgerViolations(server.db)).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
