import type { z } from "zod";
import { inTransaction, type Ctx } from "../context.server";
import { Conflict } from "../errors";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { moveRun } from "./moves.server";
import { findRun } from "./runs.server";
import { runOrders } from "./run-rows.server";
import type { runActionSchema } from "./start-picking.server";

/** The van is back: a run completes only when every stop is delivered or marked failed. */
export function completeRun(ctx: Ctx, runId: string, input: z.infer<typeof runActionSchema>) {
  requirePermission(ctx, "run.complete");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "fulfilment.complete", () => {
      const run = findRun(tx, ctx, runId);
      const open = runOrders(tx, ctx, run.id, ["out_for_delivery"]).length;
      moveRun(tx, ctx, run, "completed");
      if (open > 0) throw new Conflict("fulfilment.stopsOpen", { count: open });
      return { id: run.id };
    }),
  );
}
