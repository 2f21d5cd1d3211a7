import { randomBytes } from "node:crypto";
import { transferFor } from "./connect";
import { ApiError, invalid, missing } from "./form";
import { NO_MANUAL_CAPTURE, newId, type Store } from "./store";
import type { Intent } from "./types";

// PaymentIntents: made when the payer pays a Checkout Session (or seeded for the old design),
// succeeded (with the destination's transfer), captured or canceled only in the old design.

export function intentOr404(store: Store, id: string): Intent {
  const intent = store.intents.get(id);
  if (!intent) throw missing("payment_intent", id, "intent");
  return intent;
}

export function makeIntent(
  store: Store,
  amount: number,
  currency: string,
  types: string[],
  capture: Intent["capture_method"],
  metadata: Record<string, string>,
  { destination, fee }: { destination: string | null; fee: number },
): Intent {
  const intent: Intent = {
    id: newId("pi"),
    object: "payment_intent",
    amount,
    amount_capturable: 0,
    amount_received: 0,
    currency,
    status: "requires_payment_method",
    capture_method: capture,
    client_secret: "",
    created: store.secs(),
    livemode: false,
    metadata,
    payment_method_types: types,
    latest_charge: null,
    last_payment_error: null,
    next_action: null,
    canceled_at: null,
    cancellation_reason: null,
    transfer_data: destination ? { destination } : null,
    application_fee_amount: destination && fee ? fee : null,
  };
  intent.client_secret = `${intent.id}_secret_${randomBytes(8).toString("hex")}`;
  store.intents.set(intent.id, intent);
  return intent;
}

export function succeed(store: Store, intent: Intent, method: string) {
  intent.status = "succeeded";
  intent.amount_received = intent.amount;
  intent.amount_capturable = 0;
  intent.last_payment_error = null;
  intent.latest_charge ??= newId("ch");
  store.charges.set(intent.latest_charge, { intentId: intent.id, method, at: store.now() });
  transferFor(store.connect, intent, intent.application_fee_amount ?? 0, store.secs());
}

/** POST /v1/payment_intents: refused (payments go through Checkout Sessions). */
export function refuseCreateIntent(params: Record<string, unknown>): never {
  const types = (params.allowed_payment_method_types ?? params.payment_method_types ?? ["card"]) as string[];
  if (params.capture_method === "manual" && types.some((t) => NO_MANUAL_CAPTURE.includes(t)))
    throw invalid(
      "alipay and wechat_pay do not support capture_method=manual.",
      "payment_intent_invalid_parameter",
      "capture_method",
    );
  throw invalid("This server takes payments through Checkout Sessions only.", "parameter_unknown");
}

export function captureIntent(store: Store, intent: Intent): Intent {
  if (intent.status !== "requires_capture")
    throw new ApiError(400, {
      type: "invalid_request_error",
      code: "payment_intent_unexpected_state",
      message: `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
      payment_intent: structuredClone(intent),
    });
  succeed(store, intent, intent.payment_method_types[0] ?? "card");
  return intent;
}

export function cancelIntent(store: Store, intent: Intent): Intent {
  if (
    !["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"].includes(
      intent.status,
    )
  )
    throw new ApiError(400, {
      type: "invalid_request_error",
      code: "payment_intent_unexpected_state",
      message: `This PaymentIntent could not be canceled because it has a status of ${intent.status}.`,
      payment_intent: structuredClone(intent),
    });
  intent.status = "canceled";
  intent.amount_capturable = 0;
  intent.canceled_at = store.secs();
  intent.cancellation_reason = "requested_by_customer";
  return intent;
}
