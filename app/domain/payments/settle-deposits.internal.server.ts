import { and, eq } from "drizzle-orm";
import { campaigns, payments, pledges, type RefundReason } from "@db/schema";
import type { Db } from "@db/client";
import type { WriteTx } from "../context.server";
import { enqueue } from "../jobs/queue.server";
import type { PaymentRow } from "./payments.server";
import { refundableFen, requestRefund } from "./refunds.internal.server";

export const EXPIRE_JOB = "payment.expire";

// By campaign or pledge id alone (the callers have scoped them to their organisation first):
// internal to the domain. Deposits are charged at once (Checkout, automatic capture); what must
// not be kept is refunded by `payment.refund` jobs, and a session still open is expired by a
// `payment.expire` job so it can no longer be paid (decision 035).

function depositsOfPledge(tx: Db | WriteTx, pledgeId: string, storeOrgId: string): PaymentRow[] {
  return tx
    .select()
    .from(payments)
    .where(
      and(eq(payments.orgId, storeOrgId), eq(payments.subject, "pledge_deposit"), eq(payments.subjectId, pledgeId)),
    )
    .all();
}

/** What the store has paid towards its pledge's deposit and not had back (nor has coming back). */
export function depositHeldFen(tx: Db | WriteTx, pledgeId: string, storeOrgId: string): number {
  return depositsOfPledge(tx, pledgeId, storeOrgId).reduce((n, p) => n + refundableFen(tx, p), 0);
}

/** Refunds up to `amountFen` of a pledge's paid deposits, newest payment first. */
function refundDeposits(tx: WriteTx, rows: PaymentRow[], amountFen: number, reason: RefundReason, now: number): number {
  let left = amountFen;
  const newestFirst = [...rows].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  for (const payment of newestFirst) {
    if (left <= 0) break;
    const refund = requestRefund(tx, payment, left, reason, now);
    if (refund) left -= refund.amountFen;
  }
  return amountFen - left;
}

/** A Checkout Session still open: expired by a job, so the deposit can no longer be paid. */
function expireOpen(tx: WriteTx, rows: PaymentRow[], now: number): number {
  let n = 0;
  for (const payment of rows) {
    if (payment.provider !== "stripe" || payment.status !== "requires_action" || !payment.sessionId) continue;
    enqueue(
      tx,
      {
        orgId: payment.orgId,
        kind: EXPIRE_JOB,
        payload: { paymentId: payment.id },
        uniqueKey: `${EXPIRE_JOB}:${payment.id}`,
      },
      now,
    );
    n++;
  }
  return n;
}

/**
 * Called by the campaign close (and its cancel), INSIDE its transaction: the deposits follow
 * the outcome, and commit (or roll back) with it. Provider calls happen later, in jobs.
 * - "keep" (succeeded): paid deposits of active pledges stay (credited on the order by the
 *   close); sessions still open are expired.
 * - "failed" / "cancelled": every paid deposit is refunded; open sessions are expired.
 * Offline deposits have nothing to call: the row records the outcome here (kept = to be
 * collected offline; released = canceled).
 */
export function settleCampaignDeposits(
  tx: WriteTx,
  campaignId: string,
  outcome: "keep" | "failed" | "cancelled",
  now: number,
): { refunded: number; expired: number } {
  const rows = tx
    .select({ payment: payments, pledgeStatus: pledges.status })
    .from(payments)
    .innerJoin(pledges, and(eq(pledges.id, payments.subjectId), eq(pledges.storeOrgId, payments.orgId)))
    .where(and(eq(pledges.campaignId, campaignId), eq(payments.subject, "pledge_deposit")))
    .all();
  let refunded = 0;
  const online: PaymentRow[] = [];
  for (const { payment, pledgeStatus } of rows) {
    const keep = outcome === "keep" && pledgeStatus === "active";
    if (payment.provider === "offline") {
      markOffline(tx, payment, keep, now);
      continue;
    }
    online.push(payment);
    if (!keep && payment.status === "succeeded") {
      const reason = outcome === "cancelled" ? "campaign_cancelled" : "campaign_failed";
      refunded += refundDeposits(tx, [payment], payment.capturedFen, reason, now);
    }
  }
  return { refunded, expired: expireOpen(tx, online, now) };
}

/**
 * A pledge withdrawn before the deadline: its paid deposit is refunded and any open session
 * expired, by jobs, in the caller's transaction. Offline deposits are marked released.
 */
export function releaseDeposit(tx: WriteTx, pledgeId: string, now: number): number {
  return adjustDeposit(tx, pledgeId, 0, now, "pledge_withdrawn");
}

/**
 * A pledge's deposit changed before the deadline to `depositFen`: what was paid beyond it is
 * refunded (a raised pledge asks for the difference on its page); sessions for the old amount
 * are expired. Returns the amount sent back.
 */
export function adjustDeposit(
  tx: WriteTx,
  pledgeId: string,
  depositFen: number,
  now: number,
  reason: RefundReason = "pledge_lowered",
): number {
  const pledge = tx.select({ storeOrgId: pledges.storeOrgId }).from(pledges).where(eq(pledges.id, pledgeId)).get();
  if (!pledge) return 0;
  const rows = depositsOfPledge(tx, pledgeId, pledge.storeOrgId);
  for (const payment of rows) if (payment.provider === "offline") markOffline(tx, payment, false, now);
  const online = rows.filter((p) => p.provider === "stripe");
  expireOpen(tx, online, now);
  const held = online.reduce((n, p) => n + refundableFen(tx, p), 0);
  return held > depositFen ? refundDeposits(tx, online, held - depositFen, reason, now) : 0;
}

/**
 * A deposit's payment succeeded (webhook or reconciliation, in its transaction). Kept only as
 * far as the pledge still asks for it while its campaign is open; anything else — a pledge
 * withdrawn or lowered meanwhile, a campaign closed before the money arrived — goes back.
 */
export function onDepositPaid(tx: WriteTx, payment: PaymentRow, now: number) {
  const row = tx
    .select({ pledge: pledges, campaignStatus: campaigns.status })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(and(eq(pledges.id, payment.subjectId), eq(pledges.storeOrgId, payment.orgId)))
    .get();
  if (!row) return;
  const { pledge, campaignStatus } = row;
  if (campaignStatus !== "open") {
    requestRefund(tx, payment, payment.capturedFen, "paid_after_close", now);
    return;
  }
  if (pledge.status !== "active") {
    requestRefund(tx, payment, payment.capturedFen, "pledge_withdrawn", now);
    return;
  }
  const held = depositHeldFen(tx, pledge.id, pledge.storeOrgId);
  if (held > pledge.depositFen) requestRefund(tx, payment, held - pledge.depositFen, "pledge_lowered", now);
}

function markOffline(tx: WriteTx, payment: PaymentRow, captured: boolean, now: number) {
  if (payment.status !== "offline" || payment.capturedFen > 0) return;
  tx.update(payments)
    .set(captured ? { capturedFen: payment.amountFen, updatedAt: now } : { status: "canceled", updatedAt: now })
    .where(eq(payments.id, payment.id))
    .run();
}
