import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/client";
import type { Ctx } from "../../app/domain/context.server";
import { systemClock } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { recordSale } from "../../app/domain/sales/record-sale.server";
import setup from "../setup/global-setup";
import { copyBaseDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";
import { rawSaleTarget, rawSaleWriter } from "./raw-sale";
import { median } from "./stats";

/**
 * The app's own write path beside yardstick (a), in one process on fresh copies of the migrated
 * database: recordSale (3 lines, cash) one per transaction, against the same rows written with
 * raw prepared statements one per transaction and 100 per transaction. Sales/s, best of rounds
 * interleaved so both see the same machine.
 * Alone: `node --import tsx tests/bench/write-path.ts` (BENCH_WRITE_SALES, default 3000).
 */
const SALES = Number(process.env.BENCH_WRITE_SALES ?? 3000);

/**
 * Two fresh copies of the migrated database, each with a store of 30 products: one written by
 * the app (its `ctx` on the real clock), one by yardstick (a)'s raw `writer`.
 */
export async function appAndRawStores() {
  const appDb = openDatabase(copyBaseDb());
  const { ctx: storeCtx } = await makeStore(appDb);
  const ctx: Ctx = { ...storeCtx, clock: systemClock };
  const products = Array.from({ length: 30 }, (_, i) => makeProduct(ctx, { name: `商品${i}`, barcode: null }));
  const rawDb = openDatabase(copyBaseDb());
  const raw = await makeStore(rawDb);
  for (let i = 0; i < 30; i++) makeProduct(raw.ctx, { name: `商品${i}`, barcode: null });
  const writer = rawSaleWriter(rawDb.$client, rawSaleTarget(rawDb.$client, raw.ctx.org.id, raw.ctx.actor.id));
  return { appDb, ctx, products, rawDb, writer };
}

export async function writePathBench(rounds = 3) {
  const { appDb, ctx, products, rawDb, writer } = await appAndRawStores();
  const ids = products.map((p) => p.id);

  const rate = (n: number, f: () => void) => {
    const t = performance.now();
    f();
    return Math.round(n / ((performance.now() - t) / 1000));
  };
  const app: number[] = [];
  const rawOne: number[] = [];
  const rawBatch: number[] = [];
  let k = 0;
  for (let r = 0; r < rounds; r++) {
    app.push(
      rate(SALES, () => {
        for (let i = 0; i < SALES; i++, k++)
          recordSale(ctx, {
            saleId: newId(),
            tender: "cash",
            lines: [0, 1, 2].map((j) => ({ productId: ids[(k + j * 7) % ids.length], qty: 1 + j })),
          });
      }),
    );
    rawOne.push(rate(SALES, () => Array.from({ length: SALES }, () => writer.one())));
    rawBatch.push(rate(SALES, () => Array.from({ length: SALES / 100 }, () => writer.batch(100))));
  }
  appDb.$client.close();
  rawDb.$client.close();
  return {
    sales: SALES,
    recordSalePerSec: median(app),
    rawOnePerSec: median(rawOne),
    rawBatch100PerSec: median(rawBatch),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("tests/bench/write-path.ts")) {
  const teardown = setup();
  fs.mkdirSync("test-output", { recursive: true });
  console.log(JSON.stringify(await writePathBench(Number(process.env.BENCH_ROUNDS ?? 3))));
  teardown();
}
