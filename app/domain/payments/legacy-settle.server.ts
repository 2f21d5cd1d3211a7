import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@db/client";
import { campaigns, payments, pledges, type PaymentStatus } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { enqueue } from "../jobs/queue.server";
import { requirePermission } from "../permission-check.server";
import type { PaymentRow } from "./payments.server";
import { paymentsConfig, Stripe, stripeClient } from "./stripe.server";

/**
 * ONE-TIME MIGRATION (decision 035). Before Checkout, deposits were PaymentIntents authorised
 * with manual capture and captured or cancelled at the campaign's close; order payments were
 * PaymentIntents confirmed server-side. This job settles whatever that design left unfinished,
 * and is the only code that still calls capture or cancel:
 * - a deposit authorised (`requires_capture`) for an active pledge of a campaign that already
 *   succeeded is captured (the old close credited it on the order already);
 * - every other unfinished intent is cancelled (an authorisation voided, an unpaid attempt
 *   closed): a deposit of a campaign still open then reads `due` and is paid through Checkout.
 * Rows of the old design are the ones with an intent id and no session id.
 */
export const LEGACY_JOB = "payment.legacy";
const UNFINISHED: PaymentStatus[] = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
];

function legacyRows(db: Db | WriteTx, orgId?: string): PaymentRow[] {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.provider, "stripe"),
        isNull(payments.sessionId),
        isNotNull(payments.intentId),
        inArray(payments.status, UNFINISHED),
        orgId ? eq(payments.orgId, orgId) : undefined,
      ),
    )
    .all();
}

/** The schedule (every worker at start-up, then hourly): one job per payer with legacy rows. */
export function enqueueLegacySettlement(db: Db, now: number): number {
  if (!paymentsConfig()) return 0;
  const orgs = [...new Set(legacyRows(db).map((p) => p.orgId))];
  for (const orgId of orgs) enqueue(db, { orgId, kind: LEGACY_JOB, uniqueKey: `${LEGACY_JOB}:${orgId}` }, now);
  return orgs.length;
}

function keepsDeposit(db: Db, payment: PaymentRow): boolean {
  if (payment.subject !== "pledge_deposit" || payment.status !== "requires_capture") return false;
  const row = db
    .select({ pledgeStatus: pledges.status, campaignStatus: campaigns.status })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(and(eq(pledges.id, payment.subjectId), eq(pledges.storeOrgId, payment.orgId)))
    .get();
  return row?.pledgeStatus === "active" && ["succeeded", "ordered", "delivered"].includes(row.campaignStatus);
}

/** The job (ctx = the payer's system context). Safe to run twice: keys and final states. */
export async function settleLegacyPayments(ctx: Ctx): Promise<{ captured: number; canceled: number }> {
  requirePermission(ctx, "payment.reconcile");
  if (!paymentsConfig()) return { captured: 0, canceled: 0 };
  const stripe = stripeClient();
  const now = ctx.clock.now();
  let captured = 0;
  let canceled = 0;
  for (const payment of legacyRows(ctx.db, ctx.org.id)) {
    const intentId = payment.intentId ?? "";
    const capture = keepsDeposit(ctx.db, payment);
    let intent: Stripe.PaymentIntent;
    try {
      intent = capture
        ? await stripe.paymentIntents.capture(intentId, {}, { idempotencyKey: `capture:${payment.id}` })
        : await stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey: `cancel:${payment.id}` });
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      intent = await stripe.paymentIntents.retrieve(intentId);
    }
    const status: PaymentStatus =
      intent.status === "succeeded" ? "succeeded" : intent.status === "canceled" ? "canceled" : payment.status;
    if (status === "succeeded") captured++;
    if (status === "canceled") canceled++;
    inTransaction(ctx.db, (tx) =>
      tx
        .update(payments)
        .set({
          status,
          capturedFen: status === "succeeded" ? (intent.amount_received ?? payment.amountFen) : payment.capturedFen,
          updatedAt: now,
        })
        .where(and(eq(payments.id, payment.id), eq(payments.orgId, ctx.org.id)))
        .run(),
    );
  }
  return { captured, canceled };
}
