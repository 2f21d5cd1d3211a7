import { and, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { payments } from "@db/schema";
import { inTransaction } from "../context.server";
import { applyIntent, recordPaymentError, type IntentSnapshot } from "./payments.server";
import type { SettleResult } from "./capture-payment.server";
import { intentOfError, isUnexpectedState, refreshPayment } from "./refresh-payment.server";
import { stripeClient } from "./stripe.server";

/**
 * The `payment.cancel` job: releases a deposit (an authorisation is voided, an unfinished
 * payment can no longer be completed). Safe to run twice: an intent already canceled is
 * success. One that succeeded meanwhile cannot be cancelled (that would be a refund): the row
 * keeps `succeeded` and says why in `last_error`, for a person to look at.
 */
export async function cancelPayment(db: Db, orgId: string, paymentId: string, now = Date.now()): Promise<SettleResult> {
  const payment = db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.orgId, orgId)))
    .get();
  if (!payment) return "skipped";
  if (payment.provider === "offline") {
    if (payment.status === "offline" && payment.capturedFen === 0) {
      inTransaction(db, (tx) =>
        tx.update(payments).set({ status: "canceled", updatedAt: now }).where(eq(payments.id, payment.id)).run(),
      );
    }
    return "done";
  }
  if (payment.status === "canceled") return "already";
  if (!payment.intentId) {
    // The provider was never reached: nothing to void there.
    inTransaction(db, (tx) =>
      tx.update(payments).set({ status: "canceled", updatedAt: now }).where(eq(payments.id, payment.id)).run(),
    );
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
    const after = intentOfError(error)
      ? inTransaction(db, (tx) => applyIntent(tx, intentOfError(error)!, now))?.payment
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
