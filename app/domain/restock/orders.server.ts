import { and, asc, eq } from "drizzle-orm";
import { restockOrderLines, restockOrders, type OrderStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { Forbidden, InvalidTransition, NotFound } from "../errors";
import { orderMachine } from "../machines";
import { recordTransition } from "../state-machine.server";

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

/**
 * Moves an order through `orderMachine` on behalf of either side, recording the transition in
 * the same transaction. The update is conditional on the state read, so of two concurrent
 * moves (a store cancelling while the distributor confirms) exactly one wins.
 */
export function moveOrder(
  tx: WriteTx,
  ctx: Ctx,
  order: { id: string; status: OrderStatus },
  to: OrderStatus,
  reason: string | null = null,
  extra: Partial<typeof restockOrders.$inferInsert> = {},
) {
  recordTransition(tx, ctx, orderMachine, { entity: "order", entityId: order.id, from: order.status, to, reason });
  const changed = tx
    .update(restockOrders)
    .set({ ...extra, status: to, updatedAt: Date.now() })
    .where(
      and(
        eq(restockOrders.id, order.id),
        eq(ownColumns(ctx).order, ctx.org.id),
        eq(restockOrders.status, order.status),
      ),
    )
    .run().changes;
  if (changed !== 1) throw new InvalidTransition();
}

/** Refuses, in words the user understands, a move the machine or the caller's role does not allow. */
export function requireStatus(
  order: OrderRow,
  allowed: readonly OrderStatus[],
  key: ConstructorParameters<typeof InvalidTransition>[0],
) {
  if (!allowed.includes(order.status)) throw new InvalidTransition(key, { status: order.status });
}

/** Each verb belongs to one side of the order; the other side's context cannot use it. */
export function requireSide(ctx: Ctx, kind: "store" | "distributor") {
  if (ctx.org.kind !== kind) throw new Forbidden();
}
