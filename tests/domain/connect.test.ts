import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { accountEntries, connectedAccounts, jobs, paymentRefunds, payments, restockOrderLines } from "@db/schema";
import { memberCampaign } from "~/domain/alliances/member-campaigns.server";
import { payDeposit } from "~/domain/alliances/pay-deposit.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { fixedClock } from "~/domain/dates";
import { payoutStateOf } from "~/domain/payments/connected-accounts.server";
import { refreshConnectedAccount, startOnboarding } from "~/domain/payments/onboarding.server";
import { chooseOrderRefund } from "~/domain/payments/order-refund-choice.server";
import { getOrderWithPayment, payOrderOnline } from "~/domain/payments/order-payment.server";
import { processWebhook } from "~/domain/payments/webhook.server";
import { confirmReportedPayment, reportPayment, reportPaymentSchema } from "~/domain/restock/reported-payments.server";
import { shanghaiDate } from "~/domain/dates";
import { handlers } from "../../workers/registry";
import { ALLIANCE_TEST_START } from "../support/alliance";
import { connectPayee } from "../support/connect";
import { groupBuyWorld, pledgeAs } from "../support/group-buy";
import { createTestDb } from "../support/db";
import { makeConfirmedOrder, makeDeliveryRoute, makeDistributor } from "../support/distribution";
import { deliverRun } from "../support/restock";
import { dbSnapshot } from "../support/snapshot";
import { startStripeServer, stripeEnv, type LocalStripe } from "../support/stripe-server";

// Connected accounts (decision 042): the payee onboards by account link, payments are destination
// charges to its account, refunds reverse the transfer; a payee without a ready account takes no
// online payment. All against the local Stripe-compatible server, with signed webhooks.

const testDb = createTestDb();
const db = testDb.db;
const clock = fixedClock(ALLIANCE_TEST_START);
let stripe: LocalStripe;
const PAGE = "http://127.0.0.1:9/distributor/payouts";
const RETURN = "http://127.0.0.1:9/back";

beforeAll(async () => {
  stripe = await startStripeServer({ clock: () => clock.now() });
  stripe.webhookHandler = (payload, signature) => {
    try {
      processWebhook(db, payload, signature, clock.now());
      return 200;
    } catch (error) {
      if (error instanceof DomainError) return error.status;
      throw error;
    }
  };
  Object.assign(process.env, stripeEnv(stripe));
});
afterEach(() => stripe.holdRefunds(false));
afterAll(async () => {
  for (const k of Object.keys(stripeEnv(stripe))) delete process.env[k];
  await stripe.stop();
  testDb.close();
});

async function world(paymentTerms: "cod" | "account" = "cod") {
  const route = await makeDeliveryRoute(db, { stores: 2, skus: 1, paymentTerms });
  const [store] = route.stores;
  for (const s of [...route.stores, route.distributor]) s.ctx.clock = clock;
  const order = (packs = 3) =>
    makeConfirmedOrder(route.distributor.ctx, {
      linkId: store.linkId,
      deliveryDate: route.deliveryDate,
      lines: [{ sku: route.skus[0], packs }],
    });
  return { route, store, dist: route.distributor, order };
}

const accountRow = (orgId: string) =>
  db.select().from(connectedAccounts).where(eq(connectedAccounts.orgId, orgId)).get();
const paymentRow = (id: string) => db.select().from(payments).where(eq(payments.id, id)).get()!;

/** The payee's browser on the hosted onboarding page: what the button posts, and where it goes. */
async function onboardingPage(url: string, action: "complete" | "review" | "leave") {
  const res = await fetch(url, { method: "POST", body: new URLSearchParams({ action }), redirect: "manual" });
  await stripe.settled();
  return res.headers.get("location");
}

function refusedWithoutWriting(fn: () => Promise<unknown>): Promise<DomainError> {
  const before = dbSnapshot(db);
  return fn().then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => {
      expect(dbSnapshot(db)).toEqual(before);
      if (error instanceof DomainError) return error;
      throw error;
    },
  );
}

