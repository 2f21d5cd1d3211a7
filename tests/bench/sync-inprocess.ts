import { openDatabase } from "../../db/client";
import type { Ctx } from "../../app/domain/context.server";
import { systemClock } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { syncSales } from "../../app/domain/sales/sync-sales.server";
import setup from "../setup/global-setup";
import { copyBaseDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";
import { rawSaleTarget, rawSaleWriter } from "./raw-sale";

/**
 * The sync's domain call beside yardstick (a), in one process, with no HTTP in between:
 * `syncSales` with batches of 100 three-line cash sales against the same rows written raw, 100
 * per transaction, batch by batch in turn so both see the same machine and the same table sizes.
 * Prints sales/s per round. `N=50 node --import tsx tests/bench/sync-inprocess.ts` (N batches per
 * round); add `--cpu-prof` to see where the sync's own time goes.
 */
const teardown = setup();
const appDb = openDatabase(copyBaseDb());
const { ctx: storeCtx } = await makeStore(appDb);
const ctx: Ctx = { ...storeCtx, clock: systemClock };
const products = Array.from({ length: 30 }, (_, i) => makeProduct(ctx, { name: `商品${i}`, barcode: null }));
const rawDb = openDatabase(copyBaseDb());
const raw = await makeStore(rawDb);
for (let i = 0; i < 30; i++) makeProduct(raw.ctx, { name: `商品${i}`, barcode: null });
const writer = rawSaleWriter(rawDb.$client, rawSaleTarget(rawDb.$client, raw.ctx.org.id, raw.ctx.actor.id));
let k = 0;
const batch = (n: number) => ({
  storeId: ctx.org.id,
  deviceId: "dev" + "x".repeat(20),
  sales: Array.from({ length: n }, () => {
    k++;
    return {
      saleId: newId(),
      madeAt: Date.now(),
      catalogVersion: 0,
      tender: "cash" as const,
      lines: [0, 1, 2].map((j) => {
        const p = products[(k * 3 + j) % products.length];
        return { productId: p.id, qty: 1, unitPriceFen: p.priceFen };
      }),
    };
  }),
});
const BATCHES = Number(process.env.N ?? 50);
for (let r = 0; r < 3; r++) {
  let appMs = 0;
  let rawMs = 0;
  for (let i = 0; i < BATCHES; i++) {
    const body = batch(100);
    let t = performance.now();
    syncSales(ctx, body);
    appMs += performance.now() - t;
    t = performance.now();
    writer.batch(100);
    rawMs += performance.now() - t;
  }
  const app = (BATCHES * 100) / (appMs / 1000);
  const rawRate = (BATCHES * 100) / (rawMs / 1000);
  console.log(
    `round ${r}: syncSales batch100 ${app.toFixed(0)}/s raw batch100 ${rawRate.toFixed(0)}/s ratio ${(app / rawRate).toFixed(3)}`,
  );
}
teardown();
