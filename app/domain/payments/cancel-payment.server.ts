import { and, eq } from "drizzle-orm";
import { payments } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import type { SettleResult } from "./capture-payment.server";
import type { IntentSnapshot } from "./payments.server";
import { applyIntent, recordPaymentError, refreshPayment } from "./payments.internal.server";
import { intentOfError, isUnexpectedState } from "./refresh-payment.server";
import { stripeClient } from "./stripe.server";

/**
 * The `payment.cancel` job (ctx = the payer's system context): releases a deposit (an
 * authorisation is voided, an unfinished payment can no longer be completed). Safe to run
 * twice: an intent already canceled is success. One that succeeded meanwhile cannot be
 * cancelled (that would be a refund): the row keeps `succeeded` and says why in `last_error`,
 * for a person to look at.
 */
export async function cancelPayment(ctx: Ctx, paymentId: string): Promise<SettleResult> {
  requirePermission(ctx, "payment.cancel");
  const { db } = ctx;
  const now = ctx.clock.now();
  const payment = db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.orgId, ctx.org.id)))
    .get();
  if (!payment) return "skipped";
  const markCanceled = () =>
    inTransaction(db, (tx) =>
      tx
        .update(payments)
        .set({ status: "canceled", updatedAt: now })
        .where(and(eq(payments.id, payment.id), eq(payments.orgId, ctx.org.id)))
        .run(),
    );
  if (payment.provider === "offline") {
    if (payment.status === "offline" && payment.capturedFen === 0) markCanceled();
    return "done";
  }
  if (payment.status === "canceled") return "already";
  if (!payment.intentId) {
    // The provider was never reached: nothing to void there.
    markCanceled();
    return "done";
  }
  let intent: IntentSnapshot;
  try {
    intent = await stripeClient().paymentIntents.cancel(
      payment.intentId,
      {},
      { idempotencyKey: `cancel:${payment.id}` },
    );
  } catch (error) {
    if (!isUnexpectedState(error)) throw error;
    const carried = intentOfError(error);
    const after = carried
      ? inTransaction(db, (tx) => applyIntent(tx, carried, now))?.payment
      : await refreshPayment(db, payment, now);
    if (after?.status === "canceled") return "already";
    if (after?.status === "succeeded") {
      inTransaction(db, (tx) =>
        recordPaymentError(tx, payment.id, "cancel refused: the payment had already succeeded (refund by hand)", now),
      );
      return "not_authorised";
    }
    throw error;
  }
  inTransaction(db, (tx) => applyIntent(tx, intent, now));
  return "done";
}
