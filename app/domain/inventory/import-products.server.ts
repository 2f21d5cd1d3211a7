import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { products } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Invalid } from "../errors";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { readHeader, readRows, type ImportRow, type ImportRowError } from "./import-rows.server";
import { applyMovement } from "./ledger.server";
import { pinyinSearchKey } from "./pinyin.server";
import { decodeCsv, parseCsv } from "./product-csv.server";
import { insertProduct } from "./save-product.server";
import { requirePermission } from "../permission-check.server";

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_SIZE = "2 MB";
// One import is one transaction, and better-sqlite3 holds the process (and the write lock) for
// all of it: about 1 ms a row with opening stock, so 2,000 rows stay near two seconds.
export const IMPORT_MAX_ROWS = 2000;

export const importFormSchema = z.object({ requestId: requestIdField() });

export type { ImportRowError };
export type ImportResult = { created: number; updated: number; errors: ImportRowError[] };

class Rejected extends Error {
  constructor(readonly errors: ImportRowError[]) {
    super("import rejected");
  }
}

/**
 * A barcode names one product of the store; a row without one is matched by exact name. A
 * name shared by several products, or two rows landing on one product, is refused.
 */
function matchRows(tx: WriteTx, ctx: Ctx, rows: ImportRow[]) {
  const existing = tx
    .select({
      id: products.id,
      name: products.name,
      barcode: products.barcode,
      onHand: products.onHand,
      costFen: products.costFen,
    })
    .from(products)
    .where(eq(products.orgId, ctx.org.id))
    .all();
  const byBarcode = new Map(existing.filter((p) => p.barcode).map((p) => [p.barcode, p]));
  const byName = new Map<string, typeof existing>();
  for (const p of existing) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const claimed = new Map<string, number>();
  const errors: ImportRowError[] = [];
  const plan = rows.map((row) => {
    const field = row.barcode ? "barcode" : "name";
    const named = row.barcode ? [] : (byName.get(row.name) ?? []);
    if (named.length > 1)
      errors.push({ row: row.row, field, key: "import.ambiguousName", params: { count: named.length } });
    const match = row.barcode ? byBarcode.get(row.barcode) : named.length === 1 ? named[0] : undefined;
    const first = match && claimed.get(match.id);
    if (first) errors.push({ row: row.row, field, key: "import.sameProduct", params: { row: first } });
    if (match && !first) claimed.set(match.id, row.row);
    return { row, match };
  });
  return { plan, errors };
}

function write(tx: WriteTx, ctx: Ctx, requestId: string, plan: ReturnType<typeof matchRows>["plan"]): ImportResult {
  let created = 0;
  for (const { row, match } of plan) {
    let productId = match?.id;
    if (match) {
      // A blank cell leaves the product's value alone; the average cost belongs to receipts
      // and is only filled in for a product that never had one.
      tx.update(products)
        .set({
          name: row.name,
          pinyin: pinyinSearchKey(row.name),
          baseUnit: row.baseUnit,
          priceFen: row.priceFen,
          ...(row.barcode ? { barcode: row.barcode } : {}),
          ...(row.category ? { category: row.category } : {}),
          ...(row.packUnit ? { packUnit: row.packUnit } : {}),
          ...(row.packSize !== undefined ? { packSize: row.packSize } : {}),
          ...(row.reorderPoint !== undefined ? { reorderPoint: row.reorderPoint } : {}),
          ...(row.costFen !== undefined && match.costFen === 0 ? { costFen: row.costFen } : {}),
          updatedAt: ctx.clock.now(),
        })
        .where(and(eq(products.id, match.id), eq(products.orgId, ctx.org.id)))
        .run();
    } else {
      productId = insertProduct(tx, ctx, {
        name: row.name,
        barcode: row.barcode,
        category: row.category,
        baseUnit: row.baseUnit,
        packUnit: row.packUnit,
        packSize: row.packSize ?? 1,
        priceFen: row.priceFen,
        costFen: row.costFen,
        reorderPoint: row.reorderPoint ?? 0,
        active: true,
      });
      created++;
    }
    // The stock column states what is on the shelf, as a count does: the ledger gets the difference.
    const delta = row.stock === undefined ? 0 : row.stock - (match?.onHand ?? 0);
    if (delta !== 0)
      applyMovement(tx, ctx, { productId: productId!, kind: "count", qty: delta, refType: "import", refId: requestId });
  }
  return { created, updated: plan.length - created, errors: [] };
}

/** Imports a product CSV all or nothing: any bad row and nothing is written, every problem reported. */
export function importProducts(ctx: Ctx, input: { requestId: string; bytes: Uint8Array }): ImportResult {
  requirePermission(ctx, "product.import");
  if (input.bytes.byteLength === 0) throw new Invalid("import.noFile");
  if (input.bytes.byteLength > IMPORT_MAX_BYTES) throw new Invalid("import.tooLarge", { max: IMPORT_MAX_SIZE });
  const table = parseCsv(decodeCsv(input.bytes));
  const header = readHeader(table[0] ?? []);
  const body = readRows(table, header.fields);
  if (body.count === 0) throw new Invalid("import.empty");
  if (body.count > IMPORT_MAX_ROWS)
    throw new Invalid("import.tooManyRows", { max: IMPORT_MAX_ROWS, count: body.count });
  // Without a required column every row would repeat the header's problem.
  if (!header.complete) return { created: 0, updated: 0, errors: header.errors };
  try {
    return inTransaction(ctx.db, (tx) =>
      once(tx, ctx, input.requestId, "inventory.import", () => {
        const { plan, errors } = matchRows(tx, ctx, body.rows);
        const all = [...header.errors, ...body.errors, ...errors].sort((a, b) => a.row - b.row);
        if (all.length) throw new Rejected(all);
        return write(tx, ctx, input.requestId, plan);
      }),
    );
  } catch (error) {
    if (error instanceof Rejected) return { created: 0, updated: 0, errors: error.errors };
    throw error;
  }
}
