import { afterAll, expect, it } from "vitest";
import { newId } from "~/domain/ids.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { listLots } from "~/domain/trace/list-lots.server";
import { at, PINNED_NOW } from "../support/clock";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const HOUR = 3_600_000;

it("lists the store's lots worth tracing, newest first, and no other store's", async () => {
  const { ctx } = await makeStore(db);
  const noodles = makeProduct(ctx, { name: "方便面" });
  const water = makeProduct(ctx, { name: "矿泉水" });
  const receive = (hoursLater: number, productId: string, lot: { batchNo?: string; expiryDate?: string }) =>
    receiveStock(at(ctx, PINNED_NOW + hoursLater * HOUR), productId, {
      requestId: newId(),
      qty: 5,
      unit: "base",
      costFen: undefined,
      batchNo: lot.batchNo ?? "",
      expiryDate: lot.expiryDate ?? "",
    });
  receive(1, noodles.id, { batchNo: "N-1" });
  receive(3, water.id, { expiryDate: "2027-06-30" });
  receive(2, noodles.id, { batchNo: "N-2", expiryDate: "2027-03-31" });
  const other = await makeStore(db);
  receiveStock(other.ctx, makeProduct(other.ctx).id, {
    requestId: newId(),
    qty: 1,
    unit: "base",
    costFen: undefined,
    batchNo: "OTHER",
    expiryDate: "",
  });

  const lots = listLots(ctx);
  expect(lots.map((l) => [l.product, l.batchNo, l.expiryDate])).toEqual([
    ["矿泉水", "", "2027-06-30"],
    ["方便面", "N-2", "2027-03-31"],
    ["方便面", "N-1", ""],
  ]);
  expect(listLots(ctx, 2).map((l) => l.batchNo)).toEqual(["", "N-2"]);
});
