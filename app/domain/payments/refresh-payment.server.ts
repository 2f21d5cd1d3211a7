import type { PaymentSubject } from "@db/schema";
import type { Ctx } from "../context.server";
import { latestPayment, type PaymentRow } from "./payments.server";
import { refreshPayment } from "./payments.internal.server";
import { Stripe } from "./stripe.server";
import { requirePermission } from "../permission-check.server";

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
 * payments are off or there is no payment. It only brings the row in line with what the provider
 * says (as the webhook would); it is the payer's own question, so it takes the payer's permission.
 */
export async function refreshLatestPayment(
  ctx: Ctx,
  subject: PaymentSubject,
  subjectId: string,
): Promise<PaymentRow | null> {
  requirePermission(ctx, "payment.start");
  const payment = latestPayment(ctx.db, ctx.org.id, subject, subjectId);
  if (!payment) return null;
  return refreshPayment(ctx.db, payment, ctx.clock.now());
}
