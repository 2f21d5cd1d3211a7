import { and, eq } from "drizzle-orm";
import { pledges, payments, restockOrders, type PaymentStatus, type PaymentSubject } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, Invalid, NotFound } from "../errors";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";
import { latestPayment, type PaymentRow } from "./payments.server";
import { readyAccountId } from "./connected-accounts.server";
import { applySession, recordPaymentError } from "./payments.internal.server";
import { paymentsConfig, stripeClient, type Stripe } from "./stripe.server";

export type StartPaymentInput = {
  subject: PaymentSubject;
  subjectId: string;
  payeeOrgId: string;
  amountFen: number;
  /** What the payer reads on the hosted page (the campaign, the order). */
  description: string;
  /** Where the provider sends the payer back (absolute URL), paid or not. */
  returnUrl: string;
  /** The payer's phone puts Alipay first (WeChat Pay in a phone browser is a QR code to scan elsewhere). */
  phone?: boolean;
};

export type StartPaymentResult = { paymentId: string; redirectUrl: string | null; status: PaymentStatus };

/** With online deposits a campaign's deadline is at most this far away (Alipay refunds within 90 days). */
export const MAX_DEPOSIT_DEADLINE_DAYS = 60;
/** How long a Checkout Session takes payment (Stripe allows 30 min – 24 h). */
export const SESSION_LIFETIME_MS = 60 * 60_000;
// Money taken, on its way, or promised offline: nothing to start.
const SETTLED: PaymentStatus[] = ["processing", "requires_capture", "succeeded", "offline"];

/** The configured method types, Alipay first on a phone (see decision 035). */
export function methodOrder(types: string[], phone: boolean): string[] {
  if (!phone || !types.includes("alipay")) return types;
  return ["alipay", ...types.filter((t) => t !== "alipay")];
}

/**
 * The payer (ctx = the paying store) starts paying for a subject through a hosted Checkout
 * page. The payment row is written first, in its own transaction; the Checkout Session is
 * created after it commits (never holding the SQLite write lock over the network) with
 * `checkout:<payment id>` as idempotency key, so a retry after a crash or a timeout gets the
 * same session back. A second call for the same subject and amount reuses the open session;
 * a subject already paid answers with that payment. Paid is only ever learnt from a verified
 * webhook or reconciliation. With no key configured the payment is recorded `offline`.
 */
export async function startPayment(ctx: Ctx, input: StartPaymentInput): Promise<StartPaymentResult> {
  requirePermission(ctx, "payment.start");
  const now = ctx.clock.now();
  if (!Number.isInteger(input.amountFen) || input.amountFen <= 0) throw new Invalid("payments.amountInvalid");
  const config = paymentsConfig();

  const { row, reused } = inTransaction(ctx.db, (tx) => {
    assertSubject(tx, ctx, input);
    // The payee's money goes to its own connected account (a destination charge); a payee
    // without a ready one takes no online payments (decision 042).
    const destination = config ? readyAccountId(tx, input.payeeOrgId) : null;
    const existing = latestPayment(tx, ctx.org.id, input.subject, input.subjectId);
    if (existing && existing.amountFen === input.amountFen) {
      // An order is paid once; a deposit may be topped up by the same amount again (its
      // caller, payDeposit, has already checked what is still due).
      if (SETTLED.includes(existing.status) && (input.subject === "restock_order" || existing.status === "offline"))
        return { row: existing, reused: true };
      const open =
        existing.provider === "stripe" &&
        (existing.status === "requires_payment_method" ||
          (existing.status === "requires_action" && (existing.expiresAt ?? 0) > now + 60_000));
      if (config && open && existing.destinationAccountId === destination) return { row: existing, reused: true };
    }
    if (config && !destination) throw new Conflict("payments.payeeNotConnected");
    const created: PaymentRow = {
      id: newId(),
      orgId: ctx.org.id,
      payeeOrgId: input.payeeOrgId,
      subject: input.subject,
      subjectId: input.subjectId,
      amountFen: input.amountFen,
      currency: "cny",
      provider: config ? "stripe" : "offline",
      sessionId: null,
      expiresAt: config ? now + SESSION_LIFETIME_MS : null,
      intentId: null,
      methodType: null,
      status: config ? "requires_payment_method" : "offline",
      capturedFen: 0,
      refundedFen: 0,
      lastError: null,
      destinationAccountId: destination,
      createdAt: now,
      updatedAt: now,
    };
    tx.insert(payments).values(created).run();
    return { row: created, reused: false };
  });

  if (!config || row.provider === "offline" || (reused && SETTLED.includes(row.status)))
    return { paymentId: row.id, redirectUrl: null, status: row.status };

  const stripe = stripeClient();
  let session: Stripe.Checkout.Session;
  try {
    session =
      reused && row.sessionId
        ? await stripe.checkout.sessions.retrieve(row.sessionId)
        : await stripe.checkout.sessions.create(sessionParams(row, input, config.methodTypes), {
            idempotencyKey: `checkout:${row.id}`,
          });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    inTransaction(ctx.db, (tx) => recordPaymentError(tx, row.id, message, now));
    throw new Conflict("payments.providerError");
  }
  const applied = inTransaction(ctx.db, (tx) => applySession(tx, session, now));
  const status = applied?.payment.status ?? row.status;
  return { paymentId: row.id, redirectUrl: status === "requires_action" ? (session.url ?? null) : null, status };
}

/**
 * The Checkout Session: one line at the amount, charged at once (automatic capture), the
 * configured methods (WeChat Pay needs its `client`), the subject in `client_reference_id` and
 * metadata (on the PaymentIntent too), and an expiry. Written from the row, so a retry with the
 * same idempotency key sends the same request.
 */
function sessionParams(
  row: PaymentRow,
  input: StartPaymentInput,
  methodTypes: string[],
): Stripe.Checkout.SessionCreateParams {
  const types = methodOrder(methodTypes, input.phone ?? false);
  const metadata = { payment_id: row.id, org_id: row.orgId, subject: row.subject, subject_id: row.subjectId };
  const back = new URL(input.returnUrl);
  back.searchParams.set("session_id", "{CHECKOUT_SESSION_ID}");
  return {
    mode: "payment",
    line_items: [
      {
        quantity: 1,
        price_data: { currency: "cny", unit_amount: row.amountFen, product_data: { name: input.description } },
      },
    ],
    allowed_payment_method_types: types as Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType[],
    ...(types.includes("wechat_pay") ? { payment_method_options: { wechat_pay: { client: "web" as const } } } : {}),
    // A destination charge: the payee's connected account receives it (no platform fee).
    payment_intent_data: {
      capture_method: "automatic",
      metadata,
      ...(row.destinationAccountId ? { transfer_data: { destination: row.destinationAccountId } } : {}),
    },
    client_reference_id: row.subjectId,
    metadata,
    expires_at: Math.floor((row.expiresAt ?? row.createdAt + SESSION_LIFETIME_MS) / 1000),
    success_url: back.href.replace("%7BCHECKOUT_SESSION_ID%7D", "{CHECKOUT_SESSION_ID}"),
    cancel_url: input.returnUrl,
  };
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