async function runRefundJobs(orgId: string) {
  for (const job of db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, "payment.refund"), eq(jobs.orgId, orgId)))
    .all())
    await handlers[job.kind](
      { id: job.id, orgId: job.orgId, kind: job.kind, payload: JSON.parse(job.payload), attempts: 1 },
      { db, now: () => clock.now() },
    );
  await stripe.settled();
}

describe("a distributor opens online collection", () => {
  it("onboards by account link; until the provider says charges_enabled, its stores cannot pay online (409, nothing written)", async () => {
    const { store, dist, order } = await world();
    const first = order();
    expect(payoutStateOf(db, dist.org.id)).toBe("none");
    const refused = await refusedWithoutWriting(() => payOrderOnline(store.ctx, first.id, RETURN));
    expect(refused).toMatchObject({ status: 409, key: "payments.payeeNotConnected" });
    expect((await getOrderWithPayment(store.ctx, first.id)).onlinePayment).toMatchObject({
      enabled: true,
      payeeReady: false,
      payable: false,
    });

    // The admin starts: one account on the provider, a one-use link back to the settings page.
    const { url } = await startOnboarding(dist.ctx, PAGE);
    expect(url).toMatch(new RegExp(`^${stripe.url}/connect/onboard/`));
    const accountId = accountRow(dist.org.id)!.accountId;
    expect(stripe.accounts.get(accountId)).toMatchObject({ metadata: { org_id: dist.org.id }, charges_enabled: false });
    expect(payoutStateOf(db, dist.org.id)).toBe("started");
    // Leaving half-way changes nothing; the return URL alone proves nothing either.
    expect(await onboardingPage(url, "leave")).toBe(`${PAGE}?onboarding=return`);
    expect(await refreshConnectedAccount(dist.ctx)).toBe("started");

    // A second start reuses the account (idempotency key account:<org>), with a fresh link.
    const again = await startOnboarding(dist.ctx, PAGE);
    expect(again.url).not.toBe(url);
    expect(stripe.accounts.size).toBeGreaterThan(0);
    expect([...stripe.accounts.values()].filter((a) => a.metadata.org_id === dist.org.id)).toHaveLength(1);
    // Submitted, under review: account.updated records it, payments still refused.
    await onboardingPage(again.url, "review");
    expect(accountRow(dist.org.id)).toMatchObject({ detailsSubmitted: true, chargesEnabled: false });
    expect(payoutStateOf(db, dist.org.id)).toBe("review");
    await expect(payOrderOnline(store.ctx, first.id, RETURN)).rejects.toMatchObject({ status: 409 });

    // Approved, but the webhook is lost: the return page asks the provider and is right anyway.
    const third = await startOnboarding(dist.ctx, PAGE);
    stripe.dropNextWebhooks(1);
    await onboardingPage(third.url, "complete");
    expect(accountRow(dist.org.id)!.chargesEnabled).toBe(false);
    expect(await refreshConnectedAccount(dist.ctx)).toBe("ready");
    // The lost event, delivered late, changes nothing more.
    const lost = stripe.events.filter((e) => e.type === "account.updated").at(-1)!;
    expect(await stripe.redeliver(lost.id)).toBe(200);
    expect(accountRow(dist.org.id)).toMatchObject({ chargesEnabled: true, detailsSubmitted: true });

    // Now the store pays: a destination charge to the distributor's account.
    const started = await payOrderOnline(store.ctx, first.id, RETURN);
    expect(paymentRow(started.paymentId).destinationAccountId).toBe(accountId);
    const create = stripe.requests.filter((r) => r.path === "/v1/checkout/sessions" && r.method === "POST").at(-1)!;
    expect(create.params).toMatchObject({ payment_intent_data: { transfer_data: { destination: accountId } } });

    // The provider switches charges off (a requirement came due): the next order cannot be paid online.
    await stripe.disableCharges(accountId);
    expect(payoutStateOf(db, dist.org.id)).toBe("review");
    const second = order(1);
    await expect(payOrderOnline(store.ctx, second.id, RETURN)).rejects.toMatchObject({
      key: "payments.payeeNotConnected",
    });
  });

  it("only the distributor's admin (or an alliance's coordinator) opens it; a forged account.updated is refused and writes nothing", async () => {
    const { store, dist } = await world();
    await expect(startOnboarding(store.ctx, PAGE)).rejects.toMatchObject({ status: 403 });
    const driver = await makeDistributor(db, { role: "driver" });
    await expect(startOnboarding(driver.ctx, PAGE)).rejects.toMatchObject({ status: 403 });
    await expect(refreshConnectedAccount(store.ctx)).rejects.toMatchObject({ status: 403 });
    await startOnboarding(dist.ctx, PAGE);
    const accountId = accountRow(dist.org.id)!.accountId;
    const before = dbSnapshot(db);
    // An event that is not an account (wrong shape) is a 400; a bad signature too.
    const { status } = await stripe.sendEvent("account.updated", { id: accountId, object: "account" });
    expect(status).toBe(400);
    const forged = await stripe.sendEvent("account.updated", {
      id: accountId,
      object: "account",
      charges_enabled: true,
      details_submitted: true,
    });
    const bad = await stripe.deliverWithBadSignature(forged.id);
    expect(bad).toBe(400);
    // (The correctly signed one was applied: the only thing that writes.)
    expect(forged.status).toBe(200);
    const after = dbSnapshot(db);
    expect(
      Object.keys(after)
        .filter((t) => JSON.stringify(after[t]) !== JSON.stringify(before[t]))
        .sort(),
    ).toEqual(["connected_accounts", "payment_events"].sort());
  });
});

