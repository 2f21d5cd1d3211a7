import { and, desc, eq, inArray, or } from "drizzle-orm";
import { payments, type PaymentStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
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
