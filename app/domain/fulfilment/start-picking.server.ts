import { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid } from "../errors";
import { requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { moveRun, transitionOrder } from "./moves.server";
import { findRun } from "./runs.server";
import { runOrders } from "./run-rows.server";

export const runActionSchema = z.object({ requestId: requestIdField() });

/**
 * The warehouse starts on a run: the run closes to new orders and every confirmed order on it
 * moves to picking, each with its own timeline row.
 */
export function startPicking(ctx: Ctx, runId: string, input: z.infer<typeof runActionSchema>) {
  requirePermission(ctx, "run.pick");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "fulfilment.startPicking", () => {
      const run = findRun(tx, ctx, runId);
      const orders = runOrders(tx, ctx, run.id, ["confirmed"]);
      moveRun(tx, ctx, run, "picking");
      if (orders.length === 0) throw new Invalid("fulfilment.emptyRun");
      for (const order of orders) transitionOrder(tx, ctx, order, "picking");
      return { id: run.id, orders: orders.length };
    }),
  );
}
