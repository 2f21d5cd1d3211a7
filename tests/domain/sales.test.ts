import { afterAll, describe, expect, it } from "vitest";
import { addMember, makeProduct, makeStore, makeUser } from "../support/factories";
import { createTestDb } from "../support/db";
import { ledgerViolations } from "../support/ledger";
import { saleStockViolations, sellInAnotherProcess } from "../support/sales";
import type { Ctx } from "~/domain/context.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { listProducts } from "~/domain/inventory/list-products.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { newId } from "~/domain/ids.server";
import { getSale } from "~/domain/sales/get-sale.server";
import { listSales } from "~/domain/sales/list-sales.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { returnSaleLines } from "~/domain/sales/return-sale-lines.server";
import { voidSale } from "~/domain/sales/void-sale.server";
import { recordSaleFormSchema } from "~/domain/sales/record-sale.server";

const testDb = createTestDb();
afterAll(() => testDb.close());

function receive(ctx: Ctx, productId: string, qty: number, batchNo = "", expiryDate = "") {
  receiveStock(ctx, productId, { requestId: newId(), qty, unit: "base", costFen: 300, batchNo, expiryDate });
}

const onHand = (ctx: Ctx, id: string) => getProductDetail(ctx, id).product.onHand;

function expectLedgersHold() {
  expect(ledgerViolations(testDb.db)).toEqual([]);
  expect(saleStockViolations(testDb.db)).toEqual([]);
}

