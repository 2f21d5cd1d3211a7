import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { organisations, restockOrderLines, restockOrders, ORDER_STATUSES, type OrderStatus } from "@db/schema";
import type { Ctx } from "../context.server";

const columns = {
  id: restockOrders.id,
  status: restockOrders.status,
  deliveryDate: restockOrders.deliveryDate,
  totalFen: restockOrders.totalFen,
  paymentTerms: restockOrders.paymentTerms,
  createdAt: restockOrders.createdAt,
  backorderOf: restockOrders.backorderOf,
  lineCount: sql<number>`(select count(*) from ${restockOrderLines} where ${restockOrderLines.orderId} = ${restockOrders.id})`,
};

export function isOrderStatus(s: string | null): s is OrderStatus {
  return ORDER_STATUSES.includes(s as OrderStatus);
}

/** The store's own orders, newest first, with the distributor's name. */
export function listStoreOrders(
  ctx: Ctx,
  { status, limit = 100 }: { status?: OrderStatus | null; limit?: number } = {},
) {
  return ctx.db
    .select({ ...columns, distributorOrgId: restockOrders.distributorOrgId, distributorName: organisations.name })
    .from(restockOrders)
    .innerJoin(organisations, eq(organisations.id, restockOrders.distributorOrgId))
    .where(and(eq(restockOrders.storeOrgId, ctx.org.id), status ? eq(restockOrders.status, status) : undefined))
    .orderBy(desc(restockOrders.createdAt), desc(restockOrders.id))
    .limit(limit)
    .all();
}

/**
 * The distributor's inbox: orders addressed to it, by delivery date and then in the order they
 * came in (the first to order is the first confirmed), with the store's name and a count per status.
 */
export function listDistributorOrders(
  ctx: Ctx,
  {
    statuses = ["submitted"],
    date,
    limit = 300,
  }: { statuses?: OrderStatus[]; date?: string | null; limit?: number } = {},
) {
  const orders = ctx.db
    .select({ ...columns, storeOrgId: restockOrders.storeOrgId, storeName: organisations.name })
    .from(restockOrders)
    .innerJoin(organisations, eq(organisations.id, restockOrders.storeOrgId))
    .where(
      and(
        eq(restockOrders.distributorOrgId, ctx.org.id),
        inArray(restockOrders.status, statuses),
        date ? eq(restockOrders.deliveryDate, date) : undefined,
      ),
    )
    .orderBy(asc(restockOrders.deliveryDate), asc(restockOrders.createdAt), asc(restockOrders.id))
    .limit(limit)
    .all();
  const counts = ctx.db
    .select({ status: restockOrders.status, n: sql<number>`count(*)` })
    .from(restockOrders)
    .where(eq(restockOrders.distributorOrgId, ctx.org.id))
    .groupBy(restockOrders.status)
    .all();
  return {
    orders,
    counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Partial<Record<OrderStatus, number>>,
  };
}
