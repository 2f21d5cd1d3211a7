import { and, eq } from "drizzle-orm";
import { sales } from "@db/schema";
import type { Ctx } from "../context.server";
import { CLIENT_ID_PATTERN, newId } from "../ids.server";

/**
 * The id of the sale a cart will become, minted when the cart starts and carried with it (the
 * sell page's URL and forms; the outbox offline). A cart whose id is already a recorded sale of
 * this store is that sale: Back, reload or a resent form show its receipt, never a second sale.
 */
export function cartSale(ctx: Ctx, asked: string | null): { saleId: string; asked: boolean; recorded: boolean } {
  if (!asked || !CLIENT_ID_PATTERN.test(asked)) return { saleId: newId(), asked: false, recorded: false };
  const row = ctx.db
    .select({ id: sales.id })
    .from(sales)
    .where(and(eq(sales.id, asked), eq(sales.orgId, ctx.org.id)))
    .get();
  return { saleId: asked, asked: true, recorded: Boolean(row) };
}
