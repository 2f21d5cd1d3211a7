import { randomBytes, createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/**
 * A small Stripe-compatible HTTP server for tests (never for production): the PaymentIntents
 * endpoints the app's `stripe` SDK calls, a hosted approval page standing in for the bank or
 * wallet, and signed webhook delivery of every state change. The app runs its production code
 * path against it (STRIPE_API_BASE = this url).
 *
 *   POST /v1/payment_intents                 create (confirm=true confirms at once)
 *   GET  /v1/payment_intents/:id             retrieve
 *   POST /v1/payment_intents/:id/confirm     → requires_action (redirect to /pay/:id)
 *   POST /v1/payment_intents/:id/capture     requires_capture → succeeded (amount_to_capture)
 *   POST /v1/payment_intents/:id/cancel      → canceled
 *   GET  /pay/:id, POST /pay/:id             the payer approves or declines, then 303 to return_url
 *
 * Bodies are form-encoded like the real API; `Idempotency-Key` replays the first answer;
 * `Authorization: Bearer <secret key>` is required; errors are Stripe-shaped.
 */

export type Intent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  status: Stripe.PaymentIntent.Status;
  capture_method: "automatic" | "automatic_async" | "manual";
  confirmation_method: "automatic";
  client_secret: string;
  created: number;
  livemode: false;
  metadata: Record<string, string>;
  payment_method_types: string[];
  payment_method: string | null;
  last_payment_error: { code: string; message: string; type: string } | null;
  next_action: Record<string, unknown> | null;
  return_url: string | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  latest_charge: string | null;
};

export type StripeEventRecord = { id: string; type: string; payload: string; deliveries: number[] };

export type LocalStripe = {
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  intents: Map<string, Intent>;
  events: StripeEventRecord[];
  /** API requests received (method, path, idempotency key): to check what the app called. */
  requests: { method: string; path: string; idempotencyKey: string | null }[];
  /** Where webhooks go: the app's URL, or a function (domain tests). Unset = events are only recorded. */
  webhookUrl: string | null;
  webhookHandler: ((payload: string, signature: string) => Promise<number> | number) | null;
  /** The next `n` webhooks are not delivered (recorded with delivery status 0). */
  dropNextWebhooks: (n?: number) => void;
  /** Delivers an already sent event again, with a fresh signature; returns the HTTP status. */
  redeliver: (eventId: string) => Promise<number>;
  /** Delivers an event signed with the wrong secret; returns the HTTP status. */
  deliverWithBadSignature: (eventId: string) => Promise<number>;
  /** Sends a correctly signed event of any type (e.g. one the app does not handle). */
  sendEvent: (type: string, object: unknown) => Promise<{ id: string; status: number }>;
  /** Approves or declines as the payer would on the hosted page (no browser). */
  payerDecides: (intentId: string, decision: "approve" | "decline") => Promise<void>;
  /** Waits for every webhook delivery in flight. */
  settled: () => Promise<void>;
  stop: () => Promise<void>;
};

const API_VERSION = "2026-10-28.endive";

function id(prefix: string) {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

/** Stripe's form encoding: `a[b][0]=x` → { a: { b: ["x"] } }. */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  const arrays = (v: unknown): unknown => {
    if (!v || typeof v !== "object") return v;
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, arrays(x)] as const);
    if (entries.length && entries.every(([k]) => /^\d+$/.test(k)))
      return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, x]) => x);
    return Object.fromEntries(entries);
  };
  return arrays(root) as Record<string, unknown>;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; code?: string; message: string; param?: string; payment_intent?: Intent },
  ) {
    super(body.message);
  }
}

