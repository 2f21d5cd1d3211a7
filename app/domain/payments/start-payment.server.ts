import { and, eq } from "drizzle-orm";
import { pledges, payments, restockOrders, type PaymentStatus, type PaymentSubject } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, Invalid, NotFound } from "../errors";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";
import { latestPayment, redirectUrlOf, type IntentSnapshot, type PaymentRow } from "./payments.server";
import { applyIntent, recordPaymentError } from "./payments.internal.server";
import { intentOfError } from "./refresh-payment.server";
import { paymentsConfig, stripeClient, type Stripe } from "./stripe.server";

export type StartPaymentInput = {
  subject: PaymentSubject;
  subjectId: string;
  payeeOrgId: string;
  amountFen: number;
  /** One of PAYMENT_METHOD_TYPES; the first configured one when absent. */
  methodType?: string;
  /** Where the provider sends the payer back (absolute URL). */
  returnUrl: string;
  /** `manual`: authorise now, capture later (deposits); `automatic`: charge now (orders). */
  capture: "manual" | "automatic";
};

export type StartPaymentResult = { paymentId: string; redirectUrl: string | null; status: PaymentStatus };

// An attempt the payer can still finish: reused rather than opening a second one.
const OPEN: PaymentStatus[] = ["requires_confirmation", "requires_action"];
// Money authorised, taken or promised: nothing to start.
const SETTLED: PaymentStatus[] = ["processing", "requires_capture", "succeeded", "offline"];

/**
 * The payer (ctx = the paying store) starts paying for a subject. The payment row is written
 * first, in its own transaction; the provider is called after it commits (never holding the
 * SQLite write lock over the network) with the payment id as idempotency key, so a retry after
 * a crash or a timeout gets the same PaymentIntent back. A second call for the same subject
 * reuses the open payment (and its redirect); a subject already paid or authorised answers with
 * that payment. With no key configured the payment is recorded as `offline`: to be settled by hand.
 */
export async function startPayment(ctx: Ctx, input: StartPaymentInput): Promise<StartPaymentResult> {
  requirePermission(ctx, "payment.start");
  const now = ctx.clock.now();
  if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) throw new Invalid("payments.amountInvalid");
  const config = paymentsConfig();
  const methodType = input.methodType ?? config?.methodTypes[0] ?? null;
  if (config && methodType && !config.methodTypes.includes(methodType)) throw new Invalid("payments.methodUnavailable");

  const { row, reused } = inTransaction(ctx.db, (tx) => {
    assertSubject(tx, ctx, input);
    const existing = latestPayment(tx, ctx.org.id, input.subject, input.subjectId);
    if (existing && existing.amountFen === input.amountFen) {
      if (SETTLED.includes(existing.status)) return { row: existing, reused: true };
      const fresh = existing.status === "requires_payment_method" && !existing.lastError;
      if (config && existing.provider === "stripe" && (OPEN.includes(existing.status) || fresh))
        return { row: existing, reused: true };
    }
    const created: PaymentRow = {
      id: newId(),
      orgId: ctx.org.id,
      payeeOrgId: input.payeeOrgId,
      subject: input.subject,
      subjectId: input.subjectId,
      amountFen: input.amountFen,
      currency: "cny",
      provider: config ? "stripe" : "offline",
      intentId: null,
      methodType: config ? methodType : null,
      status: config ? "requires_payment_method" : "offline",
      capturedFen: 0,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    tx.insert(payments).values(created).run();
    return { row: created, reused: false };
  });

  if (row.provider === "offline" || SETTLED.includes(row.status))
    return { paymentId: row.id, redirectUrl: null, status: row.status };

  const stripe = stripeClient();
  let intent: IntentSnapshot;
  try {
    intent =
      reused && row.intentId
        ? await stripe.paymentIntents.retrieve(row.intentId)
        : await stripe.paymentIntents.create(
            {
              amount: row.amountFen,
              currency: "cny",
              capture_method: input.capture,
              allowed_payment_method_types: [
                row.methodType as Stripe.PaymentIntentCreateParams.AllowedPaymentMethodType,
              ],
              confirm: true,
              payment_method_data: { type: row.methodType as Stripe.PaymentIntentCreateParams.PaymentMethodData.Type },
              ...(row.methodType === "wechat_pay"
                ? { payment_method_options: { wechat_pay: { client: "web" as const } } }
                : {}),
              return_url: input.returnUrl,
              metadata: { payment_id: row.id, org_id: row.orgId, subject: row.subject, subject_id: row.subjectId },
            },
            { idempotencyKey: `payment:${row.id}` },
          );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A refused confirmation still made an intent (Stripe returns it in the error): keep its id
    // and state, so the row shows the failure and reconciliation can read it.
    const refused = intentOfError(error);
    inTransaction(ctx.db, (tx) => {
      if (refused) applyIntent(tx, refused, now);
      recordPaymentError(tx, row.id, message, now);
    });
    throw new Conflict("payments.providerError");
  }
  const applied = inTransaction(ctx.db, (tx) => applyIntent(tx, intent, now));
  const status = applied?.payment.status ?? row.status;
  return { paymentId: row.id, redirectUrl: status === "requires_action" ? redirectUrlOf(intent) : null, status };
}

/** The payer may only pay for what is its own: its pledge, its order (to that order's distributor). */
function assertSubject(tx: WriteTx, ctx: Ctx, input: StartPaymentInput) {
  if (input.subject === "pledge_deposit") {
    const pledge = tx
      .select({ id: pledges.id, allianceOrgId: pledges.allianceOrgId })
      .from(pledges)
      .where(and(eq(pledges.id, input.subjectId), eq(pledges.storeOrgId, ctx.org.id)))
      .get();
    if (!pledge || pledge.allianceOrgId !== input.payeeOrgId) throw new NotFound();
    return;
  }
  const order = tx
    .select({ id: restockOrders.id, distributorOrgId: restockOrders.distributorOrgId })
    .from(restockOrders)
    .where(and(eq(restockOrders.id, input.subjectId), eq(restockOrders.storeOrgId, ctx.org.id)))
    .get();
  if (!order || order.distributorOrgId !== input.payeeOrgId) throw new NotFound();
}
