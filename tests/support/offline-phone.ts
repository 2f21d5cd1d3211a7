import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * The sell screen of `url` under the service worker (decision 032): loaded once so the worker
 * installs (precaching the app and the shell), and again so it controls the page.
 */
export async function sellScreenUnderWorker(page: Page, url: string) {
  await page.goto(`${url}/store/sell`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 45_000 }).toBe(true);
}

/** The sell screen under the worker, with the phone's copy of the catalog stored. */
export async function sellScreenReady(page: Page, url: string) {
  await sellScreenUnderWorker(page, url);
  await expect.poll(() => page.evaluate(storedCatalogs), { timeout: 45_000 }).toBeGreaterThan(0);
}

/** How many stores' copies the phone holds (without creating the database if the app has not). Runs in the page. */
export async function storedCatalogs(): Promise<number> {
  const names = (await indexedDB.databases()).map((d) => d.name);
  if (!names.includes("villagelink-offline")) return 0;
  return new Promise((resolve) => {
    const req = indexedDB.open("villagelink-offline");
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains("catalog")) return resolve(0);
      const count = db.transaction("catalog").objectStore("catalog").count();
      count.onsuccess = () => resolve(count.result);
    };
    req.onerror = () => resolve(0);
  });
}
