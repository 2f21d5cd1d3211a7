import { asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { products, stockMovements } from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { exportStockCsv } from "~/domain/inventory/export-stock.server";
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, importProducts } from "~/domain/inventory/import-products.server";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";
import { ledgerViolations } from "../support/ledger";

const testDb = createTestDb();
afterAll(() => testDb.close());

const HEADER = "名称,条码,分类,基本单位,整件单位,每件数量,售价,进价,补货线,库存";
const NOODLES = "6920000000012";
const WATER = "6902083881405";

const utf8 = (...lines: string[]) => new TextEncoder().encode(`\ufeff${lines.join("\r\n")}\r\n`);
const run = (ctx: Ctx, bytes: Uint8Array, requestId = newId()) => importProducts(ctx, { requestId, bytes });

function productsOf(ctx: Ctx) {
  return testDb.db.select().from(products).where(eq(products.orgId, ctx.org.id)).orderBy(asc(products.name)).all();
}
function movementsOf(ctx: Ctx) {
  return testDb.db.select().from(stockMovements).where(eq(stockMovements.orgId, ctx.org.id)).all();
}
function domainError(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { key: error.key, params: error.params };
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("product CSV import", () => {
  it("creates products with pinyin, fen prices and opening stock booked as a count", async () => {
    const { ctx } = await makeStore(testDb.db);
    const result = run(
      ctx,
      utf8(
        HEADER,
        `康师傅红烧牛肉面 105g,${NOODLES},方便食品,袋,箱,24,4.50,3.5,10,48`,
        "散装白砂糖,,调味品,斤,,,¥5,,,",
      ),
    );
    expect(result).toEqual({ created: 2, updated: 0, errors: [] });
    const [noodles, sugar] = productsOf(ctx);
    expect(noodles).toMatchObject({
      barcode: NOODLES,
      priceFen: 450,
      costFen: 350,
      packSize: 24,
      reorderPoint: 10,
      onHand: 48,
    });
    expect(noodles.pinyin).toContain("ksfhsnrm");
    expect(sugar).toMatchObject({ barcode: null, priceFen: 500, costFen: 0, packSize: 1, packUnit: null, onHand: 0 });
    expect(movementsOf(ctx)).toEqual([
      expect.objectContaining({ kind: "count", qty: 48, unitCostFen: 350, refType: "import" }),
    ]);
    expect(ledgerViolations(testDb.db)).toEqual([]);
  });

  it("reports every bad row with its column and writes nothing", async () => {
    const { ctx } = await makeStore(testDb.db);
    const result = run(
      ctx,
      utf8(
        `${HEADER},备注`,
        `好的一行,${NOODLES},饮料,瓶,,,2.00,,,5,`,
        "校验位错,6920000000013,饮料,瓶,,,2.00,,,,",
        "负价格,,饮料,瓶,,,-2.00,,,,",
        "件数不是数,,饮料,瓶,箱,十二,2.00,,,,",
        ",,饮料,瓶,,,2.00,,,,",
        `${"长".repeat(61)},,饮料,瓶,,,2.00,,,,`,
        `重复条码,${NOODLES},饮料,瓶,,,2.00,,,,`,
        "科学计数,6.92E+12,饮料,瓶,,,2.00,,,,",
      ),
    );
    expect(result.created + result.updated).toBe(0);
    expect(result.errors.map(({ row, field, key }) => [row, field, key])).toEqual([
      [1, null, "import.unknownHeader"],
      [3, "barcode", "product.barcodeInvalid"],
      [4, "priceFen", "validation.nonNegative"],
      [5, "packSize", "validation.integer"],
      [6, "name", "validation.required"],
      [7, "name", "validation.tooLong"],
      [8, "barcode", "import.duplicateInFile"],
      [9, "barcode", "import.barcodeScientific"],
    ]);
    expect(result.errors[0].params).toEqual({ columns: "备注" });
    expect(result.errors[5].params).toEqual({ max: 60 });
    expect(result.errors[6].params).toEqual({ row: 2 });
    expect(productsOf(ctx)).toEqual([]);
    expect(movementsOf(ctx)).toEqual([]);
  });

  it("names the missing required columns instead of failing every row", async () => {
    const { ctx } = await makeStore(testDb.db);
    const result = run(ctx, utf8("名称,条码", "可乐,"));
    expect(result.errors).toEqual([
      { row: 1, field: null, key: "import.badHeader", params: { columns: "基本单位、售价" } },
    ]);
  });

  it("reads a GBK file as Excel on Chinese Windows saves it", async () => {
    const { ctx } = await makeStore(testDb.db);
    // "名称,条码,分类,基本单位,售价,库存\r\n娃哈哈纯净水,6902083881405,饮料,瓶,2.00,24\r\n" in GB18030.
    const gbk = Buffer.from(
      "c3fbb3c62cccf5c2eb2cb7d6c0e02cbbf9b1beb5a5cebb2ccadbbcdb2cbfe2b4e60d0acddeb9feb9feb4bfbebbcbae2c" +
        "363930323038333838313430352cd2fbc1cf2cc6bf2c322e30302c32340d0a",
      "hex",
    );
    expect(run(ctx, gbk).errors).toEqual([]);
    expect(productsOf(ctx)).toEqual([
      expect.objectContaining({ name: "娃哈哈纯净水", barcode: WATER, category: "饮料", onHand: 24 }),
    ]);
  });

  it("accepts English headers", async () => {
    const { ctx } = await makeStore(testDb.db);
    const result = run(ctx, utf8("name,Barcode,base unit,price,stock", `Cola,${WATER},can,3.00,6`));
    expect(result).toEqual({ created: 1, updated: 0, errors: [] });
    expect(productsOf(ctx)[0]).toMatchObject({ name: "Cola", baseUnit: "can", priceFen: 300, onHand: 6 });
  });

  it("updates on re-import (by barcode, or by name without one) instead of duplicating", async () => {
    const { ctx } = await makeStore(testDb.db);
    run(ctx, utf8(HEADER, `方便面,${NOODLES},方便食品,袋,箱,24,4.50,3.50,10,48`, "白砂糖,,调味品,斤,,,5.00,3.80,,20"));
    const again = run(ctx, utf8(HEADER, `红烧牛肉面,${NOODLES},,袋,,,5.00,9.99,,30`, "白砂糖,,,斤,,,5.50,,,"));
    expect(again).toEqual({ created: 0, updated: 2, errors: [] });
    const [sugar, noodles] = productsOf(ctx);
    // Blank cells keep what was there; the average cost is not overwritten by a re-import.
    expect(noodles).toMatchObject({
      name: "红烧牛肉面",
      category: "方便食品",
      packSize: 24,
      priceFen: 500,
      costFen: 350,
      onHand: 30,
    });
    expect(noodles.pinyin).toContain("hsnrm");
    expect(sugar).toMatchObject({ priceFen: 550, onHand: 20 });
    expect(
      movementsOf(ctx)
        .map((m) => m.qty)
        .sort(),
    ).toEqual([-18, 20, 48]);
    expect(ledgerViolations(testDb.db)).toEqual([]);
  });

  it("gives a retried request the first answer without booking stock twice", async () => {
    const { ctx } = await makeStore(testDb.db);
    const file = utf8(HEADER, `方便面,${NOODLES},方便食品,袋,箱,24,4.50,3.50,10,48`);
    const requestId = newId();
    const first = run(ctx, file, requestId);
    expect(run(ctx, file, requestId)).toEqual(first);
    expect(productsOf(ctx)).toEqual([expect.objectContaining({ onHand: 48 })]);
    expect(movementsOf(ctx)).toHaveLength(1);
  });

  it("never matches or changes another store's products", async () => {
    const { ctx } = await makeStore(testDb.db);
    const { ctx: other } = await makeStore(testDb.db);
    makeProduct(other, { name: "白砂糖", barcode: null, priceFen: 400 });
    makeProduct(other, { name: "方便面", barcode: NOODLES, priceFen: 400 });
    const result = run(ctx, utf8(HEADER, `方便面,${NOODLES},,袋,,,4.50,,,5`, "白砂糖,,,斤,,,5.00,,,"));
    expect(result).toEqual({ created: 2, updated: 0, errors: [] });
    expect(productsOf(other).map((p) => [p.name, p.priceFen, p.onHand])).toEqual([
      ["方便面", 400, 0],
      ["白砂糖", 400, 0],
    ]);
  });

  it("refuses a name shared by several products, and two rows for one product", async () => {
    const { ctx } = await makeStore(testDb.db);
    makeProduct(ctx, { name: "散装瓜子", barcode: null });
    makeProduct(ctx, { name: "散装瓜子", barcode: null });
    const noodles = makeProduct(ctx, { name: "方便面", barcode: NOODLES });
    const result = run(
      ctx,
      utf8(HEADER, "散装瓜子,,,斤,,,9.00,,,", `泡面,${NOODLES},,袋,,,4.50,,,`, "方便面,,,袋,,,4.50,,,"),
    );
    expect(result.errors).toEqual([
      { row: 2, field: "name", key: "import.ambiguousName", params: { count: 2 } },
      { row: 4, field: "name", key: "import.sameProduct", params: { row: 3 } },
    ]);
    expect(productsOf(ctx).find((p) => p.id === noodles.id)?.name).toBe("方便面");
  });

  it("refuses files that are empty, too big, too long, unreadable or not CSV", async () => {
    const { ctx } = await makeStore(testDb.db);
    expect(domainError(() => run(ctx, new Uint8Array()))).toMatchObject({ key: "import.noFile" });
    expect(domainError(() => run(ctx, utf8(HEADER, ",,,")))).toMatchObject({ key: "import.empty" });
    expect(domainError(() => run(ctx, new Uint8Array(IMPORT_MAX_BYTES + 1)))).toMatchObject({ key: "import.tooLarge" });
    const rows = Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `商品${i},,,个,,,1.00,,,`);
    expect(domainError(() => run(ctx, utf8(HEADER, ...rows)))).toMatchObject({
      key: "import.tooManyRows",
      params: { count: IMPORT_MAX_ROWS + 1 },
    });
    expect(domainError(() => run(ctx, utf8(HEADER, "好,,,个,,,1.00,,,", '"坏,,,个,,,1.00,,,')))).toMatchObject({
      key: "import.unreadable",
      params: { row: 3 },
    });
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(domainError(() => run(ctx, xlsx))).toMatchObject({ key: "import.notCsv" });
    expect(productsOf(ctx)).toEqual([]);
  });

  it("round-trips its own export, formula-looking names and barcodes included", async () => {
    const { ctx } = await makeStore(testDb.db);
    run(ctx, utf8(HEADER, `"=1+1 饮料",${NOODLES},饮料,瓶,箱,12,3.00,2.00,5,7`, "-散装-,,,斤,,,1.00,,,"));
    const csv = exportStockCsv(ctx);
    expect(csv).toContain(`'=1+1 饮料,"=""${NOODLES}"""`);
    const again = run(ctx, new TextEncoder().encode(csv));
    expect(again).toEqual({ created: 0, updated: 2, errors: [] });
    expect(productsOf(ctx).map((p) => p.name)).toEqual(["-散装-", "=1+1 饮料"]);
    expect(movementsOf(ctx)).toHaveLength(1);
  });
});
