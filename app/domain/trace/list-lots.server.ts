import { and, desc, eq, ne, or } from "drizzle-orm";
import { products, stockLots } from "@db/schema";
import type { Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";

/**
 * The viewer's lots worth tracing, newest first (the trace entry list): those with a batch number,
 * an expiry date or stock on hand. A product's plain lot with none of them has no chain to show.
 */
export function listLots(ctx: Ctx, limit = 200) {
  requirePermission(ctx, "trace.view");
  return ctx.db
    .select({
      id: stockLots.id,
      batchNo: stockLots.batchNo,
      expiryDate: stockLots.expiryDate,
      onHand: stockLots.onHand,
      product: products.name,
      unit: products.baseUnit,
      createdAt: stockLots.createdAt,
    })
    .from(stockLots)
    .innerJoin(products, and(eq(products.id, stockLots.productId), eq(products.orgId, ctx.org.id)))
    .where(
      and(
        eq(stockLots.orgId, ctx.org.id),
        or(ne(stockLots.batchNo, ""), ne(stockLots.expiryDate, ""), ne(stockLots.onHand, 0)),
      ),
    )
    .orderBy(desc(stockLots.createdAt), stockLots.id)
    .limit(limit)
    .all();
}
