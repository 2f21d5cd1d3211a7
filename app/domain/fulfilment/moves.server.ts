import { and, eq } from "drizzle-orm";
import { deliveryRuns, restockOrders, type OrderStatus, type RunStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { InvalidTransition } from "../errors";
import { orderMachine, runMachine } from "../machines";
import { recordTransition } from "../state-machine.server";

/**
 * Moves an order through its machine and writes the timeline row in the same transaction. The
 * update is conditional on the state read, so a concurrent move makes this one fail, not both win.
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
    .where(and(eq(restockOrders.id, order.id), eq(restockOrders.distributorOrgId, ctx.org.id), eq(restockOrders.status, order.status)))
    .run().changes;
  if (changed !== 1) throw new InvalidTransition();
}

export function moveRun(tx: WriteTx, ctx: Ctx, run: { id: string; status: RunStatus }, to: RunStatus, reason: string | null = null) {
  recordTransition(tx, ctx, runMachine, { entity: "run", entityId: run.id, from: run.status, to, reason });
  const changed = tx
    .update(deliveryRuns)
    .set({ status: to })
    .where(and(eq(deliveryRuns.id, run.id), eq(deliveryRuns.orgId, ctx.org.id), eq(deliveryRuns.status, run.status)))
    .run().changes;
  if (changed !== 1) throw new InvalidTransition();
}