describe("an alliance without a ready account", () => {
  it("its members' campaign page says the deposit is settled offline, and a pay post is a 409 that writes nothing", async () => {
    const w = await groupBuyWorld(db, { stores: 1, clock });
    const store = w.stores[0].ctx;
    pledgeAs(store, w.campaignId, 10);
    expect(memberCampaign(store, w.campaignId).deposit).toBe("payeeOffline");
    const refused = await refusedWithoutWriting(() => payDeposit(store, w.campaignId, RETURN));
    expect(refused).toMatchObject({ status: 409, key: "payments.payeeNotConnected" });
    connectPayee(db, stripe, w.alliance.org.id);
    expect(memberCampaign(store, w.campaignId).deposit).toBe("due");
    const started = await payDeposit(store, w.campaignId, RETURN);
    expect(paymentRow(started.paymentId).destinationAccountId).toBe(accountRow(w.alliance.org.id)!.accountId);
  });
});

describe("the Connect endpoint's own signing secret", () => {
  it("account.updated signed with STRIPE_CONNECT_WEBHOOK_SECRET is applied; any other secret is a 400 that writes nothing", async () => {
    const { dist } = await world();
    await startOnboarding(dist.ctx, PAGE);
    const accountId = accountRow(dist.org.id)!.accountId;
    process.env.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_connect_endpoint";
    try {
      const payload = JSON.stringify({
        id: `evt_${newId()}`,
        object: "event",
        type: "account.updated",
        data: { object: { id: accountId, object: "account", charges_enabled: true, details_submitted: true } },
      });
      const sign = (secret: string) => Stripe.webhooks.generateTestHeaderString({ payload, secret });
      const before = dbSnapshot(db);
      expect(() => processWebhook(db, payload, sign("whsec_someone_else"), clock.now())).toThrow(DomainError);
      expect(dbSnapshot(db)).toEqual(before);
      expect(processWebhook(db, payload, sign("whsec_connect_endpoint"), clock.now())).toMatchObject({
        applied: true,
      });
      expect(accountRow(dist.org.id)!.chargesEnabled).toBe(true);
    } finally {
      delete process.env.STRIPE_CONNECT_WEBHOOK_SECRET;
    }
  });
});

