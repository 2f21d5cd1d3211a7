import { and, eq } from "drizzle-orm";
import { products, stockLots } from "@db/schema";
import type { Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";

/** The viewer's lots of a product or all its lots with stock or a chain, newest first (the entry list). */
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
    .where(eq(stockLots.orgId, ctx.org.id))
    .all()
    .filter((l) => l.batchNo !== "" || l.expiryDate !== "" || l.onHand !== 0)
    .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id))
    .slice(0, limit);
}
