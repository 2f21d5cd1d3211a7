import { and, eq, inArray, isNotNull, isNull, lte, ne, or } from "drizzle-orm";
import type { Db } from "@db/client";
import { payments } from "@db/schema";
import type { Ctx } from "../context.server";
import { enqueue } from "../jobs/queue.server";
import { requirePermission } from "../permission-check.server";
import { PENDING_STATUSES, stalePayments } from "./payments.server";
import { refreshPayment } from "./payments.internal.server";
import { paymentsConfig } from "./stripe.server";

export const RECONCILE_JOB = "payment.reconcile";
/** A payment still pending this long after its last change is asked about. */
export const RECONCILE_AFTER_MS = 10 * 60_000;
export const RECONCILE_EVERY_MS = 5 * 60_000;

/**
 * The schedule: one `payment.reconcile` job per organisation with payments pending longer than
 * RECONCILE_AFTER_MS, unique per organisation and 5-minute slot (several workers running the
 * schedule at once enqueue one job).
 */
export function enqueueReconciliation(db: Db, now: number): number {
  if (!paymentsConfig()) return 0;
  const orgs = db
    .selectDistinct({ orgId: payments.orgId })
    .from(payments)
    .where(
      and(
        eq(payments.provider, "stripe"),
        inArray(payments.status, PENDING_STATUSES),
        lte(payments.updatedAt, now - RECONCILE_AFTER_MS),
        isNotNull(payments.intentId),
        // A declined attempt stays as it is (see isFailedAttempt).
        or(ne(payments.status, "requires_payment_method"), isNull(payments.lastError)),
      ),
    )
    .all();
  const slot = Math.floor(now / RECONCILE_EVERY_MS);
  for (const { orgId } of orgs)
    enqueue(db, { orgId, kind: RECONCILE_JOB, uniqueKey: `${RECONCILE_JOB}:${orgId}:${slot}` }, now);
  return orgs.length;
}

/**
 * The job (ctx = the payer's system context): every stale pending payment of the organisation
 * is retrieved from the provider and the same update as a webhook's is applied. A lost webhook
 * is repaired here. Returns how many rows changed status.
 */
export async function reconcilePayments(ctx: Ctx): Promise<number> {
  requirePermission(ctx, "payment.reconcile");
  if (!paymentsConfig()) return 0;
  const now = ctx.clock.now();
  let changed = 0;
  for (const payment of stalePayments(ctx.db, ctx.org.id, now - RECONCILE_AFTER_MS)) {
    const after = await refreshPayment(ctx.db, payment, now);
    if (after.status !== payment.status) changed++;
  }
  return changed;
}
