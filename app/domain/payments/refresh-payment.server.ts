import type { Db } from "@db/client";
import type { PaymentSubject } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { applyIntent, latestPayment, paymentById, type PaymentRow } from "./payments.server";
import { paymentsConfig, stripeClient, Stripe } from "./stripe.server";

/**
 * Asks the provider for the intent's state and applies it (the same update a webhook makes).
 * Used when the payer comes back from the payment page (so the page is right before the
 * webhook arrives) and by reconciliation (a webhook that never arrived). Returns the row after.
 */
export async function refreshPayment(db: Db, payment: PaymentRow, now = Date.now()): Promise<PaymentRow> {
  if (payment.provider !== "stripe" || !payment.intentId || !paymentsConfig()) return payment;
  const intent = await stripeClient().paymentIntents.retrieve(payment.intentId);
  const applied = inTransaction(db, (tx) => applyIntent(tx, intent, now));
  return applied?.payment ?? paymentById(db, payment.id) ?? payment;
}

/** The intent a Stripe error carries (e.g. payment_intent_unexpected_state), if any. */
export function intentOfError(error: unknown): Stripe.PaymentIntent | null {
  return error instanceof Stripe.errors.StripeError && error.payment_intent ? error.payment_intent : null;
}

export function isUnexpectedState(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeError && error.code === "payment_intent_unexpected_state";
}

/**
 * For a page the payer returns to from the provider: asks the provider about this payer's latest
 * payment of the subject first, so the page is right before the webhook arrives. Harmless when
 * payments are off or there is no payment.
 */
export async function refreshLatestPayment(
  ctx: Ctx,
  subject: PaymentSubject,
  subjectId: string,
): Promise<PaymentRow | null> {
  const payment = latestPayment(ctx.db, ctx.org.id, subject, subjectId);
  if (!payment) return null;
  return refreshPayment(ctx.db, payment);
}
