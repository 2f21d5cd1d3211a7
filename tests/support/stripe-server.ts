import { randomBytes, createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { PINNED_CLOCK_ENV } from "./clock";
import { ApiError, invalid, missing, parseStripeForm } from "./stripe/form";
import {
  accountOr404,
  connectState,
  createAccount,
  createAccountLink,
  destinationOf,
  onboard,
  onboardingPage,
  reversalFor,
  transferFor,
  undoReversal,
  type Reversal,
} from "./stripe/connect";
import { checkoutPage } from "./stripe/page";
import type { Account, Intent, Refund, Session, StripeEventRecord, Transfer } from "./stripe/types";

export { parseStripeForm } from "./stripe/form";
export type { Account, Intent, Refund, Session, StripeEventRecord, Transfer } from "./stripe/types";

/**
 * A small Stripe-compatible HTTP server for tests (never for production): the endpoints the
 * app's `stripe` SDK calls, in Stripe's shapes, enforcing the rules the payment design rests on
 * (decision 035), a hosted Checkout test page, and signed webhook delivery. The app runs its
 * production code path against it (STRIPE_API_BASE = this url).
 *
 *   POST /v1/checkout/sessions                create (mode=payment; manual capture refused for
 *                                             alipay/wechat_pay; wechat_pay needs its client;
 *                                             expires_at 30 min – 24 h ahead)
 *   GET  /v1/checkout/sessions[/:id]          list (limit, starting_after, payment_intent) / retrieve
 *   POST /v1/checkout/sessions/:id/expire     open → expired (checkout.session.expired)
 *   GET  /v1/payment_intents/:id              retrieve
 *   POST /v1/payment_intents/:id/capture|cancel   (only for intents of the old design: seedLegacyIntent)
 *   POST /v1/refunds, GET /v1/refunds[/:id]   create (never more than charged; refused after the
 *                                             method's window on the test clock) / list / retrieve
 *   GET/POST /checkout/:id                    the hosted test page (pay / decline / pay late / abandon)
 *   POST /v1/accounts, GET|POST /v1/accounts/:id   connected accounts (Connect; account.updated)
 *   POST /v1/account_links                    onboarding links to GET/POST /connect/onboard/:id
 *                                             (finish / finish under review / leave; one use, 5 min)
 *   Destination charges (payment_intent_data.transfer_data.destination, application_fee_amount):
 *   the destination must exist and have charges_enabled; refunds with reverse_transfer /
 *   refund_application_fee reverse in proportion, never beyond what is left (stripe/connect.ts).
 *
 * Bodies are form-encoded like the real API; `Idempotency-Key` replays the first answer and
 * rejects a changed request; `Authorization: Bearer <secret key>` is required; errors are
 * Stripe-shaped. The clock is a test clock: PINNED_NOW + real time elapsed + `advance(ms)`;
 * sessions expire at their `expires_at` on it (checked on every request and by `tick()`).
 */

export type LocalStripe = {
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  sessions: Map<string, Session>;
  intents: Map<string, Intent>;
  refunds: Map<string, Refund>;
  accounts: Map<string, Account>;
  /** Money moved to connected accounts by destination charges, with what refunds reversed. */
  transfers: Map<string, Transfer>;
  events: StripeEventRecord[];
  /** API requests received (method, path, idempotency key, parsed body): to check what the app called. */
  requests: { method: string; path: string; idempotencyKey: string | null; params: Record<string, unknown> }[];
  /** Where webhooks go: the app's URL, or a function (domain tests). Unset = events are only recorded. */
  webhookUrl: string | null;
  webhookHandler: ((payload: string, signature: string) => Promise<number> | number) | null;
  /** The test clock, in epoch ms. */
  now: () => number;
  /** Moves the test clock forward (sessions expire, refund windows close). */
  advance: (ms: number) => Promise<void>;
  /** Expires open sessions whose expires_at has passed (also done on every request). */
  tick: () => Promise<void>;
  /** The next `n` webhooks are not delivered (recorded with delivery status 0). */
  dropNextWebhooks: (n?: number) => void;
  /** Every webhook is delivered twice from now on (or not). */
  duplicateWebhooks: (on: boolean) => void;
  /** Holds the next `n` webhooks, then delivers them in reverse order. */
  reverseNextWebhooks: (n: number) => void;
  /** Delivers an already sent event again, with a fresh signature; returns the HTTP status. */
  redeliver: (eventId: string) => Promise<number>;
  /** Delivers an event signed with the wrong secret; returns the HTTP status. */
  deliverWithBadSignature: (eventId: string) => Promise<number>;
  /** Sends a correctly signed event of any type (e.g. one the app does not handle). */
  sendEvent: (type: string, object: unknown) => Promise<{ id: string; status: number }>;
  /** What the payer does on the hosted page (no browser). */
  payerDoes: (sessionId: string, action: "pay" | "decline" | "late" | "abandon", method?: string) => Promise<void>;
  /** An asynchronous payment (paid late) finally succeeds or fails. */
  finishLatePayment: (sessionId: string, outcome: "succeeded" | "failed") => Promise<void>;
  /** The next refunds created end `failed` (with this failure_reason) instead of `succeeded`. */
  failNextRefunds: (n?: number, reason?: string) => void;
  /** Pending refunds stay pending until `settleRefunds()` (default: they settle at once, in the background). */
  holdRefunds: (on: boolean) => void;
  settleRefunds: () => Promise<void>;
  /** What the payee does on the hosted onboarding page (no browser): account.updated follows. */
  onboardAccount: (accountId: string, outcome: "complete" | "review") => Promise<void>;
  /** A connected account made directly (test fixtures): onboarded already when `ready`. No event. */
  seedAccount: (input?: { ready?: boolean; metadata?: Record<string, string> }) => Account;
  /** The provider turns an account's charges off (e.g. a requirement came due): account.updated. */
  disableCharges: (accountId: string) => Promise<void>;
  /** A PaymentIntent of the old design (manual capture, authorised), for the migration job. */
  seedLegacyIntent: (input: { amount: number; method?: string; metadata?: Record<string, string> }) => Intent;
  /** Waits for every webhook delivery in flight. */
  settled: () => Promise<void>;
  stop: () => Promise<void>;
};

const API_VERSION = "2026-10-28.endive";
const DAY = 86_400_000;
/** How long after the charge each method can still be refunded (Stripe: Alipay 90 days, WeChat Pay 180). */
export const REFUND_WINDOW_MS: Record<string, number> = { alipay: 90 * DAY, wechat_pay: 180 * DAY, card: 365 * DAY };
const NO_MANUAL_CAPTURE = ["alipay", "wechat_pay"];
const KNOWN_METHODS = ["card", "alipay", "wechat_pay"];

function newId(prefix: string) {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

function pinnedStart(): number {
  return Date.parse(PINNED_CLOCK_ENV.CLOCK_START) - Number(PINNED_CLOCK_ENV.CLOCK_STARTED_AT);
}

export async function startStripeServer({
  secretKey = "sk_test_villagelink_local",
  webhookSecret = "whsec_villagelink_local",
  webhookUrl = null as string | null,
  clock = null as (() => number) | null,
} = {}): Promise<LocalStripe> {
  const signer = new Stripe(secretKey, { telemetry: false });
  const sessions = new Map<string, Session>();
  const intents = new Map<string, Intent>();
  const refunds = new Map<string, Refund>();
  /** The method each charge was paid with, and when (test clock ms): refund windows. */
  const charges = new Map<string, { intentId: string; method: string; at: number }>();
  const events: StripeEventRecord[] = [];
  const connect = connectState();
  const reversals = new Map<string, Reversal>();
  const requests: LocalStripe["requests"] = [];
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();
  const inFlight = new Set<Promise<unknown>>();
  const pendingNotes = new Map<string, string>();
  let drop = 0;
  let duplicate = false;
  let reverse = 0;
  let held: StripeEventRecord[] = [];
  let failRefunds: { n: number; reason: string } = { n: 0, reason: "expired_or_canceled_card" };
  let holdRefundsOn = false;
  let offset = 0;
  let base = "";
  const offsetStart = pinnedStart();
  const now = () => (clock ? clock() : Date.now() + offsetStart) + offset;
  const secs = () => Math.floor(now() / 1000);

  const self: LocalStripe = {
    url: "",
    port: 0,
    secretKey,
    webhookSecret,
    sessions,
    intents,
    refunds,
    accounts: connect.accounts,
    transfers: connect.transfers,
    events,
    requests,
    webhookUrl,
    webhookHandler: null,
    now,
    advance: async (ms) => {
      offset += ms;
      await self.tick();
    },
    tick: async () => {
      expireDue();
      await self.settled();
    },
    dropNextWebhooks: (n = 1) => {
      drop += n;
    },
    duplicateWebhooks: (on) => {
      duplicate = on;
    },
    reverseNextWebhooks: (n) => {
      reverse = n;
      held = [];
    },
    redeliver: async (eventId) => deliver(eventOr(eventId), webhookSecret),
    deliverWithBadSignature: async (eventId) => deliver(eventOr(eventId), "whsec_not_the_right_secret"),
    sendEvent: async (type, object) => {
      const event = record(type, object);
      return { id: event.id, status: await deliver(event, webhookSecret) };
    },
    payerDoes: async (sessionId, action, method) => {
      onPage(sessionOr404(sessionId), action, method ?? sessionOr404(sessionId).payment_method_types[0]);
      await self.settled();
    },
    finishLatePayment: async (sessionId, outcome) => {
      const session = sessionOr404(sessionId);
      const intent = session.payment_intent ? intents.get(session.payment_intent) : undefined;
      if (!intent || intent.status !== "processing") throw new Error(`session ${sessionId} has no late payment`);
      if (outcome === "succeeded") {
        succeed(intent, charges.get(intent.latest_charge ?? "")?.method ?? "card");
        session.payment_status = "paid";
        emit("checkout.session.async_payment_succeeded", session);
      } else {
        intent.status = "requires_payment_method";
        intent.last_payment_error = {
          code: "payment_method_provider_decline",
          message: "The payment failed.",
          type: "card_error",
        };
        emit("checkout.session.async_payment_failed", session);
      }
      await self.settled();
    },
    failNextRefunds: (n = 1, reason = "expired_or_canceled_card") => {
      failRefunds = { n, reason };
    },
    holdRefunds: (on) => {
      holdRefundsOn = on;
    },
    settleRefunds: async () => {
      for (const refund of refunds.values()) if (refund.status === "pending") settleRefund(refund);
      await self.settled();
    },
    onboardAccount: async (accountId, outcome) => {
      onboard(accountOr404(connect, accountId), outcome);
      emit("account.updated", accountOr404(connect, accountId));
      await self.settled();
    },
    seedAccount: ({ ready = true, metadata = {} } = {}) => {
      const account = createAccount(connect, { type: "express", metadata, capabilities: { transfers: {} } }, secs());
      if (ready) onboard(account, "complete");
      return account;
    },
    disableCharges: async (accountId) => {
      const account = accountOr404(connect, accountId);
      account.charges_enabled = false;
      emit("account.updated", account);
      await self.settled();
    },
    seedLegacyIntent: ({ amount, method = "card", metadata = {} }) => {
      const intent = makeIntent(amount, "cny", [method], "manual", metadata, { destination: null, fee: 0 });
      intent.status = "requires_capture";
      intent.amount_capturable = amount;
      return intent;
    },
    settled: async () => {
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
    stop: async () => {
      await self.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  // —— webhooks ——

  function eventOr(eventId: string) {
    const event = events.find((e) => e.id === eventId);
    if (!event) throw new Error(`no event ${eventId}`);
    return event;
  }

  function record(type: string, object: unknown): StripeEventRecord {
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: secs(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    const rec = { id: event.id, type, payload: JSON.stringify(event), deliveries: [] as number[] };
    events.push(rec);
    return rec;
  }

  async function deliver(event: StripeEventRecord, secret: string): Promise<number> {
    const signature = signer.webhooks.generateTestHeaderString({ payload: event.payload, secret });
    let status = 0;
    if (self.webhookHandler) status = await self.webhookHandler(event.payload, signature);
    else if (self.webhookUrl) {
      const res = await fetch(self.webhookUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Stripe-Signature": signature,
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: event.payload,
      });
      await res.arrayBuffer();
      status = res.status;
    }
    event.deliveries.push(status);
    return status;
  }

  function background(fn: () => Promise<unknown>) {
    const p = fn().catch(() => undefined);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  /** Every state change is an event, delivered in the background like Stripe's (public fields only). */
  function emit(type: string, object: Session | Intent | Refund | Account) {
    const event = record(type, publicOf(object));
    if (drop > 0) {
      drop--;
      event.deliveries.push(0);
      return;
    }
    if (!self.webhookHandler && !self.webhookUrl) return;
    if (reverse > 0) {
      held.push(event);
      reverse--;
      if (reverse === 0) {
        const batch = held.reverse();
        held = [];
        background(async () => {
          for (const e of batch) await deliver(e, webhookSecret);
        });
      }
      return;
    }
    background(async () => {
      await deliver(event, webhookSecret);
      if (duplicate) await deliver(event, webhookSecret);
    });
  }

  function publicOf<T extends object>(object: T): T {
    const copy = structuredClone(object) as Record<string, unknown>;
    delete copy._intent;
    return copy as T;
  }

  // —— objects ——

  function sessionOr404(id: string): Session {
    const session = sessions.get(id);
    if (!session) throw missing("checkout.session", id, "session");
    return session;
  }

  function intentOr404(id: string): Intent {
    const intent = intents.get(id);
    if (!intent) throw missing("payment_intent", id, "intent");
    return intent;
  }

  function makeIntent(
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
      created: secs(),
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
    intents.set(intent.id, intent);
    return intent;
  }

  function succeed(intent: Intent, method: string) {
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.amount_capturable = 0;
    intent.last_payment_error = null;
    intent.latest_charge ??= newId("ch");
    charges.set(intent.latest_charge, { intentId: intent.id, method, at: now() });
    transferFor(connect, intent, intent.application_fee_amount ?? 0, secs());
  }

  function expireDue() {
    for (const session of sessions.values())
      if (session.status === "open" && session.expires_at * 1000 <= now()) expire(session);
  }

  function expire(session: Session) {
    session.status = "expired";
    session.url = null;
    emit("checkout.session.expired", session);
  }

  /** The payer on the hosted page. */
  function onPage(session: Session, action: string, method: string) {
    if (session.status !== "open") return;
    if (action === "abandon") return;
    if (!session.payment_method_types.includes(method)) throw invalid(`Payment method ${method} is not offered.`);
    if (action === "decline") {
      pendingNotes.set(session.id, `${method}: 付款被拒绝，请换一种方式再试。`);
      return;
    }
    const intent = makeIntent(session.amount_total, session.currency, [method], "automatic", session._intent.metadata, {
      destination: session._intent.destination,
      fee: session._intent.fee,
    });
    session.payment_intent = intent.id;
    session.status = "complete";
    session.url = null;
    if (action === "late") {
      intent.status = "processing";
      intent.latest_charge = newId("ch");
      charges.set(intent.latest_charge, { intentId: intent.id, method, at: now() });
      session.payment_status = "unpaid";
    } else {
      succeed(intent, method);
      session.payment_status = "paid";
    }
    emit("checkout.session.completed", session);
  }

  function settleRefund(refund: Refund) {
    if (refund.status !== "pending") return;
    if (failRefunds.n > 0) {
      failRefunds.n--;
      const reversal = reversals.get(refund.id);
      if (reversal) undoReversal(connect, refund.payment_intent, reversal);
      refund.status = "failed";
      refund.failure_reason = failRefunds.reason;
      emit("refund.failed", refund);
      return;
    }
    refund.status = "succeeded";
    emit("refund.updated", refund);
  }

  // —— API ——

  function createSession(params: Record<string, unknown>): Session {
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
        throw invalid(
          "Missing required param: currency.",
          "parameter_missing",
          `line_items[${i}][price_data][currency]`,
        );
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
    const expiresAt = params.expires_at === undefined ? secs() + 86_400 : Number(params.expires_at);
    if (!Number.isInteger(expiresAt) || expiresAt < secs() + 1800 - 60 || expiresAt > secs() + 86_400)
      throw invalid(
        "expires_at must be between 30 minutes and 24 hours from now.",
        "parameter_invalid_integer",
        "expires_at",
      );
    if (!params.success_url) throw invalid("Missing required param: success_url.", "parameter_missing", "success_url");
    const { destination, fee } = destinationOf(connect, intentData, amount);
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
      url: `${base}/checkout/${id}`,
      _intent: {
        capture_method: "automatic",
        metadata: (intentData.metadata ?? {}) as Record<string, string>,
        destination,
        fee,
      },
    };
    sessions.set(id, session);
    return session;
  }

  function list<T extends { id: string; created: number }>(all: T[], query: URLSearchParams, url: string) {
    const limit = Math.min(Math.max(Number(query.get("limit") ?? 10) || 10, 1), 100);
    let rows = [...all].reverse();
    const after = query.get("starting_after");
    if (after) rows = rows.slice(rows.findIndex((r) => r.id === after) + 1);
    const page = rows.slice(0, limit);
    return { object: "list", url, has_more: rows.length > limit, data: page.map((r) => publicOf(r)) };
  }

  function createRefund(params: Record<string, unknown>): Refund {
    const intentId = params.payment_intent as string | undefined;
    const chargeId = params.charge as string | undefined;
    const intent = intentId
      ? intentOr404(intentId)
      : chargeId && charges.get(chargeId)
        ? intentOr404(charges.get(chargeId)!.intentId)
        : null;
    if (!intent) throw invalid("Must provide a payment_intent or a charge.", "parameter_missing", "payment_intent");
    if (intent.status !== "succeeded" || !intent.latest_charge)
      throw invalid(
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        "charge_not_refundable",
      );
    const charge = charges.get(intent.latest_charge)!;
    if (now() - charge.at > (REFUND_WINDOW_MS[charge.method] ?? 365 * DAY))
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
      created: secs(),
      currency: intent.currency,
      failure_reason: null,
      metadata: (params.metadata ?? {}) as Record<string, string>,
      payment_intent: intent.id,
      reason: (params.reason as string | undefined) ?? null,
      status: "pending",
      transfer_reversal: reversal?.reversalId ?? null,
    };
    refunds.set(refund.id, refund);
    if (reversal) reversals.set(refund.id, reversal);
    emit("refund.created", refund);
    if (!holdRefundsOn) queueMicrotask(() => settleRefund(refund));
    return refund;
  }

  function api(method: string, path: string, params: Record<string, unknown>, query: URLSearchParams): unknown {
    if (path === "/v1/checkout/sessions") {
      if (method === "POST") return publicOf(createSession(params));
      let all = [...sessions.values()];
      const pi = query.get("payment_intent");
      if (pi) all = all.filter((s) => s.payment_intent === pi);
      return list(all, query, path);
    }
    let m = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (m) {
      const session = sessionOr404(decodeURIComponent(m[1]));
      if (m[2] && method === "POST") {
        if (session.status !== "open")
          throw invalid(
            `Only Checkout Sessions with a status in [open] can be expired; this one is ${session.status}.`,
            "checkout_session_not_open",
          );
        expire(session);
      }
      return publicOf(session);
    }
    if (path === "/v1/refunds") {
      if (method === "POST") return createRefund(params);
      let all = [...refunds.values()];
      const pi = query.get("payment_intent");
      if (pi) all = all.filter((r) => r.payment_intent === pi);
      return list(all, query, path);
    }
    m = /^\/v1\/refunds\/([^/]+)$/.exec(path);
    if (m) {
      const refund = refunds.get(decodeURIComponent(m[1]));
      if (!refund) throw missing("refund", m[1]);
      return refund;
    }
    if (path === "/v1/accounts" && method === "POST") return createAccount(connect, params, secs());
    m = /^\/v1\/accounts\/([^/]+)$/.exec(path);
    if (m) {
      const account = accountOr404(connect, decodeURIComponent(m[1]));
      if (method === "POST" && params.metadata)
        account.metadata = { ...account.metadata, ...(params.metadata as Record<string, string>) };
      return account;
    }
    if (path === "/v1/account_links" && method === "POST") return createAccountLink(connect, params, secs(), base);
    if (method === "POST" && path === "/v1/payment_intents") {
      const types = (params.allowed_payment_method_types ?? params.payment_method_types ?? ["card"]) as string[];
      if (params.capture_method === "manual" && types.some((t) => NO_MANUAL_CAPTURE.includes(t)))
        throw invalid(
          "alipay and wechat_pay do not support capture_method=manual.",
          "payment_intent_invalid_parameter",
          "capture_method",
        );
      throw invalid("This server takes payments through Checkout Sessions only.", "parameter_unknown");
    }
    m = /^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
    if (m) {
      const intent = intentOr404(decodeURIComponent(m[1]));
      const verb = m[2];
      if (!verb) return intent;
      if (verb === "capture") {
        if (intent.status !== "requires_capture")
          throw new ApiError(400, {
            type: "invalid_request_error",
            code: "payment_intent_unexpected_state",
            message: `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
            payment_intent: structuredClone(intent),
          });
        succeed(intent, intent.payment_method_types[0] ?? "card");
        return intent;
      }
      if (
        ![
          "requires_payment_method",
          "requires_capture",
          "requires_confirmation",
          "requires_action",
          "processing",
        ].includes(intent.status)
      )
        throw new ApiError(400, {
          type: "invalid_request_error",
          code: "payment_intent_unexpected_state",
          message: `This PaymentIntent could not be canceled because it has a status of ${intent.status}.`,
          payment_intent: structuredClone(intent),
        });
      intent.status = "canceled";
      intent.amount_capturable = 0;
      intent.canceled_at = secs();
      intent.cancellation_reason = "requested_by_customer";
      return intent;
    }
    throw new ApiError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    expireDue();
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "Content-Type": "application/json",
        "Request-Id": newId("req"),
        "Stripe-Version": API_VERSION,
        ...headers,
      });
      res.end(text);
      return text;
    };

    const onboarding = /^\/connect\/onboard\/([^/]+)$/.exec(url.pathname);
    if (onboarding) {
      onboardingRequest(decodeURIComponent(onboarding[1]), method, raw, res);
      return;
    }
    const page = /^\/checkout\/([^/]+)$/.exec(url.pathname);
    if (page) {
      const session = sessions.get(decodeURIComponent(page[1]));
      if (!session) {
        res.writeHead(404, { "Content-Type": "text/plain" });
        res.end("no such checkout session");
        return;
      }
      if (method === "POST") {
        const [action, payWith] = (new URLSearchParams(raw).get("action") ?? "abandon").split(":");
        try {
          onPage(session, action, payWith ?? session.payment_method_types[0]);
        } catch (error) {
          res.writeHead(400, { "Content-Type": "text/plain" });
          res.end(String(error));
          return;
        }
        if (action === "decline") {
          res.writeHead(303, { Location: `/checkout/${session.id}` });
        } else if (action === "abandon") {
          res.writeHead(303, { Location: session.cancel_url ?? session.success_url ?? base });
        } else {
          res.writeHead(303, { Location: (session.success_url ?? base).replace("{CHECKOUT_SESSION_ID}", session.id) });
        }
        res.end();
        return;
      }
      const note = pendingNotes.get(session.id) ?? null;
      pendingNotes.delete(session.id);
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(checkoutPage(session, note));
      return;
    }

    if (!url.pathname.startsWith("/v1/")) {
      res.writeHead(404);
      res.end();
      return;
    }
    const auth = req.headers.authorization ?? "";
    if (auth !== `Bearer ${secretKey}` || !secretKey.startsWith("sk_test_")) {
      json(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } });
      return;
    }
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const params = method === "GET" ? {} : parseStripeForm(raw);
    requests.push({ method, path: url.pathname, idempotencyKey: key, params });
    const fingerprint = createHash("sha256").update(`${method} ${url.pathname} ${raw}`).digest("hex");
    if (key && method === "POST") {
      const seen = idempotent.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          json(400, {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          });
        } else {
          res.writeHead(seen.status, {
            "Content-Type": "application/json",
            "Idempotent-Replayed": "true",
            "Stripe-Version": API_VERSION,
          });
          res.end(seen.body);
        }
        return;
      }
    }
    let status = 200;
    let body: string;
    try {
      body = json(200, api(method, url.pathname, params, url.searchParams));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        status = 500;
        body = json(500, { error: { type: "api_error", message: String(error) } });
      } else {
        status = error.status;
        body = json(error.status, { error: error.body });
      }
    }
    if (key && method === "POST" && status !== 500) idempotent.set(key, { fingerprint, status, body });
  });

  /** The hosted onboarding page: an expired or used link goes to refresh_url (as Stripe's does). */
  function onboardingRequest(linkId: string, method: string, raw: string, res: http.ServerResponse) {
    const link = connect.links.get(linkId);
    if (!link) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("no such account link");
      return;
    }
    if (link.used || link.expiresAt < secs()) {
      res.writeHead(303, { Location: link.refreshUrl });
      res.end();
      return;
    }
    const account = accountOr404(connect, link.account);
    if (method !== "POST") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(onboardingPage(account));
      return;
    }
    const action = new URLSearchParams(raw).get("action");
    link.used = true;
    if (action === "complete" || action === "review") {
      onboard(account, action);
      emit("account.updated", account);
    }
    res.writeHead(303, { Location: link.returnUrl });
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  self.url = base;
  self.port = port;
  return self;
}

/** The env the app needs to use a local server (startTestServer's `env`, or process.env in domain tests). */
export function stripeEnv(stripe: LocalStripe, methodTypes = "card,alipay,wechat_pay"): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    PAYMENT_METHOD_TYPES: methodTypes,
  };
}
