import { and, eq } from "drizzle-orm";
import { deliveryRuns, restockOrders } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { InvalidTransition, NotFound } from "../errors";
import { newId } from "../ids.server";
import { recordCreation } from "../state-machine.server";

/**
 * The run for one route on one date, created the first time an order needs it. One van, one
 * round: every confirmed order for that route and date is pooled into it.
 */
export function runFor(tx: WriteTx, ctx: Ctx, routeId: string, deliveryDate: string) {
  const existing = tx
    .select()
    .from(deliveryRuns)
    .where(
      and(
        eq(deliveryRuns.orgId, ctx.org.id),
        eq(deliveryRuns.routeId, routeId),
        eq(deliveryRuns.deliveryDate, deliveryDate),
      ),
    )
    .get();
  if (existing) return existing;
  const run = {
    id: newId(),
    orgId: ctx.org.id,
    routeId,
    deliveryDate,
    status: "planned" as const,
    createdAt: ctx.clock.now(),
  };
  tx.insert(deliveryRuns).values(run).run();
  recordCreation(tx, ctx, "run", run.id, "planned");
  return run;
}

/**
 * Puts a confirmed order on the run of its route and date. A run that has already left (or is
 * being picked) takes no more orders: the order waits for the route's next run instead, which
 * the caller chooses and tells the store about.
 */
export function attachToRun(
  tx: WriteTx,
  ctx: Ctx,
  order: { id: string; routeId: string | null; deliveryDate: string },
) {
  if (!order.routeId) return null;
  const run = runFor(tx, ctx, order.routeId, order.deliveryDate);
  if (run.status !== "planned") throw new InvalidTransition("run.alreadyStarted");
  tx.update(restockOrders)
    .set({ runId: run.id, updatedAt: ctx.clock.now() })
    .where(and(eq(restockOrders.id, order.id), eq(restockOrders.distributorOrgId, ctx.org.id)))
    .run();
  return run;
}

type Reader = Ctx["db"] | WriteTx;
export type RunRow = typeof deliveryRuns.$inferSelect;

/** A run of this distributor, or NotFound: another organisation's run id reads as missing. */
export function findRun(db: Reader, ctx: Ctx, runId: string): RunRow {
  const run = db
    .select()
    .from(deliveryRuns)
    .where(and(eq(deliveryRuns.id, runId), eq(deliveryRuns.orgId, ctx.org.id)))
    .get();
  if (!run) throw new NotFound();
  return run;
}
