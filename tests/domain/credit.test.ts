import { afterAll, describe, expect, it } from "vitest";
import { makeProduct, makeStore } from "../support/factories";
import { createTestDb } from "../support/db";
import { ledgerViolations } from "../support/ledger";
import { creditViolations, saleStockViolations } from "../support/sales";
import { creditBook } from "~/domain/credit/balances.server";
import { createCustomer } from "~/domain/credit/customers.server";
import { getCustomer } from "~/domain/credit/get-customer.server";
import { recordRepayment } from "~/domain/credit/record-repayment.server";
import { newId } from "~/domain/ids.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { getSale } from "~/domain/sales/get-sale.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { returnSaleLines } from "~/domain/sales/return-sale-lines.server";
import { voidSale } from "~/domain/sales/void-sale.server";
import { at } from "../support/clock";

const testDb = createTestDb();
afterAll(() => testDb.close());

function expectBooksHold() {
  expect(ledgerViolations(testDb.db)).toEqual([]);
  expect(saleStockViolations(testDb.db)).toEqual([]);
  expect(creditViolations(testDb.db)).toEqual([]);
}

async function storeWithStock() {
  const store = await makeStore(testDb.db);
  const product = makeProduct(store.ctx, { priceFen: 500 });
  receiveStock(store.ctx, product.id, {
    requestId: newId(),
    qty: 50,
    unit: "base",
    costFen: 300,
    batchNo: "",
    expiryDate: "",
  });
  return { ...store, product };
}

describe("the credit book", () => {
  it("puts a credit sale on the account and takes a repayment off it", async () => {
    const { ctx, product } = await storeWithStock();
    const { customerId } = createCustomer(ctx, { requestId: newId(), name: "王婶", phone: null });
    const saleId = newId();
    recordSale(ctx, { saleId, tender: "credit", customerId, lines: [{ productId: product.id, qty: 4 }] });
    expect(getCustomer(ctx, customerId).balanceFen).toBe(2000);
    expect(getSale(ctx, saleId).sale).toMatchObject({ customerName: "王婶", cashReceivedFen: null, changeFen: null });
    const requestId = newId();
    const repaid = recordRepayment(ctx, customerId, { requestId, amount: 1500, tender: "wechat", note: null });
    expect(repaid.balanceFen).toBe(500);
    expect(recordRepayment(ctx, customerId, { requestId, amount: 1500, tender: "wechat", note: null })).toEqual(repaid);
    expect(getCustomer(ctx, customerId).entries.map((e) => [e.kind, e.amountFen])).toEqual([
      ["repayment", -1500],
      ["sale", 2000],
    ]);
    expect(() =>
      recordRepayment(ctx, customerId, { requestId: newId(), amount: 501, tender: "cash", note: null }),
    ).toThrow(expect.objectContaining({ key: "credit.repayTooMuch", status: 400 }));
    expect(getCustomer(ctx, customerId).balanceFen).toBe(500);
    expectBooksHold();
  });

  it("opens an account for a name typed at the counter, and reuses it next time", async () => {
    const { ctx, product } = await storeWithStock();
    recordSale(ctx, {
      saleId: newId(),
      tender: "credit",
      customerName: " 李大爷 ",
      lines: [{ productId: product.id, qty: 1 }],
    });
    recordSale(ctx, {
      saleId: newId(),
      tender: "credit",
      customerName: "李大爷",
      lines: [{ productId: product.id, qty: 2 }],
    });
    const book = creditBook(ctx);
    expect(book.owing.map((r) => [r.name, r.balanceFen])).toEqual([["李大爷", 1500]]);
    expectBooksHold();
  });

  it("takes a void or a partial return of a credit sale off the account", async () => {
    const { ctx, product } = await storeWithStock();
    const { customerId } = createCustomer(ctx, { requestId: newId(), name: "张三", phone: "13912345678" });
    const first = newId();
    const second = newId();
    recordSale(ctx, { saleId: first, tender: "credit", customerId, lines: [{ productId: product.id, qty: 3 }] });
    recordSale(ctx, { saleId: second, tender: "credit", customerId, lines: [{ productId: product.id, qty: 2 }] });
    expect(getCustomer(ctx, customerId).balanceFen).toBe(2500);
    const lineId = getSale(ctx, first).lines[0].id;
    returnSaleLines(ctx, first, { requestId: newId(), reason: null, lines: [{ lineId, qty: 1 }] });
    expect(getCustomer(ctx, customerId).balanceFen).toBe(2000);
    voidSale(ctx, second, { requestId: newId(), reason: null });
    expect(getCustomer(ctx, customerId).balanceFen).toBe(1000);
    expect(getCustomer(ctx, customerId).entries.map((e) => e.kind)).toEqual(["void", "return", "sale", "sale"]);
    expectBooksHold();
  });

  it("lists who owes what, the longest-owed first, repayments settling the oldest debt", async () => {
    const { ctx, product } = await storeWithStock();
    const DAY = 86_400_000;
    const now = ctx.clock.now();
    const customer = (name: string) => createCustomer(ctx, { requestId: newId(), name, phone: null }).customerId;
    const [old, recent, settled] = [customer("老刘"), customer("小陈"), customer("赵姐")];
    const sell = (customerId: string, qty: number, daysAgo: number) => {
      const saleId = newId();
      recordSale(at(ctx, now - daysAgo * DAY), {
        saleId,
        tender: "credit",
        customerId,
        lines: [{ productId: product.id, qty }],
      });
    };
    sell(recent, 1, 10);
    sell(old, 2, 20);
    sell(old, 2, 5);
    sell(settled, 1, 30);
    // 老刘 paid for the first sale (20 days ago): he has owed only since 5 days ago; 小陈 since 10.
    recordRepayment(ctx, old, { requestId: newId(), amount: 1000, tender: "cash", note: null });
    recordRepayment(ctx, settled, { requestId: newId(), amount: 500, tender: "cash", note: null });
    const book = creditBook(ctx);
    expect(book.owing.map((r) => [r.name, r.balanceFen])).toEqual([
      ["小陈", 500],
      ["老刘", 1000],
    ]);
    expect(book.owing[1].owingSince).toBe(now - 5 * DAY);
    expect(book.settled.map((r) => r.name)).toEqual(["赵姐"]);
    expect(book.totalOwedFen).toBe(1500);
    const other = await makeStore(testDb.db);
    expect(creditBook(other.ctx).owing).toEqual([]);
    expect(() => getCustomer(other.ctx, old)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() =>
      recordRepayment(other.ctx, old, { requestId: newId(), amount: 100, tender: "cash", note: null }),
    ).toThrow(expect.objectContaining({ status: 404 }));
    expectBooksHold();
  });
});
