import { asc, eq, sql } from "drizzle-orm";
import { products, stockLots } from "@db/schema";
import type { Ctx } from "../context.server";
import { fenToYuanString } from "../money";
import { CSV_COLUMNS, excelCode, excelText, toCsv } from "./product-csv.server";

/**
 * The store's products with stock, in the import's columns (so the file can be edited and
 * imported again) plus stock value and nearest expiry. Stock value counts negative stock as
 * zero, as the home page does: oversold units are not an asset.
 */
export function exportStockCsv(ctx: Ctx): string {
  const nextExpiry = sql<string | null>`(
    select min(${stockLots.expiryDate}) from ${stockLots}
    where ${stockLots.productId} = ${products.id} and ${stockLots.orgId} = ${ctx.org.id}
      and ${stockLots.onHand} > 0 and ${stockLots.expiryDate} != ''
  )`;
  const rows = ctx.db
    .select({
      name: products.name,
      barcode: products.barcode,
      category: products.category,
      baseUnit: products.baseUnit,
      packUnit: products.packUnit,
      packSize: products.packSize,
      priceFen: products.priceFen,
      costFen: products.costFen,
      reorderPoint: products.reorderPoint,
      onHand: products.onHand,
      nextExpiry,
    })
    .from(products)
    .where(eq(products.orgId, ctx.org.id))
    .orderBy(asc(products.category), asc(products.pinyin), asc(products.id))
    .all();
  const header = CSV_COLUMNS.map((c) => c.zh);
  const records = rows.map((p) => [
    excelText(p.name),
    excelCode(p.barcode),
    excelText(p.category),
    excelText(p.baseUnit),
    excelText(p.packUnit),
    p.packSize,
    fenToYuanString(p.priceFen),
    fenToYuanString(p.costFen),
    p.reorderPoint,
    p.onHand,
    fenToYuanString(Math.max(p.onHand, 0) * p.costFen),
    p.nextExpiry ?? "",
  ]);
  return toCsv([header, ...records]);
}
