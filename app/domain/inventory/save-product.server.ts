import { and, eq, ne } from "drizzle-orm";
import { type z } from "zod";
import { products } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict } from "../errors";
import { optionalMoneyField, requestIdField } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { productForUpdate } from "./ledger.server";
import { pinyinSearchKey } from "./pinyin.server";
import { productSchema, type ProductInput } from "./product-fields.server";
import { requirePermission } from "../permission-check.server";

export const createProductSchema = productSchema.extend({ costFen: optionalMoneyField() });
export type CreateProductInput = z.infer<typeof createProductSchema>;

export function assertBarcodeFree(tx: WriteTx, ctx: Ctx, barcode: string | null, exceptId?: string) {
  if (!barcode) return;
  const clash = tx
    .select({ id: products.id, name: products.name })
    .from(products)
    .where(
      and(
        eq(products.orgId, ctx.org.id),
        eq(products.barcode, barcode),
        exceptId ? ne(products.id, exceptId) : undefined,
      ),
    )
    .get();
  if (clash) throw new Conflict("product.barcodeTaken", { name: clash.name }, { barcode: "product.barcodeTaken" });
}

/** Inserts a product inside the caller's transaction (also used by the CSV import). */
export function insertProduct(tx: WriteTx, ctx: Ctx, input: CreateProductInput): string {
  assertBarcodeFree(tx, ctx, input.barcode);
  const id = newId();
  const now = ctx.clock.now();
  tx.insert(products)
    .values({
      id,
      orgId: ctx.org.id,
      ...input,
      costFen: input.costFen ?? 0,
      pinyin: pinyinSearchKey(input.name),
      onHand: 0,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}

export function createProduct(ctx: Ctx, input: CreateProductInput): { id: string } {
  requirePermission(ctx, "product.save");
  return inTransaction(ctx.db, (tx) => ({ id: insertProduct(tx, ctx, input) }));
}

export const newProductFormSchema = createProductSchema.extend({ requestId: requestIdField() });
export type NewProductFormInput = z.infer<typeof newProductFormSchema>;

/** The new-product form: a double tap or a retried POST creates one product, not two. */
export function createProductOnce(ctx: Ctx, { requestId, ...input }: NewProductFormInput): { id: string } {
  requirePermission(ctx, "product.save");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, requestId, "inventory.createProduct", () => ({ id: insertProduct(tx, ctx, input) })),
  );
}

/** Updates a product inside the caller's transaction (also used by the distributor's catalog). */
export function writeProductUpdate(tx: WriteTx, ctx: Ctx, productId: string, input: ProductInput): { id: string } {
  const product = productForUpdate(tx, ctx, productId);
  assertBarcodeFree(tx, ctx, input.barcode, product.id);
  tx.update(products)
    .set({ ...input, pinyin: pinyinSearchKey(input.name), updatedAt: ctx.clock.now() })
    .where(and(eq(products.id, product.id), eq(products.orgId, ctx.org.id)))
    .run();
  return { id: product.id };
}

export function updateProduct(ctx: Ctx, productId: string, input: ProductInput): { id: string } {
  requirePermission(ctx, "product.save");
  return inTransaction(ctx.db, (tx) => writeProductUpdate(tx, ctx, productId, input));
}