export async function startStripeServer({
  secretKey = "sk_test_villagelink_local",
  webhookSecret = "whsec_villagelink_local",
  webhookUrl = null as string | null,
} = {}): Promise<LocalStripe> {
  const signer = new Stripe(secretKey, { telemetry: false });
  const intents = new Map<string, Intent>();
  const events: StripeEventRecord[] = [];
  const requests: LocalStripe["requests"] = [];
  const idempotent = new Map<string, { fingerprint: string; status: number; body: string }>();
  const inFlight = new Set<Promise<unknown>>();
  let drop = 0;
  let base = "";

  const self: LocalStripe = {
    url: "",
    port: 0,
    secretKey,
    webhookSecret,
    intents,
    events,
    requests,
    webhookUrl,
    webhookHandler: null,
    dropNextWebhooks: (n = 1) => {
      drop += n;
    },
    redeliver: async (eventId) => {
      const event = events.find((e) => e.id === eventId);
      if (!event) throw new Error(`no event ${eventId}`);
      return deliver(event, webhookSecret);
    },
    deliverWithBadSignature: async (eventId) => {
      const event = events.find((e) => e.id === eventId);
      if (!event) throw new Error(`no event ${eventId}`);
      return deliver(event, "whsec_not_the_right_secret");
    },
    sendEvent: async (type, object) => {
      const event = record(type, object);
      return { id: event.id, status: await deliver(event, webhookSecret) };
    },
    payerDecides: async (intentId, decision) => {
      decide(intentId, decision);
      await self.settled();
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

  function record(type: string, object: unknown): StripeEventRecord {
    const event = {
      id: id("evt"),
      object: "event",
      api_version: API_VERSION,
      created: Math.floor(Date.now() / 1000),
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

  /** Every state change is an event; it is delivered in the background, like Stripe's. */
  function emit(type: string, intent: Intent) {
    const event = record(type, structuredClone(intent));
    if (drop > 0) {
      drop--;
      event.deliveries.push(0);
      return;
    }
    if (!self.webhookHandler && !self.webhookUrl) return;
    const p = deliver(event, webhookSecret).catch(() => event.deliveries.push(-1));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  function intentOr404(intentId: string): Intent {
    const intent = intents.get(intentId);
    if (!intent)
      throw new ApiError(404, {
        type: "invalid_request_error",
        code: "resource_missing",
        param: "intent",
        message: `No such payment_intent: '${intentId}'`,
      });
    return intent;
  }

  function unexpected(intent: Intent, action: string): never {
    throw new ApiError(400, {
      type: "invalid_request_error",
      code: "payment_intent_unexpected_state",
      message: `This PaymentIntent could not be ${action} because it has a status of ${intent.status}.`,
      payment_intent: structuredClone(intent),
    });
  }

  function confirm(intent: Intent, params: Record<string, unknown>) {
    if (!["requires_payment_method", "requires_confirmation"].includes(intent.status)) unexpected(intent, "confirmed");
    const returnUrl = (params.return_url as string | undefined) ?? intent.return_url;
    const pmData = params.payment_method_data as { type?: string } | undefined;
    const type = pmData?.type ?? intent.payment_method_types[0];
    if (!type || !intent.payment_method_types.includes(type)) {
      throw new ApiError(400, {
        type: "invalid_request_error",
        code: "payment_intent_incompatible_payment_method",
        param: "payment_method_data[type]",
        message: `The payment method type "${type}" is not allowed for this PaymentIntent.`,
      });
    }
    if (!returnUrl)
      throw new ApiError(400, {
        type: "invalid_request_error",
        code: "parameter_missing",
        param: "return_url",
        message: "Missing required param: return_url.",
      });
    intent.return_url = returnUrl;
    intent.payment_method = id("pm");
    intent.last_payment_error = null;
    const approveUrl = `${base}/pay/${intent.id}`;
    intent.status = "requires_action";
    intent.next_action =
      type === "wechat_pay"
        ? {
            type: "wechat_pay_display_qr_code",
            wechat_pay_display_qr_code: {
              data: approveUrl,
              hosted_instructions_url: approveUrl,
              image_data_url: "",
              image_url_png: "",
              image_url_svg: "",
            },
          }
        : { type: "redirect_to_url", redirect_to_url: { url: approveUrl, return_url: returnUrl } };
    emit("payment_intent.requires_action", intent);
  }

  function decide(intentId: string, decision: "approve" | "decline") {
    const intent = intentOr404(intentId);
    if (intent.status !== "requires_action") return intent;
    intent.next_action = null;
    if (decision === "decline") {
      intent.status = "requires_payment_method";
      intent.payment_method = null;
      intent.last_payment_error = {
        code: "payment_method_provider_decline",
        message: "The payment was declined by the payer.",
        type: "card_error",
      };
      emit("payment_intent.payment_failed", intent);
    } else if (intent.capture_method === "manual") {
      intent.status = "requires_capture";
      intent.amount_capturable = intent.amount;
      emit("payment_intent.amount_capturable_updated", intent);
    } else {
      intent.status = "succeeded";
      intent.amount_received = intent.amount;
      intent.latest_charge = id("ch");
      emit("payment_intent.succeeded", intent);
    }
    return intent;
  }

  function api(method: string, path: string, params: Record<string, unknown>): Intent {
    if (method === "POST" && path === "/v1/payment_intents") {
      const amount = Number(params.amount);
      if (!Number.isInteger(amount) || amount < 1)
        throw new ApiError(400, {
          type: "invalid_request_error",
          code: "parameter_invalid_integer",
          param: "amount",
          message: "Invalid integer: amount",
        });
      if (!params.currency)
        throw new ApiError(400, {
          type: "invalid_request_error",
          code: "parameter_missing",
          param: "currency",
          message: "Missing required param: currency.",
        });
      const types = (params.allowed_payment_method_types ?? params.payment_method_types ?? ["card"]) as string[];
      const intent: Intent = {
        id: id("pi"),
        object: "payment_intent",
        amount,
        amount_capturable: 0,
        amount_received: 0,
        currency: String(params.currency),
        status: "requires_payment_method",
        capture_method: params.capture_method === "manual" ? "manual" : "automatic",
        confirmation_method: "automatic",
        client_secret: "",
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        metadata: (params.metadata ?? {}) as Record<string, string>,
        payment_method_types: types,
        payment_method: null,
        last_payment_error: null,
        next_action: null,
        return_url: (params.return_url as string | undefined) ?? null,
        canceled_at: null,
        cancellation_reason: null,
        latest_charge: null,
      };
      intent.client_secret = `${intent.id}_secret_${randomBytes(8).toString("hex")}`;
      intents.set(intent.id, intent);
      if (params.confirm === "true") confirm(intent, params);
      return intent;
    }
    const match = /^\/v1\/payment_intents\/([^/]+)(?:\/(confirm|capture|cancel))?$/.exec(path);
    if (!match)
      throw new ApiError(404, {
        type: "invalid_request_error",
        message: `Unrecognized request URL (${method}: ${path}).`,
      });
    const intent = intentOr404(decodeURIComponent(match[1]));
    const verb = match[2];
    if (method === "GET" && !verb) return intent;
    if (method !== "POST")
      throw new ApiError(404, {
        type: "invalid_request_error",
        message: `Unrecognized request URL (${method}: ${path}).`,
      });
    if (verb === "confirm") {
      confirm(intent, params);
      return intent;
    }
    if (verb === "capture") {
      if (intent.status !== "requires_capture") unexpected(intent, "captured");
      const amount =
        params.amount_to_capture === undefined ? intent.amount_capturable : Number(params.amount_to_capture);
      if (!Number.isInteger(amount) || amount < 1 || amount > intent.amount_capturable) {
        throw new ApiError(400, {
          type: "invalid_request_error",
          code: "amount_too_large",
          param: "amount_to_capture",
          message: "The amount to capture is larger than the amount capturable.",
        });
      }
      intent.status = "succeeded";
      intent.amount_received = amount;
      intent.amount_capturable = 0;
      intent.latest_charge = id("ch");
      emit("payment_intent.succeeded", intent);
      return intent;
    }
    if (verb === "cancel") {
      if (
        ![
          "requires_payment_method",
          "requires_capture",
          "requires_confirmation",
          "requires_action",
          "processing",
        ].includes(intent.status)
      )
        unexpected(intent, "canceled");
      intent.status = "canceled";
      intent.amount_capturable = 0;
      intent.next_action = null;
      intent.canceled_at = Math.floor(Date.now() / 1000);
      intent.cancellation_reason = (params.cancellation_reason as string | undefined) ?? "requested_by_customer";
      emit("payment_intent.canceled", intent);
      return intent;
    }
    return intent;
  }

  function payPage(intent: Intent): string {
    const yuan = (intent.amount / 100).toFixed(2);
    const type = intent.payment_method_types[0] ?? "card";
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>测试支付</title><link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f5f5f4}main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:16px}
h1{font-size:20px}p{color:#444}.amount{font-size:32px;font-weight:700}button{display:block;width:100%;min-height:48px;margin-top:12px;font-size:18px;border-radius:8px;border:0}
.ok{background:#15803d;color:#fff}.no{background:#e7e5e4}</style></head><body><main>
<h1>测试支付网关（本地）</h1><p>支付方式：${type}</p><p class="amount" data-testid="pay-amount">¥${yuan}</p><p>状态：${intent.status}</p>
<form method="post"><button class="ok" name="decision" value="approve">确认付款</button><button class="no" name="decision" value="decline">拒绝</button></form>
</main></body></html>`;
  }

  function withResult(returnUrl: string, intent: Intent): string {
    const url = new URL(returnUrl);
    url.searchParams.set("payment_intent", intent.id);
    url.searchParams.set("payment_intent_client_secret", intent.client_secret);
    url.searchParams.set("redirect_status", intent.status === "requires_payment_method" ? "failed" : "succeeded");
    return url.href;
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "Content-Type": "application/json",
        "Request-Id": id("req"),
        "Stripe-Version": API_VERSION,
        ...headers,
      });
      res.end(text);
      return text;
    };

    const pay = /^\/pay\/([^/]+)$/.exec(url.pathname);
    if (pay) {
      const intent = intents.get(decodeURIComponent(pay[1]));
      if (!intent) {
        res.writeHead(404, { "Content-Type": "text/plain" });
        res.end("no such payment");
        return;
      }
      if (method === "POST") {
        const decision = new URLSearchParams(raw).get("decision") === "decline" ? "decline" : "approve";
        decide(intent.id, decision);
        res.writeHead(303, { Location: withResult(intent.return_url ?? base, intent) });
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(payPage(intent));
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
    requests.push({ method, path: url.pathname, idempotencyKey: key });
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
      const params = method === "GET" ? Object.fromEntries(url.searchParams) : parseStripeForm(raw);
      body = json(200, api(method, url.pathname, params));
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

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  self.url = base;
  self.port = port;
  return self;
}

/** The env the app needs to use a local server (startTestServer's `env`, or process.env in domain tests). */
export function stripeEnv(stripe: LocalStripe, methodTypes = "alipay,wechat_pay,card"): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    PAYMENT_METHOD_TYPES: methodTypes,
  };
}
