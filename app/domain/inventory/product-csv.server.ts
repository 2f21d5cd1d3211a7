import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { Invalid } from "../errors";

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
  const h = header.replace(/[（(].*?[)）]/g, "").trim().toLowerCase().replace(/[\s-]+/g, "_");
  return CSV_COLUMNS.find((c) => c.zh === h || c.en === h)?.field ?? null;
}

/**
 * Excel on Chinese Windows saves "CSV" in the ANSI code page (GBK, a subset of GB18030), and
 * anything that is not valid UTF-8 is almost surely that. The UTF-8 decoder drops a BOM.
 */
export function decodeCsv(bytes: Uint8Array): string {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (zip || ole) throw new Invalid("import.notCsv");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** Records as Excel shows them: index 0 is row 1 (the header). Blank rows are kept for numbering. */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, { bom: true, relax_column_count: true, relax_quotes: true }) as string[][];
  } catch (error) {
    const records = (error as { records?: number }).records ?? 0;
    throw new Invalid("import.unreadable", { row: records + 1 });
  }
}

/** Undoes what the export does to keep Excel from mangling a cell (see `excelText`, `excelCode`). */
export function unwrapCell(cell: string): string {
  const v = cell.trim();
  const formula = /^="(.*)"$/.exec(v);
  if (formula) return formula[1];
  return /^'[=+\-@]/.test(v) ? v.slice(1) : v;
}

/**
 * Text that starts like a formula is run by Excel when the file is opened (CSV injection, and a
 * clerk's product name reaches the owner's spreadsheet): a leading apostrophe keeps it text.
 */
export function excelText(value: string | null): string {
  if (!value) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Excel shows a 13-digit barcode as 6.90123E+12 and saves it that way; as ="…" it stays text. */
export function excelCode(code: string | null): string {
  return code ? `="${code}"` : "";
}

/** UTF-8 with a BOM (without it Excel reads Chinese as GBK) and CRLF, as Excel writes. */
export function toCsv(records: (string | number)[][]): string {
  return stringify(records, { bom: true, record_delimiter: "windows" });
}

const TEMPLATE_ROWS = [
  ["康师傅红烧牛肉面 105g", excelCode("6920152400777"), "方便食品", "袋", "箱", 24, "4.50", "3.50", 10, 48],
  ["散装白砂糖", "", "调味品", "斤", "", 1, "5.00", "3.80", 5, 20],
];

export function templateCsv(): string {
  const header = CSV_COLUMNS.filter((c) => !("exportOnly" in c)).map((c) => c.zh);
  return toCsv([header, ...TEMPLATE_ROWS]);
}
