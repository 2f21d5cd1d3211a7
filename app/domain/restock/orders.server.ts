import { and, asc, eq } from "drizzle-orm";
import { restockOrderLines, restockOrders, type OrderStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { InvalidTransition, NotFound } from "../errors";

type Reader = Ctx["db"] | WriteTx;
export type OrderRow = typeof restockOrders.$inferSelect;
export type OrderLineRow = typeof restockOrderLines.$inferSelect;

/**
 * An order row belongs to two organisations; which column scopes a read depends on who is
 * asking. A store reads by `store_org_id`, a distributor by `distributor_org_id`, anyone else
 * reads nothing.
 */
function ownColumns(ctx: Ctx) {
  if (ctx.org.kind === "store") return { order: restockOrders.storeOrgId, line: restockOrderLines.storeOrgId };
  if (ctx.org.kind === "distributor")
    return { order: restockOrders.distributorOrgId, line: restockOrderLines.distributorOrgId };
  throw new NotFound();
}

/** The column that scopes an order to the caller's side (for updates). */
export function ownOrderColumn(ctx: Ctx) {
  return ownColumns(ctx).order;
}

/** The order if it is this organisation's (placed by the store, or addressed to the distributor). */
export function findOrder(db: Reader, ctx: Ctx, orderId: string): OrderRow {
  const order = db
    .select()
    .from(restockOrders)
    .where(and(eq(restockOrders.id, orderId), eq(ownColumns(ctx).order, ctx.org.id)))
    .get();
  if (!order) throw new NotFound();
  return order;
}

export function linesOfOrder(db: Reader, ctx: Ctx, orderId: string): OrderLineRow[] {
  return db
    .select()
    .from(restockOrderLines)
    .where(and(eq(restockOrderLines.orderId, orderId), eq(ownColumns(ctx).line, ctx.org.id)))
    .orderBy(asc(restockOrderLines.name), asc(restockOrderLines.id))
    .all();
}

/** Refuses, in words the user understands, a move the machine or the caller's role does not allow. */
export function requireStatus(
  order: OrderRow,
  allowed: readonly OrderStatus[],
  key: ConstructorParameters<typeof InvalidTransition>[0],
) {
  if (!allowed.includes(order.status)) throw new InvalidTransition(key, { status: order.status });
}
