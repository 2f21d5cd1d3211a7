import { asc, and, eq } from "drizzle-orm";
import { catalogItems, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { fenToYuanString } from "../money";
import { excelCode, excelText, toCsv } from "../sheets/csv.server";
import { writeXlsx } from "../sheets/xlsx.server";
import { CATALOG_COLUMNS, headerOf } from "./catalog-sheet.server";

function catalogRows(ctx: Ctx) {
  return ctx.db
    .select({ product: products, item: catalogItems })
    .from(catalogItems)
    .innerJoin(products, eq(products.id, catalogItems.productId))
    .where(and(eq(catalogItems.orgId, ctx.org.id), eq(products.orgId, ctx.org.id)))
    .orderBy(asc(products.category), asc(products.pinyin), asc(products.id))
    .all();
}

const header = () => CATALOG_COLUMNS.map(headerOf);

/** The catalog in the import's columns plus stock, so the file can be edited and imported back. */
export function exportCatalogCsv(ctx: Ctx): string {
  const records = catalogRows(ctx).map(({ product: p, item }) => [
    excelText(p.name),
    excelCode(p.barcode),
    excelText(p.category),
    excelText(p.baseUnit),
    excelText(p.packUnit),
    p.packSize,
    fenToYuanString(item.casePriceFen),
    item.minOrderPacks,
    excelText(item.shelfLocation),
    Math.ceil(p.reorderPoint / p.packSize),
    p.active ? "是" : "否",
    p.onHand,
    item.reserved,
    p.onHand - item.reserved,
  ]);
  return toCsv([header(), ...records]);
}

/** XLSX keeps text as text, so barcodes need no ="…" wrapping there; prices are numbers in yuan. */
export function exportCatalogXlsx(ctx: Ctx): Promise<Uint8Array> {
  const records = catalogRows(ctx).map(({ product: p, item }) => [
    p.name,
    p.barcode ?? "",
    p.category,
    p.baseUnit,
    p.packUnit ?? "",
    p.packSize,
    item.casePriceFen / 100,
    item.minOrderPacks,
    item.shelfLocation,
    Math.ceil(p.reorderPoint / p.packSize),
    p.active ? "是" : "否",
    p.onHand,
    item.reserved,
    p.onHand - item.reserved,
  ]);
  return writeXlsx("商品目录", header(), records, { 1: "@", 6: "0.00" });
}

const TEMPLATE = [
  ["康师傅红烧牛肉面 105g", "6920152400777", "方便食品", "袋", "箱", 24, "86.00", 1, "A-01-02", 5, "是"],
  ["农夫山泉饮用天然水 550ml", "6921168509256", "饮料", "瓶", "箱", 24, "30.00", 2, "B-03-01", 10, "是"],
];

export function catalogTemplateCsv(): string {
  const columns = CATALOG_COLUMNS.filter((c) => !("exportOnly" in c));
  return toCsv([columns.map(headerOf), ...TEMPLATE.map((r) => r.map((v, i) => (i === 1 ? excelCode(String(v)) : v)))]);
}
