import { and, eq, inArray, isNotNull, lte, or } from "drizzle-orm";
import type { Db } from "@db/client";
import { paymentRefunds, payments } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { enqueue } from "../jobs/queue.server";
import { requirePermission } from "../permission-check.server";
import { PENDING_STATUSES, stalePayments } from "./payments.server";
import { refreshPayment } from "./payments.internal.server";
import { applyRefund } from "./refunds.internal.server";
import { paymentsConfig, stripeClient } from "./stripe.server";

export const RECONCILE_JOB = "payment.reconcile";
/** A payment or refund still pending this long after its last change is asked about. */
export const RECONCILE_AFTER_MS = 10 * 60_000;
export const RECONCILE_EVERY_MS = 5 * 60_000;

/**
 * The schedule: one `payment.reconcile` job per organisation (payer) with a Checkout payment or
 * a refund pending longer than RECONCILE_AFTER_MS (or a session past its expiry), unique per
 * organisation and 5-minute slot (several workers running the schedule at once enqueue one job).
 */
export function enqueueReconciliation(db: Db, now: number): number {
  if (!paymentsConfig()) return 0;
  const before = now - RECONCILE_AFTER_MS;
  const payers = db
    .selectDistinct({ orgId: payments.orgId })
    .from(payments)
    .where(
      and(
        eq(payments.provider, "stripe"),
        inArray(payments.status, PENDING_STATUSES),
        isNotNull(payments.sessionId),
        or(lte(payments.updatedAt, before), lte(payments.expiresAt, before)),
      ),
    )
    .all();
  const refunders = db
    .selectDistinct({ orgId: paymentRefunds.orgId })
    .from(paymentRefunds)
    .where(
      and(
        eq(paymentRefunds.status, "pending"),
        isNotNull(paymentRefunds.refundId),
        lte(paymentRefunds.updatedAt, before),
      ),
    )
    .all();
  const orgs = [...new Set([...payers, ...refunders].map((r) => r.orgId))];
  const slot = Math.floor(now / RECONCILE_EVERY_MS);
  for (const orgId of orgs)
    enqueue(db, { orgId, kind: RECONCILE_JOB, uniqueKey: `${RECONCILE_JOB}:${orgId}:${slot}` }, now);
  return orgs.length;
}

/**
 * The job (ctx = the payer's system context): every stale Checkout payment of the organisation
 * is read back from the provider (its session, and for an asynchronous payment its
 * PaymentIntent), and every stale pending refund too; the same updates as the webhooks' are
 * applied. A lost webhook is repaired here. Returns how many rows changed status.
 */
export async function reconcilePayments(ctx: Ctx): Promise<number> {
  requirePermission(ctx, "payment.reconcile");
  if (!paymentsConfig()) return 0;
  const now = ctx.clock.now();
  const before = now - RECONCILE_AFTER_MS;
  let changed = 0;
  for (const payment of stalePayments(ctx.db, ctx.org.id, before)) {
    const after = await refreshPayment(ctx.db, payment, now);
    if (after.status !== payment.status) changed++;
  }
  const refunds = ctx.db
    .select()
    .from(paymentRefunds)
    .where(
      and(
        eq(paymentRefunds.orgId, ctx.org.id),
        eq(paymentRefunds.status, "pending"),
        isNotNull(paymentRefunds.refundId),
        lte(paymentRefunds.updatedAt, before),
      ),
    )
    .all();
  for (const refund of refunds) {
    const answer = await stripeClient().refunds.retrieve(refund.refundId ?? "");
    const after = inTransaction(ctx.db, (tx) => applyRefund(tx, answer, now));
    if (after && after.status !== refund.status) changed++;
  }
  return changed;
}
