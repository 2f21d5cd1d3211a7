import fs from "node:fs";
import { openDatabase } from "../../db/client";
import { manifest } from "../../app/domain/fulfilment/manifest.server";
import { packingLists } from "../../app/domain/fulfilment/packing-lists.server";
import { pickList } from "../../app/domain/fulfilment/pick-list.server";
import { copyBaseDb } from "../support/db";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { median } from "./stats";

const STORES = 1000;
const SKUS = 300;
const LINES = 8;

/**
 * A pooled delivery run of 1,000 store orders (8 lines each over 300 SKUs) on its own copy of the
 * migrated database, then the median time to build its pick list, packing lists and manifest.
 */
export async function deliveryRunBench(rounds = 15) {
  const file = copyBaseDb();
  const db = openDatabase(file);
  const r = await makeDeliveryRoute(db, { stores: STORES, skus: SKUS, stockPacks: 500, deliveryDate: "2030-01-01" });
  let runId = "";
  r.stores.forEach((store, i) => {
    // 37 and 300 share no factor with 8 consecutive steps: eight different SKUs per store.
    const lines = Array.from({ length: LINES }, (_, k) => ({
      sku: r.skus[(i * LINES + k * 37) % SKUS],
      packs: 1 + ((i + k) % 3),
    }));
    runId = makeConfirmedOrder(r.distributor.ctx, { linkId: store.linkId, deliveryDate: r.deliveryDate, lines }).runId!;
  });
  const ctx = r.distributor.ctx;
  const time = (fn: () => unknown) => {
    fn();
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      fn();
      times.push(performance.now() - t);
    }
    return Math.round(median(times) * 10) / 10;
  };
  const pick = pickList(ctx, runId);
  const result = {
    orders: STORES,
    lines: pick.items.reduce((n, item) => n + item.stops.length, 0),
    skus: pick.items.length,
    pickListMedianMs: time(() => pickList(ctx, runId)),
    packingListsMedianMs: time(() => packingLists(ctx, runId)),
    manifestMedianMs: time(() => manifest(ctx, runId)),
  };
  db.$client.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  return result;
}