describe("recording a sale", () => {
  it("writes the sale, its lines at today's price and cost, and the stock movements", async () => {
    const { ctx } = await makeStore(testDb.db);
    const noodles = makeProduct(ctx, { priceFen: 450, costFen: 350 });
    const water = makeProduct(ctx, { name: "农夫山泉 550ml", priceFen: 200, costFen: 100 });
    receive(ctx, noodles.id, 10);
    receive(ctx, water.id, 24);
    const saleId = newId();
    const result = recordSale(ctx, {
      saleId,
      tender: "cash",
      cashReceivedFen: 2000,
      lines: [
        { productId: noodles.id, qty: 2 },
        { productId: water.id, qty: 3 },
      ],
    });
    expect(result).toMatchObject({ saleId, totalFen: 1500, changeFen: 500, oversold: false });
    expect(onHand(ctx, noodles.id)).toBe(8);
    expect(onHand(ctx, water.id)).toBe(21);
    expect(getProductDetail(ctx, noodles.id).movements[0]).toMatchObject({
      kind: "sale",
      qty: -2,
      refType: "sale",
      refId: saleId,
    });
    const { sale, lines } = getSale(ctx, saleId);
    expect(sale).toMatchObject({
      tender: "cash",
      status: "completed",
      totalFen: 1500,
      cashReceivedFen: 2000,
      changeFen: 500,
    });
    // The receipts at 300 set the average cost; the lines keep the cost at the moment of sale
    // even after a dearer delivery moves the average.
    receiveStock(ctx, noodles.id, {
      requestId: newId(),
      qty: 8,
      unit: "base",
      costFen: 500,
      batchNo: "",
      expiryDate: "",
    });
    expect(getProductDetail(ctx, noodles.id).product.costFen).toBe(400);
    expect(getSale(ctx, saleId).lines.map((l) => [l.name, l.qty, l.priceFen, l.costFen])).toEqual([
      [noodles.name, 2, 450, 300],
      [water.name, 3, 200, 300],
    ]);
    expect(lines).toHaveLength(2);
    expect(listSales(ctx).summary).toMatchObject({ count: 1, totalFen: 1500, byTender: { cash: 1500 } });
    expectLedgersHold();
  });

  it("records a double tap or retried POST once, and refuses the id for a different cart", async () => {
    const { ctx } = await makeStore(testDb.db);
    const product = makeProduct(ctx);
    receive(ctx, product.id, 5);
    const sale = { saleId: newId(), tender: "wechat" as const, lines: [{ productId: product.id, qty: 1 }] };
    const first = recordSale(ctx, sale);
    expect(recordSale(ctx, sale)).toEqual(first);
    expect(onHand(ctx, product.id)).toBe(4);
    expect(listSales(ctx).items).toHaveLength(1);
    expect(() => recordSale(ctx, { ...sale, lines: [{ productId: product.id, qty: 2 }] })).toThrow(
      expect.objectContaining({ key: "sale.idReused", status: 409 }),
    );
    // Another store cannot claim (or learn about) the id either.
    const other = await makeStore(testDb.db);
    const theirs = makeProduct(other.ctx);
    expect(() => recordSale(other.ctx, { ...sale, lines: [{ productId: theirs.id, qty: 1 }] })).toThrow(
      expect.objectContaining({ status: 409 }),
    );
  });

  it("sells only the store's own active products, and writes nothing otherwise", async () => {
    const { ctx } = await makeStore(testDb.db);
    const mine = makeProduct(ctx);
    const retired = makeProduct(ctx, { active: false });
    const other = await makeStore(testDb.db);
    const theirs = makeProduct(other.ctx);
    for (const productId of [theirs.id, retired.id]) {
      expect(() =>
        recordSale(ctx, {
          saleId: newId(),
          tender: "cash",
          lines: [
            { productId: mine.id, qty: 1 },
            { productId, qty: 1 },
          ],
        }),
      ).toThrow(expect.objectContaining({ status: 404 }));
    }
    expect(onHand(ctx, mine.id)).toBe(0);
    expect(listSales(ctx).items).toEqual([]);
    expect(() =>
      recordSale(ctx, {
        saleId: newId(),
        tender: "cash",
        cashReceivedFen: 100,
        lines: [{ productId: mine.id, qty: 1 }],
      }),
    ).toThrow(expect.objectContaining({ key: "sale.cashShort" }));
    expect(() =>
      recordSale(ctx, { saleId: newId(), tender: "credit", lines: [{ productId: mine.id, qty: 1 }] }),
    ).toThrow();
    expect(() =>
      recordSale(ctx, { saleId: "short", tender: "cash", lines: [{ productId: mine.id, qty: 1 }] }),
    ).toThrow();
    expect(listSales(ctx).items).toEqual([]);
  });

  it("reads the cart from the sell form's line.<productId> inputs", () => {
    const parsed = recordSaleFormSchema.safeParse({
      saleId: "abcdefgh12",
      tender: "cash",
      cashReceived: "20",
      "line.p1": "2",
      "line.p2": "1",
      "line.bad id": "1",
      "line.p3": "-1",
      q: "ignored",
    });
    expect(parsed.success && parsed.data).toEqual({
      saleId: "abcdefgh12",
      tender: "cash",
      cashReceivedFen: 2000,
      lines: [
        { productId: "p1", qty: 2 },
        { productId: "p2", qty: 1 },
      ],
    });
    expect(recordSaleFormSchema.safeParse({ saleId: "abcdefgh12", tender: "cash" }).success).toBe(false);
  });

  it("lets two concurrent sales of the last unit both record; the level goes to -1 and is flagged", async () => {
    const { ctx } = await makeStore(testDb.db);
    const product = makeProduct(ctx, { reorderPoint: 0 });
    receive(ctx, product.id, 1);
    const startAt = Date.now() + 1500;
    const sell = () =>
      sellInAnotherProcess(
        testDb.file,
        ctx,
        { saleId: newId(), tender: "cash", lines: [{ productId: product.id, qty: 1 }] },
        startAt,
      );
    const results = await Promise.all([sell(), sell()]);
    expect(results.map((r) => r.oversold).sort()).toEqual([false, true]);
    expect(onHand(ctx, product.id)).toBe(-1);
    expect(listSales(ctx).items).toHaveLength(2);
    expect(listSales(ctx).items.filter((s) => s.oversold)).toHaveLength(1);
    // The shortfall shows where the shopkeeper looks for stock to count or reorder.
    expect(listProducts(ctx, { filter: "low" }).items.map((p) => [p.id, p.onHand])).toEqual([[product.id, -1]]);
    expectLedgersHold();
  });
});

