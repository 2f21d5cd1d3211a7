import { afterAll, describe, expect, it } from "vitest";
import { createTestDb } from "../support/db";
import { at, PINNED_NOW, shanghai } from "../support/clock";
import { makeProduct, makeStore } from "../support/factories";
import type { Ctx } from "~/domain/context.server";
import { DAY_MS } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { getSale } from "~/domain/sales/get-sale.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { returnSaleLines } from "~/domain/sales/return-sale-lines.server";
import { sellScreen, topSellers } from "~/domain/sales/sell-screen.server";
import { voidSale } from "~/domain/sales/void-sale.server";
import { updateProduct } from "~/domain/inventory/save-product.server";
import { sellInAnotherProcess } from "../support/sales";

const testDb = createTestDb();
afterAll(() => testDb.close());

function sell(ctx: Ctx, lines: { productId: string; qty: number }[]) {
  const saleId = newId();
  recordSale(ctx, { saleId, tender: "cash", lines });
  return saleId;
}

const names = (ctx: Ctx, limit?: number) => topSellers(ctx, limit).map((p) => p.name);

describe("the sell page's top sellers (from the sales_daily rollup)", () => {
  it("ranks by units sold in the last 30 Shanghai days, ties by pinyin, topped up alphabetically", async () => {
    const { ctx } = await makeStore(testDb.db);
    const apple = makeProduct(ctx, { name: "苹果" });
    const beer = makeProduct(ctx, { name: "啤酒" });
    const cola = makeProduct(ctx, { name: "可乐" });
    const eggs = makeProduct(ctx, { name: "鸡蛋" });
    makeProduct(ctx, { name: "大米" });
    sell(ctx, [{ productId: beer.id, qty: 3 }]);
    sell(ctx, [{ productId: cola.id, qty: 3 }]);
    // 29 days back is still inside the window; 30 days back (day 31) is not.
    sell(at(ctx, shanghai("2026-10-27T08:00")), [{ productId: apple.id, qty: 2 }]);
    sell(at(ctx, shanghai("2026-10-26T23:30")), [{ productId: eggs.id, qty: 50 }]);
    expect(names(ctx, 3)).toEqual(["可乐", "啤酒", "苹果"]);
    // A store's grid always has `limit` items: the rest alphabetically by pinyin.
    expect(names(ctx, 5)).toEqual(["可乐", "啤酒", "苹果", "大米", "鸡蛋"]);
  });

  it("counts net of returns, leaves voided sales and inactive products out", async () => {
    const { ctx } = await makeStore(testDb.db);
    const a = makeProduct(ctx, { name: "AA" });
    const b = makeProduct(ctx, { name: "BB" });
    const c = makeProduct(ctx, { name: "CC" });
    const d = makeProduct(ctx, { name: "DD" });
    const big = sell(ctx, [{ productId: a.id, qty: 5 }]);
    sell(ctx, [{ productId: b.id, qty: 3 }]);
    const voided = sell(ctx, [{ productId: c.id, qty: 9 }]);
    sell(ctx, [{ productId: d.id, qty: 2 }]);
    expect(names(ctx, 4)).toEqual(["CC", "AA", "BB", "DD"]);
    voidSale(ctx, voided, { requestId: newId(), reason: null });
    const lineId = getSale(ctx, big).lines[0].id;
    returnSaleLines(ctx, big, { requestId: newId(), reason: null, lines: [{ lineId, qty: 4 }] });
    expect(names(ctx, 2)).toEqual(["BB", "DD"]);
    updateProduct(ctx, b.id, { ...b, active: false });
    expect(names(ctx, 2)).toEqual(["DD", "AA"]);
  });

  it("never shows another store's products or figures", async () => {
    const mine = await makeStore(testDb.db);
    const theirs = await makeStore(testDb.db);
    const own = makeProduct(mine.ctx, { name: "自家的面" });
    const other = makeProduct(theirs.ctx, { name: "别家的面" });
    sell(theirs.ctx, [{ productId: other.id, qty: 40 }]);
    sell(mine.ctx, [{ productId: own.id, qty: 1 }]);
    const screen = sellScreen(mine.ctx, new URLSearchParams());
    expect(screen.items.map((p) => p.name)).toEqual(["自家的面"]);
    expect(screen.grid).toEqual([own.id]);
  });

  it("reads the same ranking as grouping the sale lines of the window would", async () => {
    const { ctx } = await makeStore(testDb.db);
    const products = Array.from({ length: 8 }, (_, i) => makeProduct(ctx, { name: `商品${i}` }));
    for (let day = 0; day < 35; day++)
      for (let i = 0; i < products.length; i++)
        if ((day * 7 + i * 3) % 5 < 2)
          sell(at(ctx, PINNED_NOW - day * DAY_MS), [{ productId: products[i].id, qty: 1 + ((day + i) % 4) }]);
    const from = shanghai("2026-10-27T00:00");
    const expected = ctx.db.$client
      .prepare(
        `SELECT p.name, sum(l.qty - l.returned_qty) AS n FROM sale_lines l JOIN sales s ON s.id = l.sale_id
         JOIN products p ON p.id = l.product_id
         WHERE s.org_id = ? AND s.status = 'completed' AND s.created_at >= ? GROUP BY p.id ORDER BY n DESC, p.pinyin`,
      )
      .all(ctx.org.id, from) as { name: string }[];
    expect(names(ctx, 8)).toEqual(expected.map((r) => r.name));
  });

  it("sees sales recorded by another process (the ranking is kept only until the rollup changes)", async () => {
    const { ctx } = await makeStore(testDb.db);
    const tea = makeProduct(ctx, { name: "茶叶" });
    const salt = makeProduct(ctx, { name: "食盐" });
    sell(ctx, [{ productId: tea.id, qty: 2 }]);
    expect(names(ctx, 1)).toEqual(["茶叶"]);
    // Another connection's commit: this process wrote nothing, SQLite's data_version moved.
    await sellInAnotherProcess(
      testDb.file,
      ctx,
      { saleId: newId(), tender: "cash", lines: [{ productId: salt.id, qty: 5 }] },
      Date.now(),
    );
    expect(names(ctx, 1)).toEqual(["食盐"]);
    // Price and stock are read fresh, not kept with the ranking.
    updateProduct(ctx, salt.id, { ...salt, priceFen: 999 });
    expect(topSellers(ctx, 1)[0]).toMatchObject({ name: "食盐", priceFen: 999, onHand: -5 });
  });
});
