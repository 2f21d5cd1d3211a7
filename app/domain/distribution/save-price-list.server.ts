import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { catalogItems, priceListItems, priceLists } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { NotFound } from "../errors";
import { optionalMoneyField, requestIdField, text } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { priceListOf } from "./price-lists.server";
import { requirePermission } from "../permission-check.server";

export const priceListSchema = z.object({ requestId: requestIdField(), name: text(30) });

export function createPriceList(ctx: Ctx, input: z.infer<typeof priceListSchema>): { id: string } {
  requirePermission(ctx, "priceList.save");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "distribution.createPriceList", () => {
      const id = newId();
      tx.insert(priceLists).values({ id, orgId: ctx.org.id, name: input.name, createdAt: ctx.clock.now() }).run();
      return { id };
    }),
  );
}

/** A blank price clears the entry: the SKU goes back to the default price for this list's stores. */
export const listPriceSchema = z.object({
  productId: z.string().min(1).max(64),
  casePriceFen: optionalMoneyField().refine((v) => v === undefined || v > 0, "validation.positive"),
});

/** Sets (or with no price, clears) one SKU's case price on a list. Setting twice is the same as once. */
export function setListPrice(ctx: Ctx, priceListId: string, input: z.infer<typeof listPriceSchema>): void {
  requirePermission(ctx, "priceList.save");
  inTransaction(ctx.db, (tx) => {
    const list = priceListOf(tx, ctx, priceListId);
    const item = tx
      .select({ productId: catalogItems.productId })
      .from(catalogItems)
      .where(and(eq(catalogItems.productId, input.productId), eq(catalogItems.orgId, ctx.org.id)))
      .get();
    if (!item) throw new NotFound();
    const key = and(eq(priceListItems.priceListId, list.id), eq(priceListItems.productId, item.productId));
    if (input.casePriceFen === undefined) {
      tx.delete(priceListItems)
        .where(and(key, eq(priceListItems.orgId, ctx.org.id)))
        .run();
      return;
    }
    tx.insert(priceListItems)
      .values({ priceListId: list.id, orgId: ctx.org.id, productId: item.productId, casePriceFen: input.casePriceFen })
      .onConflictDoUpdate({
        target: [priceListItems.priceListId, priceListItems.productId],
        set: { casePriceFen: input.casePriceFen },
      })
      .run();
  });
}
