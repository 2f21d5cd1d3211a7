import { and, desc, eq, inArray, or } from "drizzle-orm";
import { accountEntries, payments, type PaymentStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { newId } from "../ids.server";
import type { Stripe } from "./stripe.server";

type Reader = Ctx["db"] | WriteTx;
export type PaymentRow = typeof payments.$inferSelect;

/** Statuses after which nothing changes: the money moved, or it never will. */
export const FINAL_STATUSES: PaymentStatus[] = ["succeeded", "canceled"];
/** Still waiting on the payer or the provider: reconciliation looks at these. */
export const PENDING_STATUSES: PaymentStatus[] = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
];

// How far along a PaymentIntent is. A status never moves back except to a failure
// (requires_payment_method with an error) before authorisation: an event that arrives late
// (requires_action after requires_capture) cannot undo what a later one said.
const RANK: Record<PaymentStatus, number> = {
  requires_payment_method: 0,
  requires_confirmation: 1,
  requires_action: 2,
  processing: 3,
  requires_capture: 4,
  succeeded: 5,
  canceled: 5,
  offline: 5,
};

/** The subset of a PaymentIntent the app reads: what webhooks carry and retrieve returns. */
export type IntentSnapshot = {
  id: string;
  status: Stripe.PaymentIntent.Status;
  amount: number;
  amount_received?: number | null;
  metadata?: Record<string, string> | null;
  last_payment_error?: { message?: string | null; code?: string | null } | null;
  payment_method_types?: string[];
  next_action?: Stripe.PaymentIntent.NextAction | null;
};

/** Where the payer goes to approve: the redirect page, or the hosted WeChat Pay QR page. */
export function redirectUrlOf(intent: IntentSnapshot): string | null {
  const next = intent.next_action;
  if (!next) return null;
  return next.redirect_to_url?.url ?? next.wechat_pay_display_qr_code?.hosted_instructions_url ?? null;
}

export function paymentById(db: Reader, id: string): PaymentRow | undefined {
  return db.select().from(payments).where(eq(payments.id, id)).get();
}

/** One payment, as its payer or its payee sees it: another organisation's payment reads as missing. */
export function paymentOfOrg(db: Reader, orgId: string, id: string): PaymentRow | undefined {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.id, id), or(eq(payments.orgId, orgId), eq(payments.payeeOrgId, orgId))))
    .get();
}

/** The newest payment of a subject by this payer. */
export function latestPayment(
  db: Reader,
  orgId: string,
  subject: PaymentRow["subject"],
  subjectId: string,
): PaymentRow | undefined {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.orgId, orgId), eq(payments.subject, subject), eq(payments.subjectId, subjectId)))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .get();
}

export type AppliedIntent = { payment: PaymentRow; changed: boolean } | null;

/**
 * The one place a PaymentIntent's state reaches the database: webhooks, reconciliation, the
 * capture/cancel jobs and the payer's return all call it, in their transaction. The row is
 * found by intent id (or, before the id was stored, by the payment id in the metadata). A
 * move to `succeeded` of a restock order books the payment on the store's account, once: the
 * status only gets there once.
 */
export function applyIntent(tx: WriteTx, intent: IntentSnapshot, now = Date.now()): AppliedIntent {
  let row = tx.select().from(payments).where(eq(payments.intentId, intent.id)).get();
  const metaId = intent.metadata?.payment_id;
  if (!row && metaId) {
    const byMeta = paymentById(tx, metaId);
    if (byMeta && byMeta.provider === "stripe" && (byMeta.intentId === null || byMeta.intentId === intent.id))
      row = byMeta;
  }
  if (!row || row.provider !== "stripe") return null;

  const next = intent.status as PaymentStatus;
  const current = row.status;
  const failed = next === "requires_payment_method" && !!intent.last_payment_error;
  const moves =
    !FINAL_STATUSES.includes(current) &&
    (RANK[next] > RANK[current] ||
      (next === current && current !== "requires_payment_method") ||
      (failed && RANK[current] < RANK.requires_capture));
  const lastError =
    intent.last_payment_error?.message ?? (failed ? (intent.last_payment_error?.code ?? "failed") : null);
  const update = {
    intentId: intent.id,
    status: moves ? next : current,
    capturedFen: moves && next === "succeeded" ? (intent.amount_received ?? intent.amount) : row.capturedFen,
    lastError: moves ? lastError : row.lastError,
    updatedAt: now,
  };
  const changed = update.status !== current || update.intentId !== row.intentId || update.lastError !== row.lastError;
  if (!changed) return { payment: row, changed: false };
  tx.update(payments).set(update).where(eq(payments.id, row.id)).run();
  const payment = { ...row, ...update };
  if (current !== "succeeded" && payment.status === "succeeded") onSucceeded(tx, payment, now);
  return { payment, changed: true };
}

/** What a succeeded payment changes besides its own row. */
function onSucceeded(tx: WriteTx, payment: PaymentRow, now: number) {
  if (payment.subject !== "restock_order" || payment.capturedFen <= 0) return;
  // Natural key: one entry per payment (the order may carry other online entries, such as a
  // group-buy deposit credited at the campaign's close).
  const booked = tx
    .select({ id: accountEntries.id })
    .from(accountEntries)
    .where(
      and(
        eq(accountEntries.distributorOrgId, payment.payeeOrgId),
        eq(accountEntries.storeOrgId, payment.orgId),
        eq(accountEntries.orderId, payment.subjectId),
        eq(accountEntries.kind, "payment"),
        eq(accountEntries.method, "online"),
        eq(accountEntries.note, onlineNote(payment)),
      ),
    )
    .get();
  if (booked) return;
  tx.insert(accountEntries)
    .values({
      id: newId(),
      distributorOrgId: payment.payeeOrgId,
      storeOrgId: payment.orgId,
      kind: "payment",
      amountFen: -payment.capturedFen,
      orderId: payment.subjectId,
      method: "online",
      note: onlineNote(payment),
      actorId: null,
      createdAt: now,
    })
    .run();
}

/** The account entry's note: names the provider's payment, so the entry is found again. */
function onlineNote(payment: PaymentRow): string {
  return `在线支付 ${payment.intentId ?? payment.id}`;
}

/** Records a provider error on the row (the status stays as the provider last said). */
export function recordPaymentError(tx: WriteTx, paymentId: string, message: string, now = Date.now()) {
  tx.update(payments)
    .set({ lastError: message.slice(0, 500), updatedAt: now })
    .where(eq(payments.id, paymentId))
    .run();
}

/** Payments of an organisation (payer) still pending at the provider and untouched since `before`. */
export function stalePayments(db: Reader, orgId: string, before: number): PaymentRow[] {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.orgId, orgId), eq(payments.provider, "stripe"), inArray(payments.status, PENDING_STATUSES)))
    .all()
    .filter((p) => p.updatedAt <= before && p.intentId !== null && !isFailedAttempt(p));
}

/** A declined attempt: its intent waits for a new payment method that only a new attempt gives. */
export function isFailedAttempt(p: Pick<PaymentRow, "status" | "lastError">): boolean {
  return p.status === "requires_payment_method" && p.lastError !== null;
}
