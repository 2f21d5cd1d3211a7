import { excelCode, toCsv } from "../sheets/csv.server";

// The generic helpers moved to sheets/csv.server.ts (the distributor catalog import shares them);
// re-exported so the store import's modules keep their imports.
export { decodeCsv, excelCode, excelText, parseCsv, toCsv, unwrapCell } from "../sheets/csv.server";

/**
 * The product CSV, shared by import, export and the template. Headers are Chinese (what a
 * shopkeeper types); the English names are accepted as aliases. The export-only columns are
 * accepted and ignored on import, so an exported file can be edited in Excel and re-imported.
 */
export const CSV_COLUMNS = [
  { field: "name", zh: "名称", en: "name" },
  { field: "barcode", zh: "条码", en: "barcode" },
  { field: "category", zh: "分类", en: "category" },
  { field: "baseUnit", zh: "基本单位", en: "base_unit" },
  { field: "packUnit", zh: "整件单位", en: "pack_unit" },
  { field: "packSize", zh: "每件数量", en: "pack_size" },
  { field: "priceFen", zh: "售价", en: "price" },
  { field: "costFen", zh: "进价", en: "cost" },
  { field: "reorderPoint", zh: "补货线", en: "reorder_point" },
  { field: "stock", zh: "库存", en: "stock" },
  { field: "stockValue", zh: "库存金额", en: "stock_value", exportOnly: true },
  { field: "nextExpiry", zh: "最近到期", en: "nearest_expiry", exportOnly: true },
] as const;

export type CsvField = (typeof CSV_COLUMNS)[number]["field"];
export const REQUIRED_FIELDS: readonly CsvField[] = ["name", "baseUnit", "priceFen"];

export function columnLabel(field: CsvField, locale: string): string {
  const column = CSV_COLUMNS.find((c) => c.field === field);
  return column ? (locale === "en" ? column.en : column.zh) : field;
}

/** "售价（元）", "Base Unit" and "base-unit" all name a column: people type headers by hand. */
export function fieldOfHeader(header: string): CsvField | null {
  const h = header
    .replace(/[（(].*?[)）]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return CSV_COLUMNS.find((c) => c.zh === h || c.en === h)?.field ?? null;
}

const TEMPLATE_ROWS = [
  ["康师傅红烧牛肉面 105g", excelCode("6920152400777"), "方便食品", "袋", "箱", 24, "4.50", "3.50", 10, 48],
  ["散装白砂糖", "", "调味品", "斤", "", 1, "5.00", "3.80", 5, 20],
];

export function templateCsv(): string {
  const header = CSV_COLUMNS.filter((c) => !("exportOnly" in c)).map((c) => c.zh);
  return toCsv([header, ...TEMPLATE_ROWS]);
}
