import { and, eq, isNull } from "drizzle-orm";
import { quarantinedLots, recallLots, recalls, stockLots } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, Invalid, NotFound } from "../errors";
import { once } from "../idempotency.server";
import { applyMovement } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import { log } from "./events.internal.server";
import { confirmRecallSchema, type SettleUnitsInput } from "./fields.server";

/** A recall this store holds some of, or NotFound (another store's, or none of its lots). */
function recallOfStore(tx: WriteTx, ctx: Ctx, recallId: string) {
  const recall = tx.select().from(recalls).where(eq(recalls.id, recallId)).get();
  const held = recall
    ? tx
        .select({ id: recallLots.id })
        .from(recallLots)
        .where(and(eq(recallLots.recallId, recallId), eq(recallLots.orgId, ctx.org.id)))
        .get()
    : undefined;
  if (!recall || !held) throw new NotFound();
  return recall;
}

/**
 * The store says it has seen the recall and checked its shelf (a drill times this answer).
 * The first confirmation counts; a second changes nothing.
 */
export function confirmRecall(ctx: Ctx, recallId: string, raw: { requestId: string }) {
  requirePermission(ctx, "recall.act");
  const input = confirmRecallSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `recall-confirm:${input.requestId}`, "recall.confirm", () => {
      recallOfStore(tx, ctx, recallId);
      const now = ctx.clock.now();
      const done = tx
        .update(recallLots)
        .set({ confirmedAt: now, confirmedBy: ctx.actor.id })
        .where(and(eq(recallLots.recallId, recallId), eq(recallLots.orgId, ctx.org.id), isNull(recallLots.confirmedAt)))
        .run();
      if (done.changes > 0) log(tx, ctx, recallId, "confirm", "", now);
      return { recallId, confirmed: done.changes > 0 };
    }),
  );
}

/**
 * Quarantined units leave the shelf: handed to the next run's driver to go back (return) or
 * destroyed in the shop. A stock movement on the recalled lot itself, logged with the recall;
 * an emptied lot leaves the quarantine.
 */
export function settleRecalledUnits(ctx: Ctx, recallId: string, input: SettleUnitsInput) {
  requirePermission(ctx, "recall.act");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `recall-settle:${input.requestId}`, "recall.settle", () => {
      const recall = recallOfStore(tx, ctx, recallId);
      if (recall.kind === "drill") throw new Conflict("recall.drillKeepsStock");
      if (recall.status !== "open") throw new Conflict("recall.released");
      const lot = tx
        .select({ id: stockLots.id, productId: stockLots.productId, onHand: stockLots.onHand })
        .from(recallLots)
        .innerJoin(stockLots, eq(stockLots.id, recallLots.lotId))
        .where(
          and(eq(recallLots.recallId, recallId), eq(recallLots.orgId, ctx.org.id), eq(recallLots.lotId, input.lotId)),
        )
        .get();
      if (!lot) throw new NotFound();
      if (input.qty > lot.onHand)
        throw new Invalid("recall.moreThanHeld", { max: lot.onHand }, { qty: "recall.moreThanHeld" });
      const now = ctx.clock.now();
      applyMovement(tx, ctx, {
        productId: lot.productId,
        lotId: lot.id,
        kind: input.action === "return" ? "return" : "adjustment",
        reason: input.action === "destroy" ? "damaged" : null,
        qty: -input.qty,
        refType: "recall",
        refId: recallId,
        note: recall.reason,
        at: now,
      });
      if (lot.onHand === input.qty) tx.delete(quarantinedLots).where(eq(quarantinedLots.lotId, lot.id)).run();
      log(tx, ctx, recallId, input.action, recall.reason, now, { lotId: lot.id, qty: input.qty });
      return { recallId, lotId: lot.id, qty: input.qty, action: input.action };
    }),
  );
}
