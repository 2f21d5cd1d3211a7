import { and, eq } from "drizzle-orm";
import { restockOrders } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { InvalidTransition, NotFound } from "../errors";
import { findRun } from "./runs.server";

/** An order at a stop of a run that is on the road: the only kind a driver can act on. */
export function stopOrder(tx: WriteTx, ctx: Ctx, runId: string, orderId: string) {
  const run = findRun(tx, ctx, runId);
  const order = tx
    .select()
    .from(restockOrders)
    .where(
      and(
        eq(restockOrders.id, orderId),
        eq(restockOrders.runId, run.id),
        eq(restockOrders.distributorOrgId, ctx.org.id),
      ),
    )
    .get();
  if (!order) throw new NotFound();
  if (run.status !== "out_for_delivery") throw new InvalidTransition("fulfilment.notOnTheRoad");
  if (order.status !== "out_for_delivery") throw new InvalidTransition("fulfilment.stopClosed");
  return { run, order };
}
