import { and, desc, eq, inArray, isNotNull, or } from "drizzle-orm";
import { payments, type PaymentStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";

type Reader = Ctx["db"] | WriteTx;
export type PaymentRow = typeof payments.$inferSelect;

/** Statuses after which nothing changes: the money moved, or it never will. */
export const FINAL_STATUSES: PaymentStatus[] = ["succeeded", "canceled", "failed"];
/** A Checkout Session waiting on the payer (open) or on an asynchronous method (processing). */
export const PENDING_STATUSES: PaymentStatus[] = ["requires_action", "processing"];

/**
 * The subset of a Checkout Session the app reads: what the session events carry and retrieve
 * returns. `payment_intent` is an id (or the expanded object).
 */
export type SessionSnapshot = {
  id: string;
  status: "open" | "complete" | "expired" | (string & {}) | null;
  payment_status: "paid" | "unpaid" | "no_payment_required" | (string & {});
  amount_total: number | null;
  payment_intent?: string | { id: string; status?: string } | null;
  metadata?: Record<string, string> | null;
  url?: string | null;
  expires_at?: number;
};

export function intentIdOf(session: SessionSnapshot): string | null {
  const pi = session.payment_intent;
  return typeof pi === "string" ? pi : (pi?.id ?? null);
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

/** Every payment of a subject by this payer, newest first. */
export function paymentsOfSubject(
  db: Reader,
  orgId: string,
  subject: PaymentRow["subject"],
  subjectId: string,
): PaymentRow[] {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.orgId, orgId), eq(payments.subject, subject), eq(payments.subjectId, subjectId)))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .all();
}

/** Checkout payments of an organisation (payer) still pending and untouched since `before`. */
export function stalePayments(db: Reader, orgId: string, before: number): PaymentRow[] {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.orgId, orgId),
        eq(payments.provider, "stripe"),
        inArray(payments.status, PENDING_STATUSES),
        isNotNull(payments.sessionId),
      ),
    )
    .all()
    .filter((p) => p.updatedAt <= before || (p.expiresAt !== null && p.expiresAt <= before));
}
