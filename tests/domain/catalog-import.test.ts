import ExcelJS from "exceljs";
import { asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { catalogItems, products, stockMovements } from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { catalogTemplateCsv, exportCatalogCsv, exportCatalogXlsx } from "~/domain/distribution/export-catalog.server";
import { CATALOG_IMPORT_MAX_ROWS, importCatalog } from "~/domain/distribution/import-catalog.server";
import { getCatalogItem } from "~/domain/distribution/list-catalog.server";
import { receiveWarehouseStock } from "~/domain/inventory/receive-stock.server";
import { createTestDb } from "../support/db";
import { makeDistributor, makeSku } from "../support/distribution";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const HEADER = "名称,条码,分类,基本单位,整件单位,每件数量,整件价（元）,起订件数,货位,补货线（件）,在售";
const NOODLES = "6920152400777";
const WATER = "6921168509256";

const utf8 = (...lines: string[]) => new TextEncoder().encode(`\ufeff${lines.join("\r\n")}\r\n`);
const run = (ctx: Ctx, bytes: Uint8Array, requestId = newId()) => importCatalog(ctx, { requestId, bytes });

async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("目录");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const skusOf = (ctx: Ctx) =>
  db
    .select({
      name: products.name,
      barcode: products.barcode,
      packSize: products.packSize,
      casePriceFen: catalogItems.casePriceFen,
      minOrderPacks: catalogItems.minOrderPacks,
      shelf: catalogItems.shelfLocation,
      active: products.active,
    })
    .from(catalogItems)
    .innerJoin(products, eq(products.id, catalogItems.productId))
    .where(eq(catalogItems.orgId, ctx.org.id))
    .orderBy(asc(products.name))
    .all();

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { key: error.key, params: error.params };
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("catalog import", () => {
  it("imports a UTF-8 CSV: SKUs with case prices in fen, defaults for blank cells, no stock", async () => {
    const { ctx } = await makeDistributor(db);
    const result = await run(
      ctx,
      utf8(
        HEADER,
        `康师傅红烧牛肉面 105g,${NOODLES},方便食品,袋,箱,24,86,1,A-01-02,5,是`,
        `农夫山泉 550ml,="${WATER}",,瓶,,24,¥30.50,,,,`,
      ),
    );
    expect(result).toEqual({ created: 2, updated: 0, errors: [] });
    expect(skusOf(ctx)).toEqual([
      {
        name: "农夫山泉 550ml",
        barcode: WATER,
        packSize: 24,
        casePriceFen: 3050,
        minOrderPacks: 1,
        shelf: "",
        active: true,
      },
      {
        name: "康师傅红烧牛肉面 105g",
        barcode: NOODLES,
        packSize: 24,
        casePriceFen: 8600,
        minOrderPacks: 1,
        shelf: "A-01-02",
        active: true,
      },
    ]);
    expect(db.select().from(stockMovements).where(eq(stockMovements.orgId, ctx.org.id)).all()).toEqual([]);
  });

  it("reads GB18030 CSV from Chinese Excel, and the template", async () => {
    const { ctx } = await makeDistributor(db);
    expect(await run(ctx, new TextEncoder().encode(catalogTemplateCsv()))).toMatchObject({ created: 2 });
    const { ctx: other } = await makeDistributor(db);
    // "名称,条码,基本单位,每件数量,整件价\r\n娃哈哈纯净水,<WATER>,瓶,24,30\r\n" in GB18030.
    const gbk = Buffer.from(
      "c3fbb3c62cccf5c2eb2cbbf9b1beb5a5cebb2cc3bfbcfecafdc1bf2cd5fbbcfebcdb0d0acddeb9feb9feb4bfbebbcbae2c" +
        Buffer.from(`${WATER},`).toString("hex") +
        "c6bf2c32342c33300d0a",
      "hex",
    );
    expect(new TextDecoder("gb18030").decode(gbk)).toBe(
      `名称,条码,基本单位,每件数量,整件价\r\n娃哈哈纯净水,${WATER},瓶,24,30\r\n`,
    );
    expect(await run(other, new Uint8Array(gbk))).toMatchObject({ created: 1, errors: [] });
    expect(skusOf(other)[0]).toMatchObject({ name: "娃哈哈纯净水", casePriceFen: 3000, packSize: 24 });
  });

  it("reports every bad row and column and writes nothing", async () => {
    const { ctx } = await makeDistributor(db);
    const before = makeSku(ctx, { barcode: WATER, casePriceFen: 3000 });
    const result = await run(
      ctx,
      utf8(
        HEADER,
        `好商品,${NOODLES},,袋,箱,24,86,,,,`,
        `坏条码,6920152400778,,袋,箱,24,86,,,,`,
        `坏价格,6902083881405,,袋,箱,24,-3,,,,`,
        `坏件数,6901028075862,,袋,箱,0,10,,,,`,
        `科学计数,6.92015E+12,,袋,箱,24,10,,,,`,
        `重复,${NOODLES},,袋,箱,24,86,,,,`,
        `坏在售,6901028075862,,袋,箱,24,86,,,,也许`,
        `水改价,${WATER},,瓶,箱,24,31,,,,`,
      ),
    );
    expect(result.created + result.updated).toBe(0);
    expect(result.errors.map((e) => [e.row, e.field, e.key])).toEqual([
      [3, "barcode", "product.barcodeInvalid"],
      [4, "casePriceFen", "validation.nonNegative"],
      [5, "packSize", "validation.positive"],
      [6, "barcode", "import.barcodeScientific"],
      [7, "barcode", "import.duplicateInFile"],
      [8, "active", "catalogImport.activeInvalid"],
    ]);
    expect(skusOf(ctx)).toHaveLength(1);
    expect(getCatalogItem(ctx, before.id).casePriceFen).toBe(3000);
  });

  it("names a missing required column in the header", async () => {
    const { ctx } = await makeDistributor(db);
    const result = await run(ctx, utf8("名称,基本单位,备注", `白糖,斤,x`));
    expect(result.errors).toEqual([
      { row: 1, field: null, key: "import.unknownHeader", params: { columns: "备注" } },
      { row: 1, field: null, key: "import.badHeader", params: { columns: "条码、每件数量、整件价" } },
    ]);
  });

  it("imports XLSX with numeric barcodes and prices, updates by barcode keeping blank cells, once per request id", async () => {
    const { ctx } = await makeDistributor(db);
    const existing = makeSku(ctx, { barcode: WATER, shelfLocation: "B-01", minOrderPacks: 3 });
    receiveWarehouseStock(ctx, existing.id, {
      requestId: newId(),
      qty: 2,
      unit: "pack",
      costFen: undefined,
      batchNo: "",
      expiryDate: "",
    });
    const file = await xlsx([
      ["名称", "条码", "基本单位", "每件数量", "整件价", "货位"],
      ["康师傅红烧牛肉面", Number(NOODLES), "袋", 24, 86.5, "A-1"],
      ["农夫山泉", Number(WATER), "瓶", 24, 0.1 + 0.2 + 29.7, null],
    ]);
    const requestId = newId();
    expect(await run(ctx, file, requestId)).toEqual({ created: 1, updated: 1, errors: [] });
    expect(await run(ctx, file, requestId)).toEqual({ created: 1, updated: 1, errors: [] });
    expect(skusOf(ctx)).toEqual([
      {
        name: "农夫山泉",
        barcode: WATER,
        packSize: 24,
        casePriceFen: 3000,
        minOrderPacks: 3,
        shelf: "B-01",
        active: true,
      },
      {
        name: "康师傅红烧牛肉面",
        barcode: NOODLES,
        packSize: 24,
        casePriceFen: 8650,
        minOrderPacks: 1,
        shelf: "A-1",
        active: true,
      },
    ]);
    expect(getCatalogItem(ctx, existing.id).onHand).toBe(48);
  });

  it("reports bad XLSX rows by Excel row number", async () => {
    const { ctx } = await makeDistributor(db);
    const file = await xlsx([
      ["名称", "条码", "基本单位", "每件数量", "整件价"],
      ["好", Number(NOODLES), "袋", 24, 86],
      [null, null, null, null, null],
      ["坏", "123", "袋", 2.5, "abc"],
    ]);
    const result = await run(ctx, file);
    expect(result.errors.map((e) => [e.row, e.field, e.key])).toEqual([
      [4, "barcode", "product.barcodeInvalid"],
      [4, "packSize", "validation.integer"],
      [4, "casePriceFen", "validation.money"],
    ]);
    expect(skusOf(ctx)).toEqual([]);
  });

  it("refuses an empty file, a broken xlsx, too many rows", async () => {
    const { ctx } = await makeDistributor(db);
    expect(await rejection(run(ctx, new Uint8Array()))).toMatchObject({ key: "import.noFile" });
    expect(await rejection(run(ctx, utf8(HEADER)))).toMatchObject({ key: "import.empty" });
    expect(await rejection(run(ctx, new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])))).toMatchObject({
      key: "catalogImport.badXlsx",
    });
    const many = Array.from({ length: CATALOG_IMPORT_MAX_ROWS + 1 }, () => `x,${NOODLES},袋,1,1`);
    expect(await rejection(run(ctx, utf8("名称,条码,基本单位,每件数量,整件价", ...many)))).toMatchObject({
      key: "import.tooManyRows",
    });
    expect(skusOf(ctx)).toEqual([]);
  });
});

describe("catalog export", () => {
  it("CSV with a BOM and Chinese headers, and XLSX, both import back unchanged", async () => {
    const { ctx } = await makeDistributor(db);
    const { ctx: other } = await makeDistributor(db);
    makeSku(ctx, { name: "=危险名字", barcode: NOODLES, casePriceFen: 8650, active: false });
    makeSku(other, { name: "别家" });
    const csv = exportCatalogCsv(ctx);
    expect(csv.startsWith("\ufeff名称,条码,分类,基本单位,整件单位,每件数量,整件价（元）")).toBe(true);
    expect(csv).toContain(`'=危险名字,"=""${NOODLES}"""`);
    expect(csv).toContain("86.50");
    expect(csv).not.toContain("别家");
    const { ctx: copy } = await makeDistributor(db);
    expect(await run(copy, new TextEncoder().encode(csv))).toMatchObject({ created: 1, errors: [] });
    expect(skusOf(copy)).toEqual(skusOf(ctx));
    const { ctx: copy2 } = await makeDistributor(db);
    expect(await run(copy2, await exportCatalogXlsx(ctx))).toMatchObject({ created: 1, errors: [] });
    expect(skusOf(copy2)).toEqual(skusOf(ctx));
  });
});
