import { and, eq, inArray } from "drizzle-orm";
import { catalogItems, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { activeLinkForStore } from "../distribution/links.server";
import type { CartLine } from "../sales/cart";
import { findOrder, linesOfOrder } from "./orders.server";

/**
 * Quick reorder: a past order's lines as a new cart. Only the SKUs and pack counts are taken;
 * prices, availability and minimums are today's, checked again when the cart is submitted.
 * SKUs the distributor no longer sells are left out and named, so nothing vanishes unnoticed.
 */
export function repeatOrder(
  ctx: Ctx,
  orderId: string,
): { distributorOrgId: string; lines: CartLine[]; dropped: string[] } {
  const order = findOrder(ctx.db, ctx, orderId);
  const link = activeLinkForStore(ctx.db, ctx, order.distributorOrgId);
  const lines = linesOfOrder(ctx.db, ctx, order.id);
  const sellable = new Set(
    ctx.db
      .select({ id: products.id })
      .from(products)
      .innerJoin(catalogItems, eq(catalogItems.productId, products.id))
      .where(
        and(
          inArray(
            products.id,
            lines.map((l) => l.productId),
          ),
          eq(products.orgId, link.distributorOrgId),
          eq(catalogItems.orgId, link.distributorOrgId),
          eq(products.active, true),
        ),
      )
      .all()
      .map((p) => p.id),
  );
  return {
    distributorOrgId: link.distributorOrgId,
    lines: lines.filter((l) => sellable.has(l.productId)).map((l) => ({ productId: l.productId, qty: l.qtyPacks })),
    dropped: lines.filter((l) => !sellable.has(l.productId)).map((l) => l.name),
  };
}