describe("money to the payee's account, and back", () => {
  it("delivered short: the refund reverses that much of the transfer from the distributor's account", async () => {
    const { store, dist, order, route } = await world();
    const accountId = connectPayee(db, stripe, dist.org.id);
    const paidOrder = order();
    const started = await payOrderOnline(store.ctx, paidOrder.id, RETURN);
    await stripe.payerDoes(paymentRow(started.paymentId).sessionId!, "pay", "alipay");
    const intentId = paymentRow(started.paymentId).intentId!;
    const transfer = [...stripe.transfers.values()].find(
      (t) => t.source_transaction === stripe.intents.get(intentId)!.latest_charge,
    )!;
    expect(transfer).toMatchObject({ amount: paidOrder.totalFen, destination: accountId, amount_reversed: 0 });

    const [line] = db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, paidOrder.id)).all();
    deliverRun(db, route.distributor.ctx, paidOrder.runId!, { [paidOrder.id]: { [line.id]: 2 } });
    await runRefundJobs(store.org.id);
    const refund = stripe.requests.filter((r) => r.path === "/v1/refunds" && r.method === "POST").at(-1)!;
    expect(refund.params).toMatchObject({ payment_intent: intentId, amount: "1000", reverse_transfer: "true" });
    expect(transfer.amount_reversed).toBe(1000);
    expect(db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, started.paymentId)).all()).toMatchObject(
      [{ amountFen: 1000, status: "succeeded" }],
    );
  });
});

describe("the order refund and payments the store reported (issue 11)", () => {
  it("a reported and confirmed payment is not counted against an order paid online: only the real difference is refunded", async () => {
    const { store, dist, order, route } = await world("account");
    connectPayee(db, stripe, dist.org.id);
    // Order A is paid online (3 packs); order B (1 pack) is on account.
    const a = order(3);
    const b = order(1);
    const started = await payOrderOnline(store.ctx, a.id, RETURN);
    await stripe.payerDoes(paymentRow(started.paymentId).sessionId!, "pay", "card");
    expect(paymentRow(started.paymentId).status).toBe("succeeded");
    // Both delivered, A short by one pack: A's difference (1000) is refunded, nothing else.
    const [lineA] = db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, a.id)).all();
    deliverRun(db, route.distributor.ctx, a.runId!, { [a.id]: { [lineA.id]: 2 } });
    await runRefundJobs(store.org.id);
    const refunds = () => db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, started.paymentId)).all();
    expect(refunds()).toMatchObject([{ amountFen: 1000, status: "succeeded" }]);

    // The store pays B by bank and reports it; the office confirms.
    const { reportId } = reportPayment(
      store.ctx,
      reportPaymentSchema.parse({
        requestId: newId(),
        distributorOrgId: dist.org.id,
        amountFen: (b.totalFen / 100).toFixed(2),
        method: "bank",
        paidOn: shanghaiDate(clock.now()),
        reference: "B 单转账",
      }),
    );
    confirmReportedPayment(dist.ctx, { requestId: newId(), reportId });
    // Re-saving the refund choice (which re-checks A's balance) sends nothing more, and nothing
    // refunds the bank payment online.
    expect(chooseOrderRefund(store.ctx, a.id, { choice: "refund" }).refundedFen).toBe(0);
    expect(chooseOrderRefund(store.ctx, b.id, { choice: "refund" }).refundedFen).toBe(0);
    await runRefundJobs(store.org.id);
    expect(refunds()).toHaveLength(1);
    // The account: everything square (A: −3000 +2000 +1000; B: +1000 −1000).
    const all = db
      .select()
      .from(accountEntries)
      .where(and(eq(accountEntries.storeOrgId, store.org.id), eq(accountEntries.distributorOrgId, dist.org.id)))
      .all();
    expect(all.reduce((n, e) => n + e.amountFen, 0)).toBe(0);
  });
});
