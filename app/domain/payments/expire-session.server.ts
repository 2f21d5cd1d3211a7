import { and, eq } from "drizzle-orm";
import { payments } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import { applySession, refreshPayment } from "./payments.internal.server";
import { paymentsConfig, Stripe, stripeClient } from "./stripe.server";

/**
 * The `payment.expire` job (ctx = the payer's system context): a deposit whose campaign closed
 * or whose pledge changed must no longer be payable, so its open Checkout Session is expired.
 * A session already complete answers with an error: the session is read instead (a payment
 * made meanwhile is refunded by `onDepositPaid`). Safe to run twice.
 */
export async function expireSession(ctx: Ctx, paymentId: string): Promise<"expired" | "already" | "skipped"> {
  requirePermission(ctx, "payment.refund");
  const { db } = ctx;
  const now = ctx.clock.now();
  const payment = db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.orgId, ctx.org.id)))
    .get();
  if (!payment?.sessionId || !paymentsConfig()) return "skipped";
  if (payment.status !== "requires_action") return "already";
  try {
    const session = await stripeClient().checkout.sessions.expire(payment.sessionId, undefined, {
      idempotencyKey: `expire:${payment.id}`,
    });
    inTransaction(db, (tx) => applySession(tx, session, now));
    return "expired";
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    await refreshPayment(db, payment, now);
    return "already";
  }
}
