import { and, eq } from "drizzle-orm";
import { produceDisputes, producePurchases, stockLots } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, Invalid, NotFound } from "../errors";
import { once } from "../idempotency.server";
import { applyMovement } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import { lineAmountFen } from "./amounts";
import { addFarmerEntry } from "./buy-produce.server";
import type { CorrectDisputeInput, RejectDisputeInput } from "./dispute-fields.server";

// The store answers a farmer's dispute (decision 047): a correction books the difference between
// the corrected line amount and the receipt's as ONE adjustment in the farmer account (positive:
// the store owes the farmer more), or a rejection with a reason the farmer reads on the receipt.
// The purchase row itself stays as bought: the receipt and the account show both. A corrected
// weight (or count) also corrects the lot it became, as far as the store still holds it.

function openDispute(tx: WriteTx, ctx: Ctx, disputeId: string) {
  const row = tx
    .select({ dispute: produceDisputes, purchase: producePurchases })
    .from(produceDisputes)
    .innerJoin(producePurchases, eq(producePurchases.id, produceDisputes.purchaseId))
    .where(and(eq(produceDisputes.id, disputeId), eq(produceDisputes.orgId, ctx.org.id)))
    .get();
  if (!row) throw new NotFound("produce.dispute.notFound");
  if (row.dispute.status !== "open") throw new Conflict("produce.dispute.resolved");
  return row;
}

/** Corrects the weight (or count) and/or the price; the difference goes to the farmer account. */
export function correctDispute(ctx: Ctx, disputeId: string, input: CorrectDisputeInput) {
  requirePermission(ctx, "produceDispute.resolve");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.dispute.correct", () => {
      const { dispute, purchase } = openDispute(tx, ctx, disputeId);
      let amountFen: number;
      try {
        amountFen = lineAmountFen(purchase.unit, input.qty, input.price);
      } catch {
        throw new Invalid("validation.tooLarge", {}, { qty: "validation.tooLarge" });
      }
      const adjustmentFen = amountFen - purchase.amountFen;
      if (adjustmentFen === 0) throw new Invalid("produce.dispute.noChange", {}, { qty: "produce.dispute.noChange" });
      correctLot(tx, ctx, purchase, input.qty - purchase.qty, dispute.id, input.answer || dispute.reason);
      const entryId = addFarmerEntry(tx, ctx, {
        farmerId: purchase.farmerId,
        kind: "adjustment",
        amountFen: adjustmentFen,
        purchaseId: purchase.id,
        note: input.answer || dispute.reason,
      });
      tx.update(produceDisputes)
        .set({
          status: "corrected",
          correctedQty: input.qty,
          correctedPriceFen: input.price,
          correctedAmountFen: amountFen,
          adjustmentFen,
          farmerEntryId: entryId,
          answer: input.answer || null,
          resolvedBy: ctx.actor.id,
          resolvedAt: ctx.clock.now(),
        })
        .where(eq(produceDisputes.id, dispute.id))
        .run();
      return { disputeId: dispute.id, adjustmentFen, amountFen };
    }),
  );
}

/**
 * The lot was weighed wrong: its stock follows the corrected weight, by one adjustment on that lot
 * (the product page lists it, with the answer as its note). Only what the store still holds of the
 * lot: units already sold or sent up on a run are counted where they went, and an emptied lot is
 * not brought back to life.
 */
function correctLot(
  tx: WriteTx,
  ctx: Ctx,
  purchase: typeof producePurchases.$inferSelect,
  delta: number,
  disputeId: string,
  note: string,
) {
  if (delta === 0) return;
  const lot = tx
    .select({ onHand: stockLots.onHand })
    .from(stockLots)
    .where(and(eq(stockLots.id, purchase.lotId), eq(stockLots.orgId, ctx.org.id)))
    .get();
  const held = Math.max(0, lot?.onHand ?? 0);
  const qty = delta > 0 ? (held > 0 ? delta : 0) : -Math.min(-delta, held);
  if (qty === 0) return;
  applyMovement(tx, ctx, {
    productId: purchase.productId,
    kind: "adjustment",
    qty,
    lotId: purchase.lotId,
    refType: "produce_dispute",
    refId: disputeId,
    note,
  });
}

/** Rejects the dispute with a reason the farmer sees on the receipt page; nothing is booked. */
export function rejectDispute(ctx: Ctx, disputeId: string, input: RejectDisputeInput) {
  requirePermission(ctx, "produceDispute.resolve");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.dispute.reject", () => {
      const { dispute } = openDispute(tx, ctx, disputeId);
      tx.update(produceDisputes)
        .set({ status: "rejected", answer: input.answer, resolvedBy: ctx.actor.id, resolvedAt: ctx.clock.now() })
        .where(eq(produceDisputes.id, dispute.id))
        .run();
      return { disputeId: dispute.id };
    }),
  );
}
