import { and, eq } from "drizzle-orm";
import { type z } from "zod";
import { catalogItems } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { NotFound } from "../errors";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { insertProduct, writeProductUpdate } from "../inventory/save-product.server";
import { catalogItemSchema, type CatalogItemInput } from "./catalog-fields.server";
import { requirePermission } from "../permission-check.server";

export const createCatalogItemSchema = catalogItemSchema.extend({ requestId: requestIdField() });

/**
 * The product row carries what every org's product has (name, units, barcode); its retail price
 * field holds the default price of one base unit, so inventory pages show something sensible.
 */
function productFields(input: CatalogItemInput) {
  return {
    name: input.name,
    barcode: input.barcode,
    category: input.category,
    baseUnit: input.baseUnit,
    packUnit: input.packUnit,
    packSize: input.packSize,
    priceFen: Math.round(input.casePriceFen / input.packSize),
    reorderPoint: input.reorderPacks * input.packSize,
    active: input.active,
  };
}

function catalogFields(input: CatalogItemInput) {
  return { casePriceFen: input.casePriceFen, minOrderPacks: input.minOrderPacks, shelfLocation: input.shelfLocation };
}

/** Inserts a SKU (product + catalog row) in the caller's transaction; the catalog import uses it too. */
export function insertCatalogItem(tx: WriteTx, ctx: Ctx, input: CatalogItemInput): string {
  const productId = insertProduct(tx, ctx, productFields(input));
  tx.insert(catalogItems)
    .values({ productId, orgId: ctx.org.id, ...catalogFields(input) })
    .run();
  return productId;
}

/**
 * Updates a SKU in the caller's transaction. A product of the distributor that has no catalog
 * row yet (made on an inventory page) gets one: it joins the catalog.
 */
export function writeCatalogItem(tx: WriteTx, ctx: Ctx, productId: string, input: CatalogItemInput): string {
  writeProductUpdate(tx, ctx, productId, productFields(input));
  tx.insert(catalogItems)
    .values({ productId, orgId: ctx.org.id, ...catalogFields(input) })
    .onConflictDoUpdate({
      target: catalogItems.productId,
      set: catalogFields(input),
      where: eq(catalogItems.orgId, ctx.org.id),
    })
    .run();
  return productId;
}

export function createCatalogItem(ctx: Ctx, input: z.infer<typeof createCatalogItemSchema>): { id: string } {
  requirePermission(ctx, "catalog.save");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "distribution.createSku", () => ({ id: insertCatalogItem(tx, ctx, input) })),
  );
}

export function updateCatalogItem(ctx: Ctx, productId: string, input: CatalogItemInput): { id: string } {
  requirePermission(ctx, "catalog.save");
  return inTransaction(ctx.db, (tx) => {
    const item = tx
      .select({ id: catalogItems.productId })
      .from(catalogItems)
      .where(and(eq(catalogItems.productId, productId), eq(catalogItems.orgId, ctx.org.id)))
      .get();
    if (!item) throw new NotFound();
    return { id: writeCatalogItem(tx, ctx, item.id, input) };
  });
}
