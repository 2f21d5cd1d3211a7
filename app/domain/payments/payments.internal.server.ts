import { and, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { accountEntries, payments, type PaymentStatus } from "@db/schema";
import { inTransaction, type WriteTx } from "../context.server";
import { newId } from "../ids.server";
import { FINAL_STATUSES, type IntentSnapshot, type PaymentRow } from "./payments.server";
import { paymentsConfig, stripeClient } from "./stripe.server";

// Payments by bare id or by the provider's intent id, with no organisation filter: the state a
// signed webhook, a job or the payer's return reports is applied wherever the row is. Only the
// domain may call these (ESLint keeps routes, components and workers out of *.internal.server).

type Reader = Db | WriteTx;

// How far along a PaymentIntent is. A status never moves back except to a failure
// (requires_payment_method with an error) before authorisation: an event that arrives late
// (requires_action after requires_capture) cannot undo what a later one said.
const RANK: Record<PaymentStatus, number> = {
  requires_payment_method: 0,
  requires_confirmation: 1,
  requires_action: 2,
  processing: 3,
  requires_capture: 4,
  succeeded: 5,
  canceled: 5,
  offline: 5,
};

export function paymentById(db: Reader, id: string): PaymentRow | undefined {
  return db.select().from(payments).where(eq(payments.id, id)).get();
}

export type AppliedIntent = { payment: PaymentRow; changed: boolean } | null;

/**
 * The one place a PaymentIntent's state reaches the database: webhooks, reconciliation, the
 * capture/cancel jobs and the payer's return all call it, in their transaction. The row is
 * found by intent id (or, before the id was stored, by the payment id in the metadata). A
 * move to `succeeded` of a restock order books the payment on the store's account, once: the
 * status only gets there once.
 */
export function applyIntent(tx: WriteTx, intent: IntentSnapshot, now: number): AppliedIntent {
  let row = tx.select().from(payments).where(eq(payments.intentId, intent.id)).get();
  const metaId = intent.metadata?.payment_id;
  if (!row && metaId) {
    const byMeta = paymentById(tx, metaId);
    if (byMeta && byMeta.provider === "stripe" && (byMeta.intentId === null || byMeta.intentId === intent.id))
      row = byMeta;
  }
  if (!row || row.provider !== "stripe") return null;

  const next = intent.status as PaymentStatus;
  const current = row.status;
  const failed = next === "requires_payment_method" && !!intent.last_payment_error;
  const moves =
    !FINAL_STATUSES.includes(current) &&
    (RANK[next] > RANK[current] ||
      (next === current && current !== "requires_payment_method") ||
      (failed && RANK[current] < RANK.requires_capture));
  const lastError =
    intent.last_payment_error?.message ?? (failed ? (intent.last_payment_error?.code ?? "failed") : null);
  const update = {
    intentId: intent.id,
    status: moves ? next : current,
    capturedFen: moves && next === "succeeded" ? (intent.amount_received ?? intent.amount) : row.capturedFen,
    lastError: moves ? lastError : row.lastError,
    updatedAt: now,
  };
  const changed = update.status !== current || update.intentId !== row.intentId || update.lastError !== row.lastError;
  if (!changed) return { payment: row, changed: false };
  tx.update(payments).set(update).where(eq(payments.id, row.id)).run();
  const payment = { ...row, ...update };
  if (current !== "succeeded" && payment.status === "succeeded") onSucceeded(tx, payment, now);
  return { payment, changed: true };
}

/** What a succeeded payment changes besides its own row. */
function onSucceeded(tx: WriteTx, payment: PaymentRow, now: number) {
  if (payment.subject !== "restock_order" || payment.capturedFen <= 0) return;
  // Natural key: one entry per payment (the order may carry other online entries, such as a
  // group-buy deposit credited at the campaign's close).
  const booked = tx
    .select({ id: accountEntries.id })
    .from(accountEntries)
    .where(
      and(
        eq(accountEntries.distributorOrgId, payment.payeeOrgId),
        eq(accountEntries.storeOrgId, payment.orgId),
        eq(accountEntries.orderId, payment.subjectId),
        eq(accountEntries.kind, "payment"),
        eq(accountEntries.method, "online"),
        eq(accountEntries.note, onlineNote(payment)),
      ),
    )
    .get();
  if (booked) return;
  tx.insert(accountEntries)
    .values({
      id: newId(),
      distributorOrgId: payment.payeeOrgId,
      storeOrgId: payment.orgId,
      kind: "payment",
      amountFen: -payment.capturedFen,
      orderId: payment.subjectId,
      method: "online",
      note: onlineNote(payment),
      actorId: null,
      createdAt: now,
    })
    .run();
}

/** The account entry's note: names the provider's payment, so the entry is found again. */
function onlineNote(payment: PaymentRow): string {
  return `在线支付 ${payment.intentId ?? payment.id}`;
}

/** Records a provider error on the row (the status stays as the provider last said). */
export function recordPaymentError(tx: WriteTx, paymentId: string, message: string, now: number) {
  tx.update(payments)
    .set({ lastError: message.slice(0, 500), updatedAt: now })
    .where(eq(payments.id, paymentId))
    .run();
}

/**
 * Asks the provider for the intent's state and applies it (the same update a webhook makes).
 * Used when the payer comes back from the payment page (so the page is right before the
 * webhook arrives) and by reconciliation (a webhook that never arrived). Returns the row after.
 */
export async function refreshPayment(db: Db, payment: PaymentRow, now: number): Promise<PaymentRow> {
  if (payment.provider !== "stripe" || !payment.intentId || !paymentsConfig()) return payment;
  const intent = await stripeClient().paymentIntents.retrieve(payment.intentId);
  const applied = inTransaction(db, (tx) => applyIntent(tx, intent, now));
  return applied?.payment ?? paymentById(db, payment.id) ?? payment;
}
