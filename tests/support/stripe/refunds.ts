import { reversalFor, undoReversal } from "./connect";
import { emit } from "./events";
import { invalid } from "./form";
import { intentOr404 } from "./intents";
import { DAY, newId, type Store } from "./store";
import type { Refund } from "./types";

// Refunds: never more than charged, refused after the method's window on the test clock; they
// settle (or fail, on request) after creation, giving a failed refund's transfer reversal back.

/** How long after the charge each method can still be refunded (Stripe: Alipay 90 days, WeChat Pay 180). */
export const REFUND_WINDOW_MS: Record<string, number> = { alipay: 90 * DAY, wechat_pay: 180 * DAY, card: 365 * DAY };

export function createRefund(store: Store, params: Record<string, unknown>): Refund {
  const { charges, connect, refunds } = store;
  const intentId = params.payment_intent as string | undefined;
  const chargeId = params.charge as string | undefined;
  const intent = intentId
    ? intentOr404(store, intentId)
    : chargeId && charges.get(chargeId)
      ? intentOr404(store, charges.get(chargeId)!.intentId)
      : null;
  if (!intent) throw invalid("Must provide a payment_intent or a charge.", "parameter_missing", "payment_intent");
  if (intent.status !== "succeeded" || !intent.latest_charge)
    throw invalid(
      `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
      "charge_not_refundable",
    );
  const charge = charges.get(intent.latest_charge)!;
  if (store.now() - charge.at > (REFUND_WINDOW_MS[charge.method] ?? 365 * DAY))
    throw invalid(`This ${charge.method} charge is too old to be refunded.`, "charge_expired_for_refund");
  const refunded = [...refunds.values()]
    .filter((r) => r.payment_intent === intent.id && (r.status === "pending" || r.status === "succeeded"))
    .reduce((n, r) => n + r.amount, 0);
  const left = intent.amount_received - refunded;
  const amount = params.amount === undefined ? left : Number(params.amount);
  if (!Number.isInteger(amount) || amount < 1)
    throw invalid("Invalid integer: amount", "parameter_invalid_integer", "amount");
  if (amount > left)
    throw invalid(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).`,
      "amount_too_large",
      "amount",
    );
  const reversal = reversalFor(connect, intent, amount, params);
  const refund: Refund = {
    id: newId("re"),
    object: "refund",
    amount,
    charge: intent.latest_charge,
    created: store.secs(),
    currency: intent.currency,
    failure_reason: null,
    metadata: (params.metadata ?? {}) as Record<string, string>,
    payment_intent: intent.id,
    reason: (params.reason as string | undefined) ?? null,
    status: "pending",
    transfer_reversal: reversal?.reversalId ?? null,
  };
  refunds.set(refund.id, refund);
  if (reversal) store.reversals.set(refund.id, reversal);
  emit(store, "refund.created", refund);
  if (!store.holdRefundsOn) queueMicrotask(() => settleRefund(store, refund));
  return refund;
}

export function settleRefund(store: Store, refund: Refund) {
  if (refund.status !== "pending") return;
  if (store.failRefunds.n > 0) {
    store.failRefunds.n--;
    const reversal = store.reversals.get(refund.id);
    if (reversal) undoReversal(store.connect, refund.payment_intent, reversal);
    refund.status = "failed";
    refund.failure_reason = store.failRefunds.reason;
    emit(store, "refund.failed", refund);
    return;
  }
  refund.status = "succeeded";
  emit(store, "refund.updated", refund);
}
