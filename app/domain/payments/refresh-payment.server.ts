import type { PaymentSubject } from "@db/schema";
import type { Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import { latestPayment, type PaymentRow } from "./payments.server";
import { refreshPayment } from "./payments.internal.server";

/**
 * For a page the payer returns to from the hosted page: asks the provider about this payer's
 * latest payment of the subject first, so the page is right before the webhook arrives (the
 * provider's answer, never the return URL, decides). Harmless when payments are off or there
 * is no payment. It only brings the row in line with what the provider says (as the webhook
 * would); it is the payer's own question, so it takes the payer's permission.
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
