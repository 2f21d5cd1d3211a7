import { describe, expect, it } from "vitest";
import { firstLoadGzipBytes, storeRouteIds } from "../bench/bundle-size";

/**
 * The first-load JavaScript budgets of DESIGN.md, read from the production build this project
 * runs against (`npm run build` comes before the HTTP tests): the sell page ≤ 100 KB of gzip
 * JavaScript, every other shopkeeper page ≤ 120 KB. A size, not a time: the same on any machine.
 * docs/BENCHMARKS.md has the figures per page; `npx tsx tests/bench/bundle-size.ts` prints them.
 */
const KB = 1024;

describe("first-load JavaScript of the shopkeeper pages", () => {
  it("keeps the sell page within 100 KB gzip", () => {
    const { "routes/store.sell": sell } = firstLoadGzipBytes(["routes/store.sell"]);
    expect(sell).toBeGreaterThan(50 * KB); // React and Remix alone weigh more: the build was read
    expect(sell).toBeLessThanOrEqual(100 * KB);
  });

  it("keeps every other store page within 120 KB gzip", () => {
    const ids = storeRouteIds();
    expect(ids.length).toBeGreaterThan(40);
    const over = Object.entries(firstLoadGzipBytes(ids))
      .filter(([, bytes]) => bytes > 120 * KB)
      .map(([id, bytes]) => `${id}: ${(bytes / KB).toFixed(1)} KB`);
    expect(over).toEqual([]);
  });
});
