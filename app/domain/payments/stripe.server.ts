import Stripe from "stripe";

/**
 * Payment configuration, read from the environment on each call (tests start servers with
 * their own env). No secret key = OFFLINE mode: deposits are recorded as pledged, to be settled
 * outside the app, and no page offers to pay online.
 *
 * STRIPE_SECRET_KEY      sk_live_… / sk_test_… (absent: offline)
 * STRIPE_API_BASE        https://api.stripe.com (default) or any Stripe-compatible endpoint
 * STRIPE_WEBHOOK_SECRET  whsec_… (the webhook answers 400 to everything without it)
 * STRIPE_CONNECT_WEBHOOK_SECRET  whsec_… of a second endpoint on the same URL subscribed to events
 *                        from connected accounts (Stripe signs `account.updated` there; optional)
 * PAYMENT_METHOD_TYPES   card,wechat_pay,alipay (default); the first is used when none is asked
 */
export type PaymentsConfig = {
  secretKey: string;
  apiBase: URL;
  webhookSecret: string | null;
  connectWebhookSecret: string | null;
  methodTypes: string[];
};

const DEFAULT_METHOD_TYPES = ["card", "wechat_pay", "alipay"];

export function paymentsConfig(env: NodeJS.ProcessEnv = process.env): PaymentsConfig | null {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  if (!secretKey) return null;
  const apiBase = new URL(env.STRIPE_API_BASE?.trim() || "https://api.stripe.com");
  const methodTypes = (env.PAYMENT_METHOD_TYPES ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    secretKey,
    apiBase,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET?.trim() || null,
    connectWebhookSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET?.trim() || null,
    methodTypes: methodTypes.length ? methodTypes : DEFAULT_METHOD_TYPES,
  };
}

/** True when a payment key is configured: the app takes payments online. */
export function paymentsEnabled(): boolean {
  return paymentsConfig() !== null;
}

/**
 * Where a form post may be redirected for paying (the CSP's `form-action`): Stripe's own pages
 * when talking to api.stripe.com, else the configured endpoint's origin; plus any origins listed
 * in PAYMENT_REDIRECT_ORIGINS (comma-separated).
 */
export function paymentOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
  const config = paymentsConfig(env);
  if (!config) return [];
  const extra = (env.PAYMENT_REDIRECT_ORIGINS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const own = config.apiBase.hostname === "api.stripe.com" ? ["https://*.stripe.com"] : [config.apiBase.origin];
  return [...own, ...extra];
}

let cached: { signature: string; client: Stripe } | null = null;

/** The SDK client for the configured endpoint. Throws when payments are off: callers check first. */
export function stripeClient(): Stripe {
  const config = paymentsConfig();
  if (!config) throw new Error("payments are not configured (STRIPE_SECRET_KEY is empty)");
  const signature = `${config.secretKey}|${config.apiBase.href}`;
  if (cached?.signature === signature) return cached.client;
  const protocol = config.apiBase.protocol === "http:" ? "http" : "https";
  const client = new Stripe(config.secretKey, {
    host: config.apiBase.hostname,
    port: config.apiBase.port ? Number(config.apiBase.port) : protocol === "http" ? 80 : 443,
    protocol,
    maxNetworkRetries: 2,
    telemetry: false,
    timeout: 20_000,
  });
  cached = { signature, client };
  return client;
}

/** Verifies a webhook's signature over the raw body; throws on a bad or missing signature. */
export function verifiedEvent(rawBody: string, signature: string | null): Stripe.Event {
  const config = paymentsConfig();
  if (!config?.webhookSecret) throw new Error("webhook secret not configured");
  if (!signature) throw new Error("missing Stripe-Signature header");
  const webhooks = stripeClient().webhooks;
  try {
    return webhooks.constructEvent(rawBody, signature, config.webhookSecret);
  } catch (error) {
    // A Connect endpoint (events from connected accounts) has its own signing secret.
    if (!config.connectWebhookSecret) throw error;
    return webhooks.constructEvent(rawBody, signature, config.connectWebhookSecret);
  }
}

export { Stripe };
