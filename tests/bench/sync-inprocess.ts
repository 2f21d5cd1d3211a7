import { newId } from "../../app/domain/ids.server";
import { syncSales } from "../../app/domain/sales/sync-sales.server";
import setup from "../setup/global-setup";
import { appAndRawStores } from "./write-path";

/**
 * The sync's domain call beside yardstick (a), in one process, with no HTTP in between:
 * `syncSales` with batches of 100 three-line cash sales against the same rows written raw, 100
 * per transaction, batch by batch in turn so both see the same machine and the same table sizes.
 * Prints sales/s per round. `N=50 node --import tsx tests/bench/sync-inprocess.ts` (N batches per
 * round); add `--cpu-prof` to see where the sync's own time goes. A third figure: batches with one
 * refused sale in the middle (a product that is not there), which the sync writes twice (decision
 * 033, the savepoints only after a refusal).
 */
const teardown = setup();
const { ctx, products, writer } = await appAndRawStores();
let k = 0;
const batch = (n: number, refusedAt = -1) => ({
  storeId: ctx.org.id,
  deviceId: "dev" + "x".repeat(20),
  sales: Array.from({ length: n }, (_, i) => {
    k++;
    return {
      saleId: newId(),
      madeAt: Date.now(),
      catalogVersion: 0,
      tender: "cash" as const,
      lines: [0, 1, 2].map((j) => {
        const p = products[(k * 3 + j) % products.length];
        return { productId: i === refusedAt && j === 0 ? "gone" : p.id, qty: 1, unitPriceFen: p.priceFen };
      }),
    };
  }),
});
const BATCHES = Number(process.env.N ?? 50);
for (let r = 0; r < 3; r++) {
  let appMs = 0;
  let rawMs = 0;
  let refusedMs = 0;
  for (let i = 0; i < BATCHES; i++) {
    const body = batch(100);
    let t = performance.now();
    syncSales(ctx, body);
    appMs += performance.now() - t;
    t = performance.now();
    writer.batch(100);
    rawMs += performance.now() - t;
    const withRefusal = batch(100, 50);
    t = performance.now();
    const refused = syncSales(ctx, withRefusal).filter((x) => x.status === "refused").length;
    refusedMs += performance.now() - t;
    if (refused !== 1) throw new Error(`expected one refused sale, got ${refused}`);
  }
  const app = (BATCHES * 100) / (appMs / 1000);
  const rawRate = (BATCHES * 100) / (rawMs / 1000);
  const withRefusal = (BATCHES * 99) / (refusedMs / 1000);
  console.log(
    `round ${r}: syncSales batch100 ${app.toFixed(0)}/s raw batch100 ${rawRate.toFixed(0)}/s ratio ${(app / rawRate).toFixed(3)}; with one refused sale ${withRefusal.toFixed(0)}/s ratio ${(withRefusal / rawRate).toFixed(3)}`,
  );
}
teardown();
