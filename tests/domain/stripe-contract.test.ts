import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStripeServer, type LocalStripe } from "../support/stripe-server";

// The contract between the app's `stripe` SDK and the local Stripe-compatible server: what the
// SDK sends (form encoding, idempotency keys, the pinned API version) is accepted, the rules the
// payment design rests on are enforced, and what comes back has the fields the SDK's types
// promise (checked key by key: the key lists are typed against the SDK, so a renamed field in
// a future SDK fails to compile here).

let stripe: LocalStripe;
let sdk: Stripe;
const events: Stripe.Event[] = [];

beforeAll(async () => {
  stripe = await startStripeServer();
  const base = new URL(stripe.url);
  sdk = new Stripe(stripe.secretKey, {
    host: base.hostname,
    port: Number(base.port),
    protocol: "http",
    telemetry: false,
    maxNetworkRetries: 0,
  });
  // Webhooks: verified and parsed by the SDK exactly as the app's route does.
  stripe.webhookHandler = (payload, signature) => {
    events.push(sdk.webhooks.constructEvent(payload, signature, stripe.webhookSecret));
    return 200;
  };
});
afterAll(() => stripe.stop());

const SESSION_KEYS = [
  "id",
  "object",
  "amount_total",
  "client_reference_id",
  "currency",
  "expires_at",
  "metadata",
  "mode",
  "payment_intent",
  "payment_method_types",
  "payment_status",
  "status",
  "success_url",
  "url",
] as const satisfies readonly (keyof Stripe.Checkout.Session)[];
const REFUND_KEYS = [
  "id",
  "object",
  "amount",
  "charge",
  "currency",
  "metadata",
  "payment_intent",
  "status",
] as const satisfies readonly (keyof Stripe.Refund)[];
const INTENT_KEYS = [
  "id",
  "object",
  "amount",
  "amount_received",
  "capture_method",
  "currency",
  "latest_charge",
  "metadata",
  "payment_method_types",
  "status",
] as const satisfies readonly (keyof Stripe.PaymentIntent)[];

const ACCOUNT_KEYS = [
  "id",
  "object",
  "charges_enabled",
  "details_submitted",
  "payouts_enabled",
  "type",
  "metadata",
] as const satisfies readonly (keyof Stripe.Account)[];
const LINK_KEYS = ["object", "created", "expires_at", "url"] as const satisfies readonly (keyof Stripe.AccountLink)[];

function hasKeys(object: object, keys: readonly string[]) {
  for (const key of keys) expect(object, `missing ${key}`).toHaveProperty(key);
}

const inAnHour = () => Math.floor(stripe.now() / 1000) + 3600;

function sessionParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: "payment",
    line_items: [{ quantity: 1, price_data: { currency: "cny", unit_amount: 5200, product_data: { name: "定金" } } }],
    allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
    payment_method_options: { wechat_pay: { client: "web" } },
    payment_intent_data: { capture_method: "automatic", metadata: { payment_id: "p1" } },
    client_reference_id: "pledge_1",
    metadata: { payment_id: "p1" },
    expires_at: inAnHour(),
    success_url: "http://127.0.0.1:9/back?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://127.0.0.1:9/back",
    ...overrides,
  };
}

