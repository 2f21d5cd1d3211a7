import { z } from "zod";
import { isMessageKey, type MessageKey, type MessageParams } from "~/i18n/messages";
import { moneyField, optionalIntField } from "../fields.server";
import { normaliseBarcode } from "./barcode";
import { CSV_COLUMNS, fieldOfHeader, REQUIRED_FIELDS, unwrapCell, type CsvField } from "./product-csv.server";
import { productSchema } from "./product-fields.server";

/** `row` as Excel numbers it (the header is row 1); `field` null for the header row. */
export type ImportRowError = { row: number; field: CsvField | null; key: MessageKey; params?: MessageParams };

// Excel writes currency-formatted cells with their sign ("¥4.50"). Also used by the catalog import.
export const yuan = () =>
  z
    .string()
    .trim()
    .transform((v) => v.replace(/^[¥￥]/, ""))
    .refine((v) => !v.startsWith("-"), "validation.nonNegative")
    .pipe(moneyField());
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const rowSchema = productSchema.pick({ name: true, category: true, baseUnit: true, packUnit: true }).extend({
  barcode: z
    .string()
    .optional()
    .refine((v) => !v || !/^\d+(\.\d+)?e\+?\d+$/i.test(v.trim()), "import.barcodeScientific")
    .pipe(productSchema.shape.barcode),
  priceFen: yuan(),
  costFen: z.preprocess(blankToUndefined, yuan().optional()),
  packSize: optionalIntField({ min: 1, max: 10_000 }),
  reorderPoint: optionalIntField({ min: 0, max: 1_000_000 }),
  stock: optionalIntField({ min: 0, max: 10_000_000 }),
});
export type ImportRow = z.infer<typeof rowSchema> & { row: number };

function issueError(row: number, issue: z.core.$ZodIssue): ImportRowError {
  const field = (issue.path[0] as CsvField | undefined) ?? null;
  if (isMessageKey(issue.message)) return { row, field, key: issue.message };
  if (issue.code === "too_big" && issue.origin === "string") {
    return { row, field, key: "validation.tooLong", params: { max: Number(issue.maximum) } };
  }
  return { row, field, key: issue.code === "too_big" ? "validation.tooLarge" : "validation.invalid" };
}

export function readHeader(header: string[]) {
  const fields = header.map(fieldOfHeader);
  const errors: ImportRowError[] = [];
  const unknown = header.filter((h, i) => h.trim() !== "" && fields[i] === null);
  if (unknown.length)
    errors.push({ row: 1, field: null, key: "import.unknownHeader", params: { columns: unknown.join("、") } });
  const missing = REQUIRED_FIELDS.filter((f) => !fields.includes(f));
  if (missing.length) {
    const columns = missing.map((f) => CSV_COLUMNS.find((c) => c.field === f)?.zh).join("、");
    errors.push({ row: 1, field: null, key: "import.badHeader", params: { columns } });
  }
  return { fields, errors, complete: missing.length === 0 };
}

/** Every row is checked, and every problem reported, before anything is written. */
export function readRows(table: string[][], fields: (CsvField | null)[]) {
  const rows: ImportRow[] = [];
  const errors: ImportRowError[] = [];
  const seenBarcode = new Map<string, number>();
  const seenName = new Map<string, number>();
  table.forEach((cells, index) => {
    const row = index + 1;
    if (index === 0 || cells.every((c) => c.trim() === "")) return;
    const raw: Record<string, string> = {};
    fields.forEach((field, i) => {
      if (field) raw[field] = unwrapCell(cells[i] ?? "");
    });
    // Rows without a barcode are matched by name, so there the name must be unique instead.
    const code = raw.barcode ? normaliseBarcode(raw.barcode) : null;
    const name = raw.barcode ? "" : (raw.name ?? "");
    const [seen, id, field, key] = code
      ? [seenBarcode, code, "barcode" as const, "import.duplicateInFile" as const]
      : [seenName, name, "name" as const, "import.duplicateName" as const];
    const first = id ? seen.get(id) : undefined;
    if (first) errors.push({ row, field, key, params: { row: first } });
    else if (id) seen.set(id, row);
    const parsed = rowSchema.safeParse(raw);
    if (parsed.success) rows.push({ ...parsed.data, row });
    else errors.push(...parsed.error.issues.map((issue) => issueError(row, issue)));
  });
  return { rows, errors, count: table.slice(1).filter((cells) => cells.some((c) => c.trim() !== "")).length };
}
