import { createRequire } from "node:module";
import type ExcelJS from "exceljs";
import { Invalid } from "../errors";

/**
 * exceljs (and the zip and stream libraries under it) is loaded the first time a sheet is read or
 * written, not when the server starts: most requests never touch a sheet, and loading it cost
 * every process parse time and memory before the first request (decision 033). `require`, not
 * `import()`: a dynamic import in the server bundle makes the tsx loader transform the whole
 * bundle at start-up, which costs more memory (≈ 100 MB) than exceljs saves.
 */
let loaded: typeof ExcelJS | undefined;
function excel(): typeof ExcelJS {
  loaded ??= createRequire(import.meta.url)("exceljs") as typeof ExcelJS;
  return loaded;
}

/**
 * A cell as the text a person sees. Numbers come back whole (a 13-digit barcode stored as a
 * number is exact in a double) and with float noise rounded off ("4.499999999" from a formula).
 */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value)
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ("text" in value) return String(value.text);
  return "";
}

/**
 * The first worksheet as rows of text, index 0 = row 1, like `parseCsv`. Refuses more than
 * `maxRows` data rows before reading them: the row count is known from the sheet's dimensions.
 */
export async function readXlsx(bytes: Uint8Array, maxRows: number): Promise<string[][]> {
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    throw new Invalid("catalogImport.badXlsx");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Invalid("import.empty");
  if (sheet.actualRowCount - 1 > maxRows)
    throw new Invalid("import.tooManyRows", { max: maxRows, count: sheet.actualRowCount - 1 });
  const table: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(row.cellCount, 0); c++) cells.push(cellText(row.getCell(c).value).trim());
    table.push(cells);
  }
  return table;
}

/** An .xlsx with one sheet: a bold header row, text columns kept as text. */
export async function writeXlsx(
  sheetName: string,
  header: string[],
  rows: (string | number)[][],
  formats: Record<number, string> = {},
  { filter = false }: { filter?: boolean } = {},
): Promise<Uint8Array> {
  const workbook = new (excel().Workbook)();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  header.forEach((h, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = Math.max(8, h.length * 2 + 4);
    if (formats[i]) column.numFmt = formats[i];
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  // Sort and filter buttons on the header row (a recall or an inspector's request sorts by date, batch).
  if (filter && header.length)
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
