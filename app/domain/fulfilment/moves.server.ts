import { and, eq } from "drizzle-orm";
import { deliveryRuns, type RunStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { InvalidTransition } from "../errors";
import { runMachine } from "../machines";
import { recordTransition, type ReasonInput } from "../state-machine.server";

// Orders move through the one order process both sides share.
export { transitionOrder } from "../restock/order-process.server";

/** Moves a run through its machine, recording the transition; conditional on the state read. */
export function moveRun(
  tx: WriteTx,
  ctx: Ctx,
  run: { id: string; status: RunStatus },
  to: RunStatus,
  reason: ReasonInput = null,
) {
  recordTransition(tx, ctx, runMachine, { entity: "run", entityId: run.id, from: run.status, to, reason });
  const changed = tx
    .update(deliveryRuns)
    .set({ status: to })
    .where(and(eq(deliveryRuns.id, run.id), eq(deliveryRuns.orgId, ctx.org.id), eq(deliveryRuns.status, run.status)))
    .run().changes;
  if (changed !== 1) throw new InvalidTransition();
}
