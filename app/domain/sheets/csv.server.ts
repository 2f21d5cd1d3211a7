import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { Invalid } from "../errors";

// Spreadsheet plumbing shared by every import and export (store products, distributor catalog):
// how Chinese Excel writes CSV, and how to write CSV that Excel opens without mangling.

/** An .xlsx (zip) or old .xls (OLE) file, by its first bytes: people rename files freely. */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b;
}
function isOldXls(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

/**
 * Excel on Chinese Windows saves "CSV" in the ANSI code page (GBK, a subset of GB18030), and
 * anything that is not valid UTF-8 is almost surely that. The UTF-8 decoder drops a BOM.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (isXlsx(bytes) || isOldXls(bytes)) throw new Invalid("import.notCsv");
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
