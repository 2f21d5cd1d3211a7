import { destinationOf } from "./connect";
import { emit } from "./events";
import { invalid, missing } from "./form";
import { NO_MANUAL_CAPTURE, newId, type Store } from "./store";
import type { Session } from "./types";

// Checkout Sessions: created with the checks the payment design rests on, expired on the test
// clock or on request.

const KNOWN_METHODS = ["card", "alipay", "wechat_pay"];

export function sessionOr404(store: Store, id: string): Session {
  const session = store.sessions.get(id);
  if (!session) throw missing("checkout.session", id, "session");
  return session;
}

export function expireDue(store: Store) {
  for (const session of store.sessions.values())
    if (session.status === "open" && session.expires_at * 1000 <= store.now()) expire(store, session);
}

export function expire(store: Store, session: Session) {
  session.status = "expired";
  session.url = null;
  emit(store, "checkout.session.expired", session);
}

/** POST /v1/checkout/sessions/:id/expire: only an open session. */
export function expireOnRequest(store: Store, session: Session) {
  if (session.status !== "open")
    throw invalid(
      `Only Checkout Sessions with a status in [open] can be expired; this one is ${session.status}.`,
      "checkout_session_not_open",
    );
  expire(store, session);
}

export function createSession(store: Store, params: Record<string, unknown>): Session {
  if (params.mode !== "payment")
    throw invalid("Only mode=payment is supported here.", "parameter_invalid_string", "mode");
  const items = (params.line_items ?? []) as { quantity?: string; price_data?: Record<string, unknown> }[];
  if (!Array.isArray(items) || !items.length)
    throw invalid("Missing required param: line_items.", "parameter_missing", "line_items");
  let amount = 0;
  let currency = "";
  for (const [i, item] of items.entries()) {
    const price = item.price_data ?? {};
    const unit = Number(price.unit_amount);
    const qty = Number(item.quantity ?? 1);
    if (!Number.isInteger(unit) || unit < 1 || !Number.isInteger(qty) || qty < 1)
      throw invalid(
        "Invalid integer: unit_amount",
        "parameter_invalid_integer",
        `line_items[${i}][price_data][unit_amount]`,
      );
    if (!price.currency)
      throw invalid("Missing required param: currency.", "parameter_missing", `line_items[${i}][price_data][currency]`);
    if (!(price.product_data as { name?: string } | undefined)?.name)
      throw invalid(
        "Missing required param: product_data[name].",
        "parameter_missing",
        `line_items[${i}][price_data][product_data][name]`,
      );
    currency = String(price.currency);
    amount += unit * qty;
  }
  const types = (params.allowed_payment_method_types ?? params.payment_method_types ?? ["card"]) as string[];
  for (const t of types)
    if (!KNOWN_METHODS.includes(t))
      throw invalid(`Invalid payment_method_types: ${t}`, "parameter_invalid_string", "payment_method_types");
  const options = (params.payment_method_options ?? {}) as Record<string, Record<string, unknown>>;
  if (types.includes("wechat_pay") && !options.wechat_pay?.client)
    throw invalid(
      "payment_method_options[wechat_pay][client] is required when wechat_pay is a payment method type.",
      "parameter_missing",
      "payment_method_options[wechat_pay][client]",
    );
  const intentData = (params.payment_intent_data ?? {}) as Record<string, unknown>;
  if (intentData.capture_method === "manual" && types.some((t) => NO_MANUAL_CAPTURE.includes(t)))
    throw invalid(
      `The payment method types ${types.filter((t) => NO_MANUAL_CAPTURE.includes(t)).join(", ")} do not support capture_method=manual.`,
      "payment_intent_invalid_parameter",
      "payment_intent_data[capture_method]",
    );
  if (intentData.capture_method === "manual")
    throw invalid(
      "This server follows the app's design: manual capture is not used.",
      "parameter_invalid_string",
      "payment_intent_data[capture_method]",
    );
  const secs = store.secs;
  const expiresAt = params.expires_at === undefined ? secs() + 86_400 : Number(params.expires_at);
  if (!Number.isInteger(expiresAt) || expiresAt < secs() + 1800 - 60 || expiresAt > secs() + 86_400)
    throw invalid(
      "expires_at must be between 30 minutes and 24 hours from now.",
      "parameter_invalid_integer",
      "expires_at",
    );
  if (!params.success_url) throw invalid("Missing required param: success_url.", "parameter_missing", "success_url");
  const { destination, fee } = destinationOf(store.connect, intentData, amount);
  const id = newId("cs_test");
  const session: Session = {
    id,
    object: "checkout.session",
    amount_subtotal: amount,
    amount_total: amount,
    cancel_url: (params.cancel_url as string | undefined) ?? null,
    client_reference_id: (params.client_reference_id as string | undefined) ?? null,
    created: secs(),
    currency,
    customer: null,
    expires_at: expiresAt,
    livemode: false,
    metadata: (params.metadata ?? {}) as Record<string, string>,
    mode: "payment",
    payment_intent: null,
    payment_method_options: options,
    payment_method_types: types,
    payment_status: "unpaid",
    status: "open",
    success_url: String(params.success_url),
    url: `${store.base}/checkout/${id}`,
    _intent: {
      capture_method: "automatic",
      metadata: (intentData.metadata ?? {}) as Record<string, string>,
      destination,
      fee,
    },
  };
  store.sessions.set(id, session);
  return session;
}