describe("the stripe SDK against the local server", () => {
  it("Checkout Sessions: create, retrieve, list, expire; the payer pays; events verify and parse", async () => {
    const created = await sdk.checkout.sessions.create(sessionParams(), { idempotencyKey: "contract-1" });
    hasKeys(created, SESSION_KEYS);
    expect(created).toMatchObject({
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      amount_total: 5200,
    });
    expect(created.url).toBe(`${stripe.url}/checkout/${created.id}`);
    // The idempotency key replays the first answer; a changed request under it is refused.
    expect((await sdk.checkout.sessions.create(sessionParams(), { idempotencyKey: "contract-1" })).id).toBe(created.id);
    await expect(
      sdk.checkout.sessions.create(sessionParams({ client_reference_id: "other" }), { idempotencyKey: "contract-1" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);

    await stripe.payerDoes(created.id, "pay", "alipay");
    const paid = await sdk.checkout.sessions.retrieve(created.id);
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid" });
    const intent = await sdk.paymentIntents.retrieve(paid.payment_intent as string);
    hasKeys(intent, INTENT_KEYS);
    expect(intent).toMatchObject({ status: "succeeded", capture_method: "automatic", metadata: { payment_id: "p1" } });
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    expect(completed.type === "checkout.session.completed" && completed.data.object.id).toBe(created.id);

    const other = await sdk.checkout.sessions.create(sessionParams());
    const expired = await sdk.checkout.sessions.expire(other.id);
    expect(expired.status).toBe("expired");
    await expect(sdk.checkout.sessions.expire(other.id)).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
    const listed = await sdk.checkout.sessions.list({ limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(listed.map((s) => s.id)).toEqual(expect.arrayContaining([created.id, other.id]));
    await stripe.settled();
    expect(events.map((e) => e.type)).toContain("checkout.session.expired");
  });

  it("refuses what the design must not do: manual capture with Alipay or WeChat Pay, WeChat Pay without its client, an expiry outside 30 min – 24 h", async () => {
    for (const types of [["alipay"], ["wechat_pay"], ["card", "alipay"]] as const)
      await expect(
        sdk.checkout.sessions.create(
          sessionParams({
            allowed_payment_method_types: [...types],
            payment_intent_data: { capture_method: "manual" },
          }),
        ),
      ).rejects.toMatchObject({ code: "payment_intent_invalid_parameter" });
    await expect(sdk.checkout.sessions.create(sessionParams({ payment_method_options: {} }))).rejects.toMatchObject({
      param: "payment_method_options[wechat_pay][client]",
    });
    const now = Math.floor(stripe.now() / 1000);
    for (const expires_at of [now + 600, now + 2 * 86_400])
      await expect(sdk.checkout.sessions.create(sessionParams({ expires_at }))).rejects.toMatchObject({
        param: "expires_at",
      });
  });

  it("Refunds: create, retrieve, list; pending → succeeded or failed; never more than charged; not after the method's window", async () => {
    const session = await sdk.checkout.sessions.create(sessionParams());
    await stripe.payerDoes(session.id, "pay", "alipay");
    const intentId = (await sdk.checkout.sessions.retrieve(session.id)).payment_intent as string;
    stripe.holdRefunds(true);
    const first = await sdk.refunds.create({
      payment_intent: intentId,
      amount: 2000,
      metadata: { refund_row_id: "r1" },
    });
    hasKeys(first, REFUND_KEYS);
    expect(first).toMatchObject({ object: "refund", status: "pending", amount: 2000 });
    await expect(sdk.refunds.create({ payment_intent: intentId, amount: 3201 })).rejects.toMatchObject({
      code: "amount_too_large",
    });
    stripe.failNextRefunds(1, "declined");
    await stripe.settleRefunds();
    expect((await sdk.refunds.retrieve(first.id)).status).toBe("failed");
    // The failed refund gives the amount back to what may be refunded.
    const second = await sdk.refunds.create({ payment_intent: intentId, amount: 5200 });
    await stripe.settleRefunds();
    expect((await sdk.refunds.retrieve(second.id)).status).toBe("succeeded");
    const all = await sdk.refunds.list({ payment_intent: intentId }).autoPagingToArray({ limit: 10 });
    expect(all.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
    expect(events.filter((e) => e.type === "refund.failed" || e.type === "refund.updated")).toHaveLength(2);
    stripe.holdRefunds(false);

    const late = await sdk.checkout.sessions.create(sessionParams());
    await stripe.payerDoes(late.id, "pay", "alipay");
    const lateIntent = (await sdk.checkout.sessions.retrieve(late.id)).payment_intent as string;
    await stripe.advance(91 * 86_400_000);
    await expect(sdk.refunds.create({ payment_intent: lateIntent })).rejects.toMatchObject({
      code: "charge_expired_for_refund",
    });
  });

  it("Connect: accounts, account links to the hosted onboarding, account.updated; destination charges only to an account that takes charges; refunds reverse the transfer in proportion", async () => {
    const account = await sdk.accounts.create(
      { type: "express", capabilities: { transfers: { requested: true } }, metadata: { org_id: "dist_1" } },
      { idempotencyKey: "account:dist_1" },
    );
    hasKeys(account, ACCOUNT_KEYS);
    expect(account).toMatchObject({ object: "account", charges_enabled: false, details_submitted: false });
    expect(
      (
        await sdk.accounts
          .create({ type: "express", metadata: { org_id: "dist_1" } }, { idempotencyKey: "account:dist_1" })
          .catch((e) => e)
      ).type,
    ).toBe("StripeIdempotencyError");
    await expect(sdk.accounts.retrieve("acct_nope")).rejects.toMatchObject({ code: "resource_missing" });
    await expect(
      sdk.accountLinks.create({
        account: account.id,
        type: "account_onboarding",
        return_url: "nope",
        refresh_url: "nope",
      }),
    ).rejects.toMatchObject({ param: "refresh_url" });

    // A destination that has not finished onboarding is refused; so is an unknown one.
    const toDest = (destination: string, fee?: number) =>
      sessionParams({
        payment_intent_data: {
          capture_method: "automatic",
          transfer_data: { destination },
          ...(fee === undefined ? {} : { application_fee_amount: fee }),
        },
      });
    await expect(sdk.checkout.sessions.create(toDest(account.id))).rejects.toMatchObject({
      code: "insufficient_capabilities_for_transfer",
    });
    await expect(sdk.checkout.sessions.create(toDest("acct_unknown"))).rejects.toMatchObject({
      code: "resource_missing",
    });

    // Onboarding through the hosted page (what the payee's browser does), then account.updated.
    const link = await sdk.accountLinks.create({
      account: account.id,
      type: "account_onboarding",
      return_url: "http://127.0.0.1:9/settings?onboarding=return",
      refresh_url: "http://127.0.0.1:9/settings?onboarding=refresh",
    });
    hasKeys(link, LINK_KEYS);
    expect((await fetch(link.url)).status).toBe(200);
    const done = await fetch(link.url, {
      method: "POST",
      body: new URLSearchParams({ action: "complete" }),
      redirect: "manual",
    });
    expect(done.headers.get("location")).toBe("http://127.0.0.1:9/settings?onboarding=return");
    // A link is used once: a second visit goes to refresh_url.
    const again = await fetch(link.url, { redirect: "manual" });
    expect(again.headers.get("location")).toBe("http://127.0.0.1:9/settings?onboarding=refresh");
    await stripe.settled();
    const updated = events.find((e) => e.type === "account.updated")!;
    expect(updated.type === "account.updated" && updated.data.object).toMatchObject({
      id: account.id,
      charges_enabled: true,
      details_submitted: true,
    });
    expect(await sdk.accounts.retrieve(account.id)).toMatchObject({ charges_enabled: true });

    // A fee larger than the charge is refused; a destination charge with a fee moves the rest.
    await expect(sdk.checkout.sessions.create(toDest(account.id, 5201))).rejects.toMatchObject({
      param: "payment_intent_data[application_fee_amount]",
    });
    const session = await sdk.checkout.sessions.create(toDest(account.id, 200));
    await stripe.payerDoes(session.id, "pay", "card");
    const intent = await sdk.paymentIntents.retrieve(
      (await sdk.checkout.sessions.retrieve(session.id)).payment_intent as string,
    );
    expect(intent.transfer_data).toEqual({ destination: account.id });
    const transfer = [...stripe.transfers.values()].find((t) => t.source_transaction === intent.latest_charge)!;
    expect(transfer).toMatchObject({ amount: 5000, amount_reversed: 0, destination: account.id });

    // Refunds reverse the transfer (and the fee when asked) in proportion to the refund.
    const half = await sdk.refunds.create({
      payment_intent: intent.id,
      amount: 2600,
      reverse_transfer: true,
      refund_application_fee: true,
    });
    expect(half.transfer_reversal).toMatch(/^trr_/);
    expect(transfer.amount_reversed).toBe(2500);
    // Without reverse_transfer the platform alone pays (what the app never does): nothing reversed.
    await sdk.refunds.create({ payment_intent: intent.id, amount: 100 });
    expect(transfer.amount_reversed).toBe(2500);
    // A failed refund gives its reversal back.
    stripe.holdRefunds(true);
    const failing = await sdk.refunds.create({ payment_intent: intent.id, amount: 2500, reverse_transfer: true });
    expect(transfer.amount_reversed).toBe(2500 + Math.round((2500 * 5000) / 5200));
    stripe.failNextRefunds(1, "declined");
    await stripe.settleRefunds();
    expect((await sdk.refunds.retrieve(failing.id)).status).toBe("failed");
    expect(transfer.amount_reversed).toBe(2500);
    stripe.holdRefunds(false);
    // reverse_transfer on a charge that had no destination is refused.
    const plain = await sdk.checkout.sessions.create(sessionParams());
    await stripe.payerDoes(plain.id, "pay", "card");
    const plainIntent = (await sdk.checkout.sessions.retrieve(plain.id)).payment_intent as string;
    await expect(sdk.refunds.create({ payment_intent: plainIntent, reverse_transfer: true })).rejects.toMatchObject({
      param: "reverse_transfer",
    });

    // The provider switches charges off again: account.updated says so, and new charges are refused.
    await stripe.disableCharges(account.id);
    expect(events.filter((e) => e.type === "account.updated")).toHaveLength(2);
    await expect(sdk.checkout.sessions.create(toDest(account.id))).rejects.toMatchObject({
      code: "insufficient_capabilities_for_transfer",
    });
  });
});
