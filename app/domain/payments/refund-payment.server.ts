import { and, eq } from "drizzle-orm";
import { payments } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import { applyRefund, failRefund, refundById } from "./refunds.internal.server";
import { paymentsConfig, Stripe, stripeClient } from "./stripe.server";

export type RefundJobResult = "sent" | "already" | "skipped" | "refused";

/**
 * The `payment.refund` job (ctx = the payer's system context): sends a queued refund through the
 * Refunds API with the idempotency key `refund:<payment id>:<refund id>` (a retry after a crash
 * gets the same refund back), then applies the answer (`pending` is followed by the refund
 * webhooks and reconciliation until it succeeds or fails). A refund the provider refuses (past
 * the method's window, more than was charged) is marked failed, for the payee's attention list;
 * a network or provider fault throws, and the queue retries with backoff.
 */
export async function sendRefund(ctx: Ctx, refundId: string): Promise<RefundJobResult> {
  requirePermission(ctx, "payment.refund");
  const { db } = ctx;
  const now = ctx.clock.now();
  const refund = refundById(db, refundId);
  if (!refund || refund.orgId !== ctx.org.id) return "skipped";
  if (refund.status !== "queued") return "already";
  const payment = db
    .select()
    .from(payments)
    .where(and(eq(payments.id, refund.paymentId), eq(payments.orgId, ctx.org.id)))
    .get();
  if (!payment || !paymentsConfig()) return "skipped";
  if (!payment.intentId) {
    inTransaction(db, (tx) => failRefund(tx, refund.id, "no charge to refund", now));
    return "refused";
  }
  let answer: Stripe.Refund;
  try {
    answer = await stripeClient().refunds.create(
      {
        payment_intent: payment.intentId,
        amount: refund.amountFen,
        reason: "requested_by_customer",
        // A destination charge: the payee's share comes back from its connected account.
        ...(payment.destinationAccountId ? { reverse_transfer: true } : {}),
        metadata: { refund_row_id: refund.id, payment_id: payment.id, reason: refund.reason },
      },
      { idempotencyKey: `refund:${payment.id}:${refund.id}` },
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      inTransaction(db, (tx) => failRefund(tx, refund.id, error.message, now));
      return "refused";
    }
    throw error;
  }
  inTransaction(db, (tx) => applyRefund(tx, answer, now));
  return "sent";
}
