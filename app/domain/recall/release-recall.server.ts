import { and, eq } from "drizzle-orm";
import { quarantinedLots, recalls } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { NotFound } from "../errors";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { log } from "./events.internal.server";
import { releaseRecallSchema } from "./fields.server";

/**
 * Ends a recall (or a drill) with who and why: its lots leave the quarantine and sell again.
 * Releasing a released recall changes nothing.
 */
export function releaseRecall(ctx: Ctx, recallId: string, raw: { requestId: string; reason: string }) {
  requirePermission(ctx, "recall.release");
  const input = releaseRecallSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `recall-release:${input.requestId}`, "recall.release", () => {
      const recall = tx
        .select()
        .from(recalls)
        .where(and(eq(recalls.id, recallId), eq(recalls.orgId, ctx.org.id)))
        .get();
      if (!recall) throw new NotFound();
      if (recall.status === "released") return { recallId, released: false };
      const now = ctx.clock.now();
      tx.update(recalls)
        .set({ status: "released", releasedAt: now, releasedBy: ctx.actor.id, releaseReason: input.reason })
        .where(eq(recalls.id, recallId))
        .run();
      tx.delete(quarantinedLots).where(eq(quarantinedLots.recallId, recallId)).run();
      log(tx, ctx, recallId, "release", input.reason, now);
      return { recallId, released: true };
    }),
  );
}
