import { eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { payments, type PaymentStatus } from "@db/schema";
import { inTransaction, type WriteTx } from "../context.server";
import { bookOnAccount } from "./account-booking.internal.server";
import { onDepositPaid } from "./settle-deposits.internal.server";
import { intentIdOf, type PaymentRow, type SessionSnapshot } from "./payments.server";
import { paymentsConfig, stripeClient } from "./stripe.server";

// Payments by bare id or by the provider's session id, with no organisation filter: the state a
// signed webhook, a job or reconciliation reports is applied wherever the row is. Only the
// domain may call these (ESLint keeps routes, components and workers out of *.internal.server).

type Reader = Db | WriteTx;

// How far along a Checkout payment is. Final statuses never change, and a status never moves
// back: an event that arrives late (completed-but-unpaid after async success) changes nothing.
const RANK: Record<PaymentStatus, number> = {
  requires_payment_method: 0,
  requires_confirmation: 0,
  requires_action: 1,
  processing: 2,
  requires_capture: 2,
  succeeded: 3,
  failed: 3,
  canceled: 3,
  offline: 3,
};

export function paymentById(db: Reader, id: string): PaymentRow | undefined {
  return db.select().from(payments).where(eq(payments.id, id)).get();
}

/**
 * What a Checkout Session says about its payment. `asyncFailed`: the session is complete but its
 * asynchronous payment failed (the `checkout.session.async_payment_failed` event, or the
 * PaymentIntent read by reconciliation).
 */
export function statusOfSession(session: SessionSnapshot, asyncFailed = false): PaymentStatus {
  if (session.status === "expired") return "canceled";
  if (session.status === "complete") {
    if (session.payment_status === "paid" || session.payment_status === "no_payment_required") return "succeeded";
    return asyncFailed ? "failed" : "processing";
  }
  return "requires_action";
}

export type AppliedSession = { payment: PaymentRow; changed: boolean } | null;

/**
 * The one place a Checkout Session's state reaches the database: webhooks, reconciliation and
 * the jobs call it, in their transaction. The row is found by session id (or, before the id was
 * stored, by the payment id in the metadata). The first move to `succeeded` books what it must:
 * a restock order's payment on the store's account, a deposit checked against its pledge.
 */
export function applySession(
  tx: WriteTx,
  session: SessionSnapshot,
  now: number,
  { asyncFailed = false } = {},
): AppliedSession {
  let row = tx.select().from(payments).where(eq(payments.sessionId, session.id)).get();
  const metaId = session.metadata?.payment_id;
  if (!row && metaId) {
    const byMeta = paymentById(tx, metaId);
    if (byMeta && byMeta.provider === "stripe" && byMeta.sessionId === null) row = byMeta;
  }
  if (!row || row.provider !== "stripe") return null;

  const next = statusOfSession(session, asyncFailed);
  const current = row.status;
  const moves = RANK[current] < 3 && RANK[next] > RANK[current];
  const update = {
    sessionId: session.id,
    intentId: intentIdOf(session) ?? row.intentId,
    expiresAt: session.expires_at ? session.expires_at * 1000 : row.expiresAt,
    status: moves ? next : current,
    capturedFen: moves && next === "succeeded" ? (session.amount_total ?? row.amountFen) : row.capturedFen,
    lastError: moves && next === "failed" ? "async payment failed" : row.lastError,
  };
  const changed =
    update.status !== current ||
    update.sessionId !== row.sessionId ||
    update.intentId !== row.intentId ||
    update.expiresAt !== row.expiresAt;
  if (!changed) return { payment: row, changed: false };
  tx.update(payments)
    .set({ ...update, updatedAt: now })
    .where(eq(payments.id, row.id))
    .run();
  const payment = { ...row, ...update, updatedAt: now };
  if (current !== "succeeded" && payment.status === "succeeded") onSucceeded(tx, payment, now);
  return { payment, changed: true };
}

/** What a succeeded payment changes besides its own row. */
function onSucceeded(tx: WriteTx, payment: PaymentRow, now: number) {
  if (payment.subject === "pledge_deposit") {
    onDepositPaid(tx, payment, now);
    return;
  }
  if (payment.capturedFen <= 0) return;
  bookOnAccount(
    tx,
    payment,
    -payment.capturedFen,
    `在线支付 ${payment.sessionId ?? payment.intentId ?? payment.id}`,
    now,
  );
}

/** Records a provider error on the row (the status stays as the provider last said). */
export function recordPaymentError(tx: WriteTx, paymentId: string, message: string, now: number) {
  tx.update(payments)
    .set({ lastError: message.slice(0, 500), updatedAt: now })
    .where(eq(payments.id, paymentId))
    .run();
}

/**
 * Asks the provider for the session's state and applies it (the same update a webhook makes):
 * reconciliation (a webhook that never arrived) and the payer's return. A session complete but
 * unpaid is an asynchronous payment: its PaymentIntent says whether it failed. Returns the row after.
 */
export async function refreshPayment(db: Db, payment: PaymentRow, now: number): Promise<PaymentRow> {
  if (payment.provider !== "stripe" || !payment.sessionId || !paymentsConfig()) return payment;
  const stripe = stripeClient();
  const session = await stripe.checkout.sessions.retrieve(payment.sessionId);
  let asyncFailed = false;
  const intentId = intentIdOf(session);
  if (session.status === "complete" && session.payment_status === "unpaid" && intentId) {
    const intent = await stripe.paymentIntents.retrieve(intentId);
    asyncFailed = intent.status === "requires_payment_method" || intent.status === "canceled";
  }
  const applied = inTransaction(db, (tx) => applySession(tx, session, now, { asyncFailed }));
  return applied?.payment ?? paymentById(db, payment.id) ?? payment;
}
