import http from "node:http";
import type { AddressInfo } from "node:net";
import { localStripe, type LocalStripe } from "./stripe/control";
import { requestHandler } from "./stripe/http";
import { createStore } from "./stripe/store";

export { parseStripeForm } from "./stripe/form";
export type { LocalStripe } from "./stripe/control";
export { REFUND_WINDOW_MS } from "./stripe/refunds";
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

export async function startStripeServer({
  secretKey = "sk_test_villagelink_local",
  webhookSecret = "whsec_villagelink_local",
  webhookUrl = null as string | null,
  clock = null as (() => number) | null,
} = {}): Promise<LocalStripe> {
  const store = createStore({ secretKey, webhookSecret, clock });
  const server = http.createServer(requestHandler(store));
  const self = localStripe(store, server, webhookUrl);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  store.base = `http://127.0.0.1:${port}`;
  self.url = store.base;
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
