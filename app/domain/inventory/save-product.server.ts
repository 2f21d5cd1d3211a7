import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { products } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict } from "../errors";
import { optionalMoneyField } from "../fields.server";
import { newId } from "../ids.server";
import { productForUpdate } from "./ledger.server";
import { pinyinSearchKey } from "./pinyin.server";
import { productSchema, type ProductInput } from "./product-fields.server";

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
  const now = Date.now();
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
  return inTransaction(ctx.db, (tx) => ({ id: insertProduct(tx, ctx, input) }));
}

export function updateProduct(ctx: Ctx, productId: string, input: ProductInput): { id: string } {
  return inTransaction(ctx.db, (tx) => {
    const product = productForUpdate(tx, ctx, productId);
    assertBarcodeFree(tx, ctx, input.barcode, product.id);
    tx.update(products)
      .set({ ...input, pinyin: pinyinSearchKey(input.name), updatedAt: Date.now() })
      .where(and(eq(products.id, product.id), eq(products.orgId, ctx.org.id)))
      .run();
    return { id: product.id };
  });
}
