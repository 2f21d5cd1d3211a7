import { and, eq, gt, sql } from "drizzle-orm";
import { products, quarantinedLots, recalls, stockLots } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";

// The warehouse's side of a recall (decision 046): the distributor's lots a recall reached are
// quarantined like a store's, so they are neither available to order nor shipped on a run.

/**
 * Units of the row's product held in quarantined lots, for a query over `products` (catalog
 * lists subtract it from available). Written out by name: drizzle renders a lone table's
 * columns unqualified inside a subquery.
 */
export const quarantinedUnitsSql = sql<number>`coalesce((select sum(ql_lot.on_hand) from quarantined_lots ql join stock_lots ql_lot on ql_lot.id = ql.lot_id where ql.org_id = "products"."org_id" and ql.product_id = "products"."id" and ql_lot.on_hand > 0), 0)`;

export type WarehouseHold = { units: number; reason: string; recallId: string };

/** The units of one product of this organisation under an open recall, with its reason, if any. */
export function heldUnits(db: Ctx["db"] | WriteTx, orgId: string, productId: string): WarehouseHold | null {
  const row = db
    .select({
      units: sql<number>`coalesce(sum(${stockLots.onHand}), 0)`,
      reason: sql<string>`min(${recalls.reason})`,
      recallId: sql<string>`min(${recalls.id})`,
    })
    .from(quarantinedLots)
    .innerJoin(stockLots, eq(stockLots.id, quarantinedLots.lotId))
    .innerJoin(recalls, eq(recalls.id, quarantinedLots.recallId))
    .where(and(eq(quarantinedLots.orgId, orgId), eq(quarantinedLots.productId, productId), gt(stockLots.onHand, 0)))
    .get();
  return row && row.units > 0 ? row : null;
}

/** What may still leave the warehouse for this product: on hand less the quarantined units. */
export function shippableUnits(
  tx: WriteTx,
  ctx: Ctx,
  productId: string,
): { units: number; hold: WarehouseHold | null } {
  const product = tx
    .select({ onHand: products.onHand })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.orgId, ctx.org.id)))
    .get();
  const hold = heldUnits(tx, ctx.org.id, productId);
  return { units: (product?.onHand ?? 0) - (hold?.units ?? 0), hold };
}

/** The lots of this warehouse kept apart, with product and recall reason: shown apart on stock pages. */
export function quarantinedWarehouseLots(ctx: Ctx, productId?: string) {
  return ctx.db
    .select({
      lotId: stockLots.id,
      productId: stockLots.productId,
      name: products.name,
      baseUnit: products.baseUnit,
      batchNo: stockLots.batchNo,
      expiryDate: stockLots.expiryDate,
      onHand: stockLots.onHand,
      recallId: recalls.id,
      reason: recalls.reason,
    })
    .from(quarantinedLots)
    .innerJoin(stockLots, eq(stockLots.id, quarantinedLots.lotId))
    .innerJoin(products, eq(products.id, stockLots.productId))
    .innerJoin(recalls, eq(recalls.id, quarantinedLots.recallId))
    .where(
      and(
        eq(quarantinedLots.orgId, ctx.org.id),
        gt(stockLots.onHand, 0),
        productId ? eq(quarantinedLots.productId, productId) : undefined,
      ),
    )
    .all();
}
