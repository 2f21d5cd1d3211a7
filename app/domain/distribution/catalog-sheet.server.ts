import { z } from "zod";
import { isMessageKey, type MessageKey, type MessageParams } from "~/i18n/messages";
import { intField, optionalIntField, optionalText, text } from "../fields.server";
import { blankToUndefined, yuan } from "../inventory/import-rows.server";
import { unwrapCell } from "../sheets/csv.server";
import { MAX_PACK_SIZE, requiredBarcodeField } from "./catalog-fields.server";

/**
 * The catalog sheet, shared by import, export and the template. Chinese headers (English names
 * accepted). Stock columns are export-only: warehouse stock changes through receipts, never a
 * spreadsheet, so an exported file can be edited and imported back without touching stock.
 */
export const CATALOG_COLUMNS = [
  { field: "name", zh: "名称", en: "name" },
  { field: "barcode", zh: "条码", en: "barcode" },
  { field: "category", zh: "分类", en: "category" },
  { field: "baseUnit", zh: "基本单位", en: "base_unit" },
  { field: "packUnit", zh: "整件单位", en: "pack_unit" },
  { field: "packSize", zh: "每件数量", en: "pack_size" },
  { field: "casePriceFen", zh: "整件价", en: "case_price", header: "整件价（元）" },
  { field: "minOrderPacks", zh: "起订件数", en: "min_order_packs" },
  { field: "shelfLocation", zh: "货位", en: "shelf" },
  { field: "reorderPacks", zh: "补货线", en: "reorder_packs", header: "补货线（件）" },
  { field: "active", zh: "在售", en: "active" },
  { field: "onHand", zh: "库存", en: "on_hand", exportOnly: true },
  { field: "reserved", zh: "已预留", en: "reserved", exportOnly: true },
  { field: "available", zh: "可用", en: "available", exportOnly: true },
] as const;

/** The header cell an export writes: the name, with its unit where one is needed. */
export function headerOf(column: (typeof CATALOG_COLUMNS)[number]): string {
  return "header" in column ? column.header : column.zh;
}

export type CatalogField = (typeof CATALOG_COLUMNS)[number]["field"];
const REQUIRED: readonly CatalogField[] = ["name", "barcode", "baseUnit", "packSize", "casePriceFen"];
export type CatalogRowError = { row: number; field: CatalogField | null; key: MessageKey; params?: MessageParams };

export function catalogColumnLabel(field: CatalogField, locale: string): string {
  const column = CATALOG_COLUMNS.find((c) => c.field === field);
  return column ? (locale === "en" ? column.en : column.zh) : field;
}

/** "整件价（元）", "Case Price" and "case-price" all name a column: people type headers by hand. */
function fieldOfHeader(header: string): CatalogField | null {
  const h = header
    .replace(/[（(].*?[)）]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return CATALOG_COLUMNS.find((c) => c.zh === h || c.en === h)?.field ?? null;
}

const yes = ["是", "在售", "1", "y", "yes", "true"];
const no = ["否", "停售", "0", "n", "no", "false"];

// Blank optional cells are undefined: on an existing SKU they keep its value.
const rowSchema = z.object({
  name: text(60),
  barcode: z
    .string()
    .optional()
    .refine((v) => !v || !/^\d+(\.\d+)?e\+?\d+$/i.test(v.trim()), "import.barcodeScientific")
    .pipe(requiredBarcodeField()),
  category: z.preprocess(blankToUndefined, optionalText(20).optional()),
  baseUnit: text(6),
  packUnit: z.preprocess(blankToUndefined, text(6).optional()),
  packSize: intField({ min: 1, max: MAX_PACK_SIZE }),
  casePriceFen: yuan().refine((v) => v > 0, "validation.positive"),
  minOrderPacks: optionalIntField({ min: 1, max: 10_000 }),
  shelfLocation: z.preprocess(blankToUndefined, optionalText(20).optional()),
  reorderPacks: optionalIntField({ min: 0, max: 100_000 }),
  active: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((v) => v.trim().toLowerCase())
      .refine((v) => yes.includes(v) || no.includes(v), "catalogImport.activeInvalid")
      .transform((v) => yes.includes(v))
      .optional(),
  ),
});
export type CatalogRow = z.infer<typeof rowSchema> & { row: number };

function issueError(row: number, issue: z.core.$ZodIssue): CatalogRowError {
  const field = (issue.path[0] as CatalogField | undefined) ?? null;
  if (isMessageKey(issue.message)) return { row, field, key: issue.message };
  if (issue.code === "too_big" && issue.origin === "string") {
    return { row, field, key: "validation.tooLong", params: { max: Number(issue.maximum) } };
  }
  if (issue.code === "invalid_type" && issue.input === undefined) return { row, field, key: "validation.required" };
  return { row, field, key: issue.code === "too_big" ? "validation.tooLarge" : "validation.invalid" };
}

export function readCatalogHeader(header: string[]) {
  const fields = header.map(fieldOfHeader);
  const errors: CatalogRowError[] = [];
  const unknown = header.filter((h, i) => h.trim() !== "" && fields[i] === null);
  if (unknown.length)
    errors.push({ row: 1, field: null, key: "import.unknownHeader", params: { columns: unknown.join("、") } });
  const missing = REQUIRED.filter((f) => !fields.includes(f));
  if (missing.length) {
    const columns = missing.map((f) => catalogColumnLabel(f, "zh-CN")).join("、");
    errors.push({ row: 1, field: null, key: "import.badHeader", params: { columns } });
  }
  return { fields, errors, complete: missing.length === 0 };
}

/** Every row is checked, and every problem reported, before anything is written. */
export function readCatalogRows(table: string[][], fields: (CatalogField | null)[]) {
  const rows: CatalogRow[] = [];
  const errors: CatalogRowError[] = [];
  const seen = new Map<string, number>();
  let count = 0;
  table.forEach((cells, index) => {
    const row = index + 1;
    if (index === 0 || cells.every((c) => (c ?? "").trim() === "")) return;
    count++;
    const raw: Record<string, string> = {};
    fields.forEach((field, i) => {
      if (field) raw[field] = unwrapCell(cells[i] ?? "");
    });
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(...parsed.error.issues.map((issue) => issueError(row, issue)));
      return;
    }
    const first = seen.get(parsed.data.barcode);
    if (first) errors.push({ row, field: "barcode", key: "import.duplicateInFile", params: { row: first } });
    else seen.set(parsed.data.barcode, row);
    rows.push({ ...parsed.data, row });
  });
  return { rows, errors, count };
}
