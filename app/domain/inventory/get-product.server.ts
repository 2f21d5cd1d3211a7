import { and, desc, eq, ne, sql } from "drizzle-orm";
import { products, stockLots, stockMovements, users } from "@db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";

export function getProduct(ctx: Ctx, productId: string) {
  const product = ctx.db
    .select()
    .from(products)
    .where(and(eq(products.id, productId), eq(products.orgId, ctx.org.id)))
    .get();
  if (!product) throw new NotFound();
  return product;
}

/** The product with its lots on the shelf and its latest movements, newest first. */
export function getProductDetail(ctx: Ctx, productId: string, { historyLimit = 100 } = {}) {
  const product = getProduct(ctx, productId);
  const lots = ctx.db
    .select({
      id: stockLots.id,
      batchNo: stockLots.batchNo,
      expiryDate: stockLots.expiryDate,
      onHand: stockLots.onHand,
    })
    .from(stockLots)
    .where(and(eq(stockLots.productId, product.id), eq(stockLots.orgId, ctx.org.id), ne(stockLots.onHand, 0)))
    .orderBy(stockLots.expiryDate)
    .all();
  const movements = ctx.db
    .select({
      id: stockMovements.id,
      kind: stockMovements.kind,
      reason: stockMovements.reason,
      qty: stockMovements.qty,
      unitCostFen: stockMovements.unitCostFen,
      batchNo: stockMovements.batchNo,
      expiryDate: stockMovements.expiryDate,
      note: stockMovements.note,
      refType: stockMovements.refType,
      refId: stockMovements.refId,
      createdAt: stockMovements.createdAt,
      actorName: users.name,
    })
    .from(stockMovements)
    .leftJoin(users, eq(users.id, stockMovements.actorId))
    .where(and(eq(stockMovements.productId, product.id), eq(stockMovements.orgId, ctx.org.id)))
    .orderBy(desc(stockMovements.createdAt), desc(sql`${stockMovements}.rowid`))
    .limit(historyLimit)
    .all();
  return { product, lots, movements };
}