describe("voids and returns", () => {
  it("voids a sale: stock back into the lots it came from, the sale kept and marked void", async () => {
    const { ctx } = await makeStore(testDb.db);
    const milk = makeProduct(ctx);
    receive(ctx, milk.id, 2, "EARLY", "2027-01-01");
    receive(ctx, milk.id, 5, "LATE", "2027-06-01");
    const saleId = newId();
    recordSale(ctx, { saleId, tender: "alipay", lines: [{ productId: milk.id, qty: 4 }] });
    expect(getProductDetail(ctx, milk.id).lots.map((l) => [l.batchNo, l.onHand])).toEqual([["LATE", 3]]);
    const requestId = newId();
    const voided = voidSale(ctx, saleId, { requestId, reason: "收错了" });
    expect(voided.refundFen).toBe(4 * milk.priceFen);
    expect(voidSale(ctx, saleId, { requestId, reason: null })).toEqual(voided);
    expect(getProductDetail(ctx, milk.id).lots.map((l) => [l.batchNo, l.onHand])).toEqual([
      ["EARLY", 2],
      ["LATE", 5],
    ]);
    expect(getSale(ctx, saleId).sale).toMatchObject({ status: "voided", netFen: 0 });
    expect(() => voidSale(ctx, saleId, { requestId: newId(), reason: null })).toThrow(
      expect.objectContaining({ key: "sale.alreadyVoided", status: 409 }),
    );
    expect(() =>
      returnSaleLines(ctx, saleId, {
        requestId: newId(),
        reason: null,
        lines: [{ lineId: getSale(ctx, saleId).lines[0].id, qty: 1 }],
      }),
    ).toThrow(expect.objectContaining({ status: 409 }));
    expect(listSales(ctx).summary.totalFen).toBe(0);
    expectLedgersHold();
  });

  it("returns part of a line, never more than sold less returned, and a later void takes only the rest", async () => {
    const { ctx } = await makeStore(testDb.db);
    const a = makeProduct(ctx, { priceFen: 300 });
    const b = makeProduct(ctx, { priceFen: 1000 });
    receive(ctx, a.id, 10);
    receive(ctx, b.id, 1);
    const saleId = newId();
    // b is oversold by 1: the unnamed lot goes to -1 and a return first cancels that.
    recordSale(ctx, {
      saleId,
      tender: "cash",
      lines: [
        { productId: a.id, qty: 3 },
        { productId: b.id, qty: 2 },
      ],
    });
    expect(onHand(ctx, b.id)).toBe(-1);
    const [lineA, lineB] = getSale(ctx, saleId).lines;
    const ret = returnSaleLines(ctx, saleId, {
      requestId: newId(),
      reason: null,
      lines: [
        { lineId: lineA.id, qty: 2 },
        { lineId: lineB.id, qty: 1 },
      ],
    });
    expect(ret.refundFen).toBe(2 * 300 + 1000);
    expect(onHand(ctx, a.id)).toBe(9);
    expect(onHand(ctx, b.id)).toBe(0);
    expect(() =>
      returnSaleLines(ctx, saleId, { requestId: newId(), reason: null, lines: [{ lineId: lineA.id, qty: 2 }] }),
    ).toThrow(expect.objectContaining({ key: "sale.returnTooMany", params: { max: 1 }, status: 400 }));
    const detail = getSale(ctx, saleId);
    expect(detail.lines.map((l) => l.returnedQty)).toEqual([2, 1]);
    expect(detail.sale.netFen).toBe(300 + 1000);
    voidSale(ctx, saleId, { requestId: newId(), reason: null });
    expect(onHand(ctx, a.id)).toBe(10);
    expect(onHand(ctx, b.id)).toBe(1);
    expect(getSale(ctx, saleId).reversals.map((r) => [r.kind, r.refundFen])).toEqual([
      ["return", 1600],
      ["void", 1300],
    ]);
    expectLedgersHold();
  });

  it("lets a clerk void only their own sale within 15 minutes, and only the owner take returns", async () => {
    const { ctx: owner, org } = await makeStore(testDb.db);
    const clerkUser = await makeUser(testDb.db);
    addMember(testDb.db, org.id, clerkUser.id, "clerk");
    const clerk: Ctx = {
      ...owner,
      actor: { kind: "person", id: clerkUser.id, name: clerkUser.name, phone: clerkUser.phone },
      role: "clerk",
    };
    const product = makeProduct(owner);
    receive(owner, product.id, 10);
    const byOwner = newId();
    const byClerk = newId();
    recordSale(owner, { saleId: byOwner, tender: "cash", lines: [{ productId: product.id, qty: 1 }] });
    recordSale(clerk, { saleId: byClerk, tender: "cash", lines: [{ productId: product.id, qty: 1 }] });
    expect(() => voidSale(clerk, byOwner, { requestId: newId(), reason: null })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    const lineId = getSale(clerk, byClerk).lines[0].id;
    expect(() =>
      returnSaleLines(clerk, byClerk, { requestId: newId(), reason: null, lines: [{ lineId, qty: 1 }] }),
    ).toThrow(expect.objectContaining({ status: 403 }));
    voidSale(clerk, byClerk, { requestId: newId(), reason: null });
    expect(onHand(owner, product.id)).toBe(9);
    expectLedgersHold();
  });

  it("keeps another store's sale out of reach", async () => {
    const { ctx } = await makeStore(testDb.db);
    const product = makeProduct(ctx);
    const saleId = newId();
    recordSale(ctx, { saleId, tender: "cash", lines: [{ productId: product.id, qty: 1 }] });
    const other = await makeStore(testDb.db);
    expect(() => getSale(other.ctx, saleId)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => voidSale(other.ctx, saleId, { requestId: newId(), reason: null })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(getSale(ctx, saleId).sale.status).toBe("completed");
  });
});
