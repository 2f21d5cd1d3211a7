import { afterAll, describe, expect, it } from "vitest";
import { adjustStock } from "~/domain/inventory/adjust-stock.server";
import { countStock } from "~/domain/inventory/count-stock.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { newId } from "~/domain/ids.server";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";
import { ledgerViolations } from "../support/ledger";

const testDb = createTestDb();
afterAll(() => testDb.close());

describe("stock ledger", () => {
  it("receives in packs with batch and expiry, and keeps the moving average cost", async () => {
    const { ctx } = await makeStore(testDb.db);
    const product = makeProduct(ctx, { packSize: 24, costFen: 0 });
    receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 2,
      unit: "pack",
      costFen: 7200,
      batchNo: "B1",
      expiryDate: "2027-01-31",
    });
    receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 12,
      unit: "base",
      costFen: 400,
      batchNo: "",
      expiryDate: "",
    });
    const { product: p, lots, movements } = getProductDetail(ctx, product.id);
    expect(p.onHand).toBe(60);
    // 48 units at 300 fen, then 12 at 400: (14400 + 4800) / 60 = 320.
    expect(p.costFen).toBe(320);
    expect(lots.map((l) => [l.batchNo, l.expiryDate, l.onHand])).toEqual([
      ["", "", 12],
      ["B1", "2027-01-31", 48],
    ]);
    expect(movements).toHaveLength(2);
    expect(ledgerViolations(testDb.db)).toEqual([]);
  });

  it("takes adjustments first-expiring-first and lets the unnamed lot go negative", async () => {
    const { ctx } = await makeStore(testDb.db);
    const product = makeProduct(ctx);
    receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 5,
      unit: "base",
      costFen: 300,
      batchNo: "LATE",
      expiryDate: "2027-06-01",
    });
    receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 3,
      unit: "base",
      costFen: 300,
      batchNo: "EARLY",
      expiryDate: "2027-01-01",
    });
    const result = adjustStock(ctx, product.id, { requestId: newId(), reason: "damaged", qty: 10, note: null });
    expect(result.movementIds).toHaveLength(3);
    const { product: p, lots } = getProductDetail(ctx, product.id);
    expect(p.onHand).toBe(-2);
    expect(lots).toEqual([expect.objectContaining({ batchNo: "", onHand: -2 })]);
    expect(ledgerViolations(testDb.db)).toEqual([]);
  });

  it("records only the differences of a stock count", async () => {
    const { ctx } = await makeStore(testDb.db);
    const a = makeProduct(ctx);
    const b = makeProduct(ctx);
    receiveStock(ctx, a.id, { requestId: newId(), qty: 10, unit: "base", costFen: 300, batchNo: "", expiryDate: "" });
    receiveStock(ctx, b.id, { requestId: newId(), qty: 4, unit: "base", costFen: 300, batchNo: "", expiryDate: "" });
    const count = countStock(ctx, {
      requestId: newId(),
      note: null,
      lines: [
        { productId: a.id, counted: 7 },
        { productId: b.id, counted: 4 },
      ],
    });
    expect(count).toMatchObject({ lines: 2, diffs: 1 });
    expect(getProductDetail(ctx, a.id).movements[0]).toMatchObject({ kind: "count", qty: -3 });
    expect(getProductDetail(ctx, b.id).movements).toHaveLength(1);
    expect(ledgerViolations(testDb.db)).toEqual([]);
  });

  it("turns a retried receipt into the first one's result", async () => {
    const { ctx } = await makeStore(testDb.db);
    const product = makeProduct(ctx);
    const input = { requestId: newId(), qty: 6, unit: "base" as const, costFen: 300, batchNo: "", expiryDate: "" };
    const first = receiveStock(ctx, product.id, input);
    const second = receiveStock(ctx, product.id, input);
    expect(second).toEqual(first);
    expect(getProductDetail(ctx, product.id).product.onHand).toBe(6);
  });
});
