import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { paymentRefunds, payments, type RefundReason, type RefundStatus } from "@db/schema";
import type { WriteTx } from "../context.server";
import { newId } from "../ids.server";
import { enqueue } from "../jobs/queue.server";
import { bookOnAccount } from "./account-booking.internal.server";
import type { PaymentRow } from "./payments.server";

// Refunds by bare id or by the provider's refund id: internal to the domain (the callers have
// scoped the payment to their organisation first, or hold a verified webhook).

type Reader = Db | WriteTx;
export type RefundRow = typeof paymentRefunds.$inferSelect;

export const REFUND_JOB = "payment.refund";

/**
 * Refund statuses that hold money back from being refunded again. A failed refund counts: it is
 * on the payee's list to be returned by hand, so nothing (a campaign's close after a withdrawal,
 * an order's later change) sends it to the provider a second time by itself.
 */
const COUNTED: RefundStatus[] = ["queued", "pending", "succeeded", "failed"];

/** What may still be refunded of a payment: taken, less refunds sent, in flight, waiting or failed. */
export function refundableFen(tx: Reader, payment: PaymentRow): number {
  if (payment.status !== "succeeded") return 0;
  const held =
    tx
      .select({ n: sql<number>`coalesce(sum(${paymentRefunds.amountFen}), 0)` })
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.paymentId, payment.id), inArray(paymentRefunds.status, COUNTED)))
      .get()?.n ?? 0;
  return Math.max(payment.capturedFen - held, 0);
}

/**
 * Decides a refund, INSIDE the caller's transaction (the withdrawal, the close, the order
 * change): the row is written `queued` and the `payment.refund` job enqueued (unique by refund
 * id); the provider is called by the job, never holding the write lock. Never more than is
 * still refundable. Returns the refund row, or null when there was nothing to refund.
 */
export function requestRefund(
  tx: WriteTx,
  payment: PaymentRow,
  amountFen: number,
  reason: RefundReason,
  now: number,
): RefundRow | null {
  const amount = Math.min(amountFen, refundableFen(tx, payment));
  if (amount <= 0) return null;
  const row: RefundRow = {
    id: newId(),
    paymentId: payment.id,
    orgId: payment.orgId,
    payeeOrgId: payment.payeeOrgId,
    amountFen: amount,
    reason,
    status: "queued",
    refundId: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
  tx.insert(paymentRefunds).values(row).run();
  enqueue(
    tx,
    { orgId: payment.orgId, kind: REFUND_JOB, payload: { refundId: row.id }, uniqueKey: `${REFUND_JOB}:${row.id}` },
    now,
  );
  return row;
}

export function refundById(db: Reader, id: string): RefundRow | undefined {
  return db.select().from(paymentRefunds).where(eq(paymentRefunds.id, id)).get();
}

/** The subset of a provider Refund the app reads. */
export type RefundSnapshot = {
  id: string;
  status: string | null;
  amount: number;
  metadata?: Record<string, string> | null;
  failure_reason?: string | null;
};

const RANK: Record<RefundStatus, number> = { queued: 0, pending: 1, succeeded: 2, failed: 2, canceled: 2 };

function statusOfRefund(status: string | null): RefundStatus {
  if (status === "succeeded" || status === "failed" || status === "canceled") return status;
  return "pending";
}

/**
 * The one place a provider Refund's state reaches the database (the job's answer, a refund
 * webhook, reconciliation). Statuses only move forward; the first move to `succeeded` adds the
 * amount to the payment's `refunded_fen` and, for an order, one entry on the store↔distributor
 * account (+amount: the store's payment is given back).
 */
export function applyRefund(tx: WriteTx, refund: RefundSnapshot, now: number): RefundRow | null {
  let row = tx.select().from(paymentRefunds).where(eq(paymentRefunds.refundId, refund.id)).get();
  const metaId = refund.metadata?.refund_row_id;
  if (!row && metaId) {
    const byMeta = refundById(tx, metaId);
    if (byMeta && byMeta.refundId === null) row = byMeta;
  }
  if (!row) return null;
  const next = statusOfRefund(refund.status);
  const moves = RANK[row.status] < 2 && RANK[next] > RANK[row.status];
  const update = {
    refundId: refund.id,
    status: moves ? next : row.status,
    lastError: moves && next === "failed" ? (refund.failure_reason ?? "failed") : row.lastError,
    updatedAt: now,
  };
  if (update.status === row.status && update.refundId === row.refundId) return row;
  tx.update(paymentRefunds).set(update).where(eq(paymentRefunds.id, row.id)).run();
  const after = { ...row, ...update };
  if (row.status !== "succeeded" && after.status === "succeeded") {
    tx.update(payments)
      .set({ refundedFen: sql`${payments.refundedFen} + ${after.amountFen}`, updatedAt: now })
      .where(eq(payments.id, after.paymentId))
      .run();
    const payment = tx.select().from(payments).where(eq(payments.id, after.paymentId)).get();
    if (payment) bookOnAccount(tx, payment, after.amountFen, `在线退款 ${refund.id}`, now);
  }
  return after;
}

/** Records a refused refund: final, for the payee's attention list. */
export function failRefund(tx: WriteTx, refundId: string, message: string, now: number) {
  tx.update(paymentRefunds)
    .set({ status: "failed", lastError: message.slice(0, 500), updatedAt: now })
    .where(and(eq(paymentRefunds.id, refundId), inArray(paymentRefunds.status, ["queued", "pending"])))
    .run();
}
