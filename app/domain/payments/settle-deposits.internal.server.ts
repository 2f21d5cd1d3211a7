import { and, eq, inArray } from "drizzle-orm";
import { payments, pledges } from "@db/schema";
import type { WriteTx } from "../context.server";
import { enqueue } from "../jobs/queue.server";
import { FINAL_STATUSES, type PaymentRow } from "./payments.server";

export const CAPTURE_JOB = "payment.capture";
export const CANCEL_JOB = "payment.cancel";

// By campaign or pledge id alone (the callers have scoped them to their organisation first):
// internal to the domain.

/**
 * Called by the campaign close (and its cancel), INSIDE its transaction: the deposits follow
 * the outcome, and commit (or roll back) with it. Provider calls happen later, in jobs (`payment.capture` /
 * `payment.cancel`, one per payment, unique by payment id: a second close enqueues nothing).
 * - outcome "capture": deposits of active pledges that were authorised are captured; anything
 *   not authorised by now (the store never finished paying) and every withdrawn pledge's deposit
 *   is cancelled, so it can no longer be paid.
 * - outcome "release": every deposit is cancelled.
 * Offline deposits have nothing to call: the row records the outcome here (captured = to be
 * collected offline; released = canceled).
 */
export function settleCampaignDeposits(
  tx: WriteTx,
  campaignId: string,
  outcome: "capture" | "release",
  now: number,
): { capture: number; cancel: number } {
  const rows = tx
    .select({ payment: payments, pledgeStatus: pledges.status })
    .from(payments)
    .innerJoin(pledges, and(eq(pledges.id, payments.subjectId), eq(pledges.storeOrgId, payments.orgId)))
    .where(and(eq(pledges.campaignId, campaignId), eq(payments.subject, "pledge_deposit")))
    .all();
  let capture = 0;
  let cancel = 0;
  for (const { payment, pledgeStatus } of rows) {
    const keep = outcome === "capture" && pledgeStatus === "active";
    if (payment.provider === "offline") {
      markOffline(tx, payment, keep, now);
      continue;
    }
    if (FINAL_STATUSES.includes(payment.status)) continue;
    if (keep && payment.status === "requires_capture") {
      enqueuePaymentJob(tx, payment, CAPTURE_JOB, now);
      capture++;
    } else {
      enqueuePaymentJob(tx, payment, CANCEL_JOB, now);
      cancel++;
    }
  }
  return { capture, cancel };
}

/**
 * A pledge withdrawn, or changed before the deadline (its deposit is asked for again at the new
 * amount): its open deposit is cancelled, by a job, in the caller's transaction.
 */
export function releaseDeposit(tx: WriteTx, pledgeId: string, now: number): number {
  const pledge = tx.select({ storeOrgId: pledges.storeOrgId }).from(pledges).where(eq(pledges.id, pledgeId)).get();
  if (!pledge) return 0;
  const open = tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.orgId, pledge.storeOrgId),
        eq(payments.subject, "pledge_deposit"),
        eq(payments.subjectId, pledgeId),
        inArray(payments.status, [
          "requires_payment_method",
          "requires_confirmation",
          "requires_action",
          "processing",
          "requires_capture",
          "offline",
        ]),
      ),
    )
    .all();
  let released = 0;
  for (const payment of open) {
    if (payment.provider === "offline") {
      if (payment.capturedFen === 0) {
        markOffline(tx, payment, false, now);
        released++;
      }
      continue;
    }
    enqueuePaymentJob(tx, payment, CANCEL_JOB, now);
    released++;
  }
  return released;
}

function markOffline(tx: WriteTx, payment: PaymentRow, captured: boolean, now: number) {
  if (payment.status !== "offline" || payment.capturedFen > 0) return;
  tx.update(payments)
    .set(captured ? { capturedFen: payment.amountFen, updatedAt: now } : { status: "canceled", updatedAt: now })
    .where(eq(payments.id, payment.id))
    .run();
}

function enqueuePaymentJob(
  tx: WriteTx,
  payment: PaymentRow,
  kind: typeof CAPTURE_JOB | typeof CANCEL_JOB,
  now: number,
) {
  enqueue(
    tx,
    { orgId: payment.orgId, kind, payload: { paymentId: payment.id }, uniqueKey: `${kind}:${payment.id}` },
    now,
  );
}
