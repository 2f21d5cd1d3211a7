import { and, eq } from "drizzle-orm";
import { payments } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import type { IntentSnapshot } from "./payments.server";
import { applyIntent, recordPaymentError, refreshPayment } from "./payments.internal.server";
import { intentOfError, isUnexpectedState } from "./refresh-payment.server";
import { stripeClient } from "./stripe.server";

export type SettleResult = "done" | "already" | "skipped" | "not_authorised";

/**
 * The `payment.capture` job (ctx = the payer's system context): takes the money of an authorised
 * deposit. Safe to run twice: the provider call carries an idempotency key, an intent already
 * captured is success, and the row is updated by `applyIntent`, which moves a status only
 * forward. A network or provider fault throws, and the job is retried with backoff.
 */
export async function capturePayment(ctx: Ctx, paymentId: string): Promise<SettleResult> {
  requirePermission(ctx, "payment.capture");
  const { db } = ctx;
  const now = ctx.clock.now();
  const payment = db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.orgId, ctx.org.id)))
    .get();
  if (!payment) return "skipped";
  if (payment.provider === "offline") {
    if (payment.status === "offline" && payment.capturedFen === 0) {
      inTransaction(db, (tx) =>
        tx
          .update(payments)
          .set({ capturedFen: payment.amountFen, updatedAt: now })
          .where(and(eq(payments.id, payment.id), eq(payments.orgId, ctx.org.id)))
          .run(),
      );
    }
    return "done";
  }
  if (payment.status === "succeeded") return "already";
  if (!payment.intentId || payment.status === "canceled") return "skipped";
  let intent: IntentSnapshot;
  try {
    intent = await stripeClient().paymentIntents.capture(
      payment.intentId,
      {},
      { idempotencyKey: `capture:${payment.id}` },
    );
  } catch (error) {
    if (!isUnexpectedState(error)) throw error;
    // Captured already (by an earlier attempt), canceled, or never authorised: read what it is.
    const carried = intentOfError(error);
    const after = carried
      ? inTransaction(db, (tx) => applyIntent(tx, carried, now))?.payment
      : await refreshPayment(db, payment, now);
    if (after?.status === "succeeded") return "already";
    if (after && after.status !== "requires_capture") {
      inTransaction(db, (tx) => recordPaymentError(tx, payment.id, `capture refused: status ${after.status}`, now));
      return "not_authorised";
    }
    throw error;
  }
  inTransaction(db, (tx) => applyIntent(tx, intent, now));
  return "done";
}
