import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { catalogItems, products } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Invalid } from "../errors";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { decodeCsv, isXlsx, parseCsv } from "../sheets/csv.server";
import { readXlsx } from "../sheets/xlsx.server";
import type { CatalogItemInput } from "./catalog-fields.server";
import { readCatalogHeader, readCatalogRows, type CatalogRow, type CatalogRowError } from "./catalog-sheet.server";
import { insertCatalogItem, writeCatalogItem } from "./save-catalog-item.server";
import { requirePermission } from "../permission-check.server";

export const CATALOG_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const CATALOG_IMPORT_MAX_SIZE = "2 MB";
// One transaction holds the write lock for the whole file (see decision 008): about 1 ms a row.
export const CATALOG_IMPORT_MAX_ROWS = 2000;

export const catalogImportFormSchema = z.object({ requestId: requestIdField() });
export type CatalogImportResult = { created: number; updated: number; errors: CatalogRowError[] };

/** A row on an existing SKU keeps what its blank cells leave out; a new SKU gets the defaults. */
function merge(row: CatalogRow, existing: (CatalogItemInput & { id: string }) | undefined): CatalogItemInput {
  const base = existing ?? {
    category: "",
    packUnit: "件",
    minOrderPacks: 1,
    shelfLocation: "",
    reorderPacks: 0,
    active: true,
  };
  return {
    name: row.name,
    barcode: row.barcode,
    baseUnit: row.baseUnit,
    packSize: row.packSize,
    casePriceFen: row.casePriceFen,
    category: row.category ?? base.category,
    packUnit: row.packUnit ?? base.packUnit,
    minOrderPacks: row.minOrderPacks ?? base.minOrderPacks,
    shelfLocation: row.shelfLocation ?? base.shelfLocation,
    reorderPacks: row.reorderPacks ?? base.reorderPacks,
    active: row.active ?? base.active,
  };
}

/** The org's products by barcode, with their catalog part where they have one. */
function existingByBarcode(tx: WriteTx, ctx: Ctx) {
  const rows = tx
    .select({ id: products.id, product: products, item: catalogItems })
    .from(products)
    .leftJoin(catalogItems, and(eq(catalogItems.productId, products.id), eq(catalogItems.orgId, ctx.org.id)))
    .where(eq(products.orgId, ctx.org.id))
    .all();
  const map = new Map<string, CatalogItemInput & { id: string }>();
  for (const { id, product: p, item } of rows) {
    if (!p.barcode) continue;
    map.set(p.barcode, {
      id,
      name: p.name,
      barcode: p.barcode,
      category: p.category,
      baseUnit: p.baseUnit,
      packUnit: p.packUnit ?? "件",
      packSize: p.packSize,
      casePriceFen: item?.casePriceFen ?? p.priceFen * p.packSize,
      minOrderPacks: item?.minOrderPacks ?? 1,
      shelfLocation: item?.shelfLocation ?? "",
      reorderPacks: Math.ceil(p.reorderPoint / p.packSize),
      active: p.active,
    });
  }
  return map;
}

async function readTable(bytes: Uint8Array): Promise<string[][]> {
  if (isXlsx(bytes)) return readXlsx(bytes, CATALOG_IMPORT_MAX_ROWS);
  return parseCsv(decodeCsv(bytes));
}

/**
 * Imports a catalog from CSV (UTF-8 or GB18030) or XLSX, all or nothing: any bad row and nothing
 * is written, and every problem is reported by row (as Excel numbers it) and column. A barcode
 * already in the catalog updates that SKU; a new one creates it. Stock is never imported.
 */
export async function importCatalog(
  ctx: Ctx,
  input: { requestId: string; bytes: Uint8Array },
): Promise<CatalogImportResult> {
  requirePermission(ctx, "catalog.import");
  if (input.bytes.byteLength === 0) throw new Invalid("import.noFile");
  if (input.bytes.byteLength > CATALOG_IMPORT_MAX_BYTES)
    throw new Invalid("import.tooLarge", { max: CATALOG_IMPORT_MAX_SIZE });
  const table = await readTable(input.bytes);
  const header = readCatalogHeader(table[0] ?? []);
  const body = readCatalogRows(table, header.fields);
  if (body.count === 0) throw new Invalid("import.empty");
  if (body.count > CATALOG_IMPORT_MAX_ROWS)
    throw new Invalid("import.tooManyRows", { max: CATALOG_IMPORT_MAX_ROWS, count: body.count });
  if (!header.complete) return { created: 0, updated: 0, errors: header.errors };
  const fileErrors = [...header.errors, ...body.errors];
  if (fileErrors.length) return { created: 0, updated: 0, errors: fileErrors.sort((a, b) => a.row - b.row) };
  // Rows are matched by barcode, unique in the file and in the org, so once every row is valid
  // nothing inside the transaction can refuse one.
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "distribution.importCatalog", () => {
      const existing = existingByBarcode(tx, ctx);
      let created = 0;
      for (const row of body.rows) {
        const match = existing.get(row.barcode);
        if (match) writeCatalogItem(tx, ctx, match.id, merge(row, match));
        else {
          insertCatalogItem(tx, ctx, merge(row, undefined));
          created++;
        }
      }
      return { created, updated: body.rows.length - created, errors: [] };
    }),
  );
}
