import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  accountEntries,
  campaigns,
  jobs,
  orderRefundChoices,
  paymentEvents,
  paymentRefunds,
  payments,
  restockOrderLines,
  restockOrders,
} from "@db/schema";
import { cancelConfirmedOrder } from "~/domain/restock/cancel-confirmed-order.server";
import { chooseOrderRefund } from "~/domain/payments/order-refund-choice.server";
import { deliverRun } from "../support/restock";
import { inTransaction } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { payDeposit } from "~/domain/alliances/pay-deposit.server";
import { withdrawPledge } from "~/domain/alliances/pledge.server";
import { memberCampaign } from "~/domain/alliances/member-campaigns.server";
import { getOrderWithPayment, payOrderOnline } from "~/domain/payments/order-payment.server";
import { paymentsFor } from "~/domain/payments/payments-for.server";
import {
  RECONCILE_AFTER_MS,
  enqueueReconciliation,
  reconcilePayments,
} from "~/domain/payments/reconcile-payments.server";
import { settleCampaignDeposits } from "~/domain/payments/settle-deposits.internal.server";
import { SESSION_LIFETIME_MS, startPayment } from "~/domain/payments/start-payment.server";
import { sendRefund } from "~/domain/payments/refund-payment.server";
import { requestRefund } from "~/domain/payments/refunds.internal.server";
import { expireSession } from "~/domain/payments/expire-session.server";
import { enqueueLegacySettlement, settleLegacyPayments } from "~/domain/payments/legacy-settle.server";
import { systemCtx } from "~/domain/jobs/system-context.server";
import { paymentsEnabled } from "~/domain/payments/stripe.server";
import { processWebhook } from "~/domain/payments/webhook.server";
import { handlers } from "../../workers/registry";
import { createTestDb } from "../support/db";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { ALLIANCE_TEST_START, makeCampaign } from "../support/alliance";
import { groupBuyWorld, pledgeAs } from "../support/group-buy";
import { fixedClock } from "~/domain/dates";
import { dbSnapshot } from "../support/snapshot";
import { connectPayee } from "../support/connect";
import { REFUND_WINDOW_MS, startStripeServer, stripeEnv, type LocalStripe } from "../support/stripe-server";

const testDb = createTestDb();
const db = testDb.db;
// One clock for the file, shared with the local Stripe server's test clock: every world's ctx,
// the webhooks, the jobs and the provider read it. Tests that need time to pass move it.
const clock = fixedClock(ALLIANCE_TEST_START);
let stripe: LocalStripe;
const RETURN = "http://127.0.0.1:9/back";

function useStripe() {
  Object.assign(process.env, stripeEnv(stripe));
}
function useOffline() {
  for (const k of Object.keys(stripeEnv(stripe))) delete process.env[k];
}

beforeAll(async () => {
  stripe = await startStripeServer({ clock: () => clock.now() });
  // Webhooks go straight into the domain's webhook processing (the HTTP route is tested in tests/http).
  stripe.webhookHandler = (payload, signature) => {
    try {
      processWebhook(db, payload, signature, clock.now());
      return 200;
    } catch (error) {
      if (error instanceof DomainError) return error.status;
      throw error;
    }
  };
  useStripe();
});
afterEach(() => {
  useStripe();
  stripe.holdRefunds(false);
  stripe.failNextRefunds(0);
});
afterAll(async () => {
  useOffline();
  await stripe.stop();
  testDb.close();
});

const paymentRow = (id: string) => db.select().from(payments).where(eq(payments.id, id)).get()!;
const refundsOf = (paymentId: string) =>
  db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, paymentId)).all();
const onlineEntries = (orderId: string) =>
  db
    .select()
    .from(accountEntries)
    .where(and(eq(accountEntries.orderId, orderId), eq(accountEntries.method, "online")))
    .all();
const jobsOf = (kind: string, orgId: string) =>
  db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.orgId, orgId)))
    .all();

/** Runs every queued job of a kind for an organisation as a worker would (`times` = retries after a crash). */
async function runJobs(kind: string, orgId: string, times = 1) {
  for (const job of jobsOf(kind, orgId))
    for (let i = 0; i < times; i++)
      await handlers[job.kind](
        { id: job.id, orgId: job.orgId, kind: job.kind, payload: JSON.parse(job.payload), attempts: 1 },
        { db, now: () => clock.now() },
      );
  await stripe.settled();
}

async function restockOrder() {
  const route = await makeDeliveryRoute(db, { stores: 2, skus: 1 });
  connectPayee(db, stripe, route.distributor.org.id);
  const [store, other] = route.stores;
  for (const s of [store, other, route.distributor]) s.ctx.clock = clock;
  const order = makeConfirmedOrder(route.distributor.ctx, {
    linkId: store.linkId,
    deliveryDate: route.deliveryDate,
    lines: [{ sku: route.skus[0], packs: 3 }],
  });
  return { route, store, other, order };
}

function payOrder(
  ctx: Parameters<typeof startPayment>[0],
  order: { id: string; distributorOrgId: string; totalFen: number },
) {
  return startPayment(ctx, {
    subject: "restock_order",
    subjectId: order.id,
    payeeOrgId: order.distributorOrgId,
    amountFen: order.totalFen,
    description: "进货单",
    returnUrl: RETURN,
  });
}

const sessionOf = (paymentId: string) => stripe.sessions.get(paymentRow(paymentId).sessionId!)!;

describe("an online restock order payment through Checkout", () => {
  it("creates the session once (row first, idempotency key from the payment), and only the webhook makes it paid, once", async () => {
    const { store, order, route } = await restockOrder();
    expect(order.totalFen).toBe(3000);
    const first = await payOrder(store.ctx, order);
    expect(first.status).toBe("requires_action");
    expect(first.redirectUrl).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    const row = paymentRow(first.paymentId);
    expect(row).toMatchObject({
      provider: "stripe",
      status: "requires_action",
      amountFen: 3000,
      orgId: store.org.id,
      payeeOrgId: order.distributorOrgId,
      expiresAt: clock.now() + SESSION_LIFETIME_MS,
    });
    const create = stripe.requests.find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST")!;
    expect(create.idempotencyKey).toBe(`checkout:${row.id}`);
    expect(create.params).toMatchObject({
      mode: "payment",
      line_items: [{ quantity: "1", price_data: { currency: "cny", unit_amount: "3000" } }],
      allowed_payment_method_types: ["card", "alipay", "wechat_pay"],
      payment_method_options: { wechat_pay: { client: "web" } },
      payment_intent_data: { capture_method: "automatic", metadata: { payment_id: row.id } },
      client_reference_id: order.id,
      metadata: { payment_id: row.id, org_id: store.org.id, subject: "restock_order", subject_id: order.id },
      expires_at: String(Math.floor(row.expiresAt! / 1000)),
    });

    // A retried tap reuses the open session.
    const again = await payOrder(store.ctx, order);
    expect(again).toEqual(first);
    expect(db.select().from(payments).where(eq(payments.subjectId, order.id)).all()).toHaveLength(1);
    expect([...stripe.sessions.values()].filter((s) => s.client_reference_id === order.id)).toHaveLength(1);

    // The payer abandons and comes back: the return alone proves nothing; the provider says open.
    await stripe.payerDoes(row.sessionId!, "abandon");
    const back = await getOrderWithPayment(store.ctx, order.id, { returned: true });
    expect(back.onlinePayment.payment?.status).toBe("requires_action");
    expect(onlineEntries(order.id)).toEqual([]);

    await stripe.payerDoes(row.sessionId!, "pay", "card");
    expect(paymentRow(row.id)).toMatchObject({ status: "succeeded", capturedFen: 3000, lastError: null });
    expect(paymentRow(row.id).intentId).toMatch(/^pi_/);
    const entries = onlineEntries(order.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: "payment", amountFen: -3000, distributorOrgId: route.distributor.org.id });

    // The same event delivered again, or twice more, is answered and changes nothing.
    const completed = stripe.events.find((e) => e.type === "checkout.session.completed" && e.payload.includes(row.id))!;
    const before = dbSnapshot(db);
    expect(await stripe.redeliver(completed.id)).toBe(200);
    expect(await stripe.redeliver(completed.id)).toBe(200);
    expect(dbSnapshot(db)).toEqual(before);

    // Paid: starting again answers with the paid payment, no new session.
    expect(await payOrder(store.ctx, order)).toEqual({ paymentId: row.id, redirectUrl: null, status: "succeeded" });
    expect(paymentsFor(db, order.distributorOrgId, "restock_order", [order.id])[order.id]?.id).toBe(row.id);
    await expect(payOrderOnline(store.ctx, order.id, RETURN)).rejects.toMatchObject({ key: "payments.notPayable" });
  });

  it("a late (asynchronous) payment is processing until it succeeds or fails; out-of-order events change nothing more", async () => {
    const { store, order } = await restockOrder();
    const ok = await payOrder(store.ctx, order);
    await stripe.payerDoes(paymentRow(ok.paymentId).sessionId!, "late", "alipay");
    expect(paymentRow(ok.paymentId).status).toBe("processing");
    expect(onlineEntries(order.id)).toEqual([]);
    await stripe.finishLatePayment(paymentRow(ok.paymentId).sessionId!, "failed");
    expect(paymentRow(ok.paymentId)).toMatchObject({ status: "failed", lastError: "async payment failed" });

    // A new attempt: the success arrives before the completion (delivered in reverse order).
    const second = await payOrder(store.ctx, order);
    expect(second.paymentId).not.toBe(ok.paymentId);
    const sessionId = paymentRow(second.paymentId).sessionId!;
    stripe.reverseNextWebhooks(2);
    await stripe.payerDoes(sessionId, "late", "wechat_pay");
    await stripe.finishLatePayment(sessionId, "succeeded");
    expect(paymentRow(second.paymentId)).toMatchObject({ status: "succeeded", capturedFen: 3000 });
    expect(
      db
        .select()
        .from(paymentEvents)
        .all()
        .filter((e) => e.intentId === sessionId)
        .map((e) => e.type),
    ).toEqual(["checkout.session.async_payment_succeeded", "checkout.session.completed"]);
    expect(onlineEntries(order.id).map((e) => e.amountFen)).toEqual([-3000]);
  });

  it("a session expires at its expires_at (the provider's clock), and paying again opens a new one", async () => {
    const { store, order } = await restockOrder();
    const first = await payOrder(store.ctx, order);
    // A decline leaves the hosted page open, as Checkout does.
    await stripe.payerDoes(paymentRow(first.paymentId).sessionId!, "decline", "card");
    expect(sessionOf(first.paymentId).status).toBe("open");
    clock.advance(SESSION_LIFETIME_MS);
    await stripe.tick();
    expect(paymentRow(first.paymentId).status).toBe("canceled");
    const second = await payOrder(store.ctx, order);
    expect(second.paymentId).not.toBe(first.paymentId);
    expect(second.status).toBe("requires_action");
  });

  it("refuses another store's order, a zero or fractional amount, and a wrong key is a clear 409", async () => {
    const { store, other, order } = await restockOrder();
    const before = dbSnapshot(db);
    await expect(payOrder(other.ctx, order)).rejects.toMatchObject({ status: 404 });
    for (const amountFen of [0, -5, 12.5])
      await expect(
        startPayment(store.ctx, {
          subject: "restock_order",
          subjectId: order.id,
          payeeOrgId: order.distributorOrgId,
          amountFen,
          description: "x",
          returnUrl: RETURN,
        }),
      ).rejects.toMatchObject({ key: "payments.amountInvalid" });
    expect(dbSnapshot(db)).toEqual(before);
    process.env.STRIPE_SECRET_KEY = "sk_test_not_the_key";
    await expect(payOrder(store.ctx, order)).rejects.toMatchObject({ status: 409, key: "payments.providerError" });
    const [failed] = db.select().from(payments).where(eq(payments.subjectId, order.id)).all();
    expect(failed).toMatchObject({ status: "requires_payment_method", sessionId: null });
    expect(failed.lastError).toMatch(/Invalid API Key/);
    useStripe();
    // The retry reuses the row and its idempotency key: the same request, now answered.
    const retried = await payOrder(store.ctx, order);
    expect(retried).toMatchObject({ paymentId: failed.id, status: "requires_action" });
  });
});

describe("deposits: charged at once, refunded by jobs when not kept", () => {
  async function paidDeposits(methods: string[]) {
    const w = await groupBuyWorld(db, { stores: methods.length, clock });
    connectPayee(db, stripe, w.alliance.ctx.org.id);
    const deposits = [];
    for (const [i, s] of w.stores.entries()) {
      const p = pledgeAs(s.ctx, w.campaignId, 10);
      const started = await payDeposit(s.ctx, w.campaignId, RETURN);
      await stripe.payerDoes(paymentRow(started.paymentId).sessionId!, "pay", methods[i]);
      deposits.push({ store: s, pledgeId: p.pledgeId, paymentId: started.paymentId, depositFen: p.depositFen });
    }
    return { w, deposits };
  }

  it("failure refunds every paid deposit through the Refunds API, once, even when the job runs twice; a failed refund waits for the coordinator", async () => {
    const { w, deposits } = await paidDeposits(["card", "alipay", "wechat_pay"]);
    for (const d of deposits) expect(paymentRow(d.paymentId)).toMatchObject({ status: "succeeded", capturedFen: 5200 });
    expect(memberCampaign(deposits[0].store.ctx, w.campaignId).deposit).toBe("paid");
    stripe.failNextRefunds(1, "charge_for_pending_refund_disputed");
    inTransaction(db, (tx) => {
      tx.update(campaigns).set({ status: "failed" }).where(eq(campaigns.id, w.campaignId)).run();
      return settleCampaignDeposits(tx, w.campaignId, "failed", clock.now());
    });
    // A retried close decides nothing new.
    inTransaction(db, (tx) => settleCampaignDeposits(tx, w.campaignId, "failed", clock.now()));
    for (const d of deposits) expect(refundsOf(d.paymentId)).toMatchObject([{ amountFen: 5200, status: "queued" }]);
    for (const d of deposits) await runJobs("payment.refund", d.store.org.id, 2);
    const statuses = deposits.map((d) => refundsOf(d.paymentId)[0].status);
    expect(statuses).toEqual(["failed", "succeeded", "succeeded"]);
    for (const [i, d] of deposits.entries()) {
      const key = `refund:${d.paymentId}:${refundsOf(d.paymentId)[0].id}`;
      const sent = stripe.requests.filter((r) => r.path === "/v1/refunds" && r.idempotencyKey === key);
      expect(sent).toHaveLength(1); // the second run saw the refund already sent
      expect(paymentRow(d.paymentId).refundedFen).toBe(i === 0 ? 0 : 5200);
    }
    expect([...stripe.refunds.values()].filter((r) => r.status === "succeeded")).toHaveLength(2);
    expect(refundsOf(deposits[0].paymentId)[0].lastError).toBe("charge_for_pending_refund_disputed");
    expect(memberCampaign(deposits[0].store.ctx, w.campaignId).deposit).toBe("refundFailed");
    expect(memberCampaign(deposits[1].store.ctx, w.campaignId).deposit).toBe("refunded");
    // Deposits are not on the store↔distributor account: refunds of deposits add no entry there.
    expect(
      db.select().from(accountEntries).where(eq(accountEntries.storeOrgId, deposits[1].store.org.id)).all(),
    ).toEqual([]);
  });

  it("a withdrawn pledge is refunded; a deposit paid after its pledge was withdrawn, or after the close, goes back too", async () => {
    const { w, deposits } = await paidDeposits(["alipay", "card"]);
    const [a, b] = deposits;
    withdrawPledge(a.store.ctx, { requestId: newId(), campaignId: w.campaignId });
    await runJobs("payment.refund", a.store.org.id);
    expect(refundsOf(a.paymentId)).toMatchObject([
      { reason: "pledge_withdrawn", status: "succeeded", amountFen: 5200 },
    ]);
    expect(memberCampaign(a.store.ctx, w.campaignId).deposit).toBe("refunded");

    // b raises its pledge and opens a session for the difference, then the campaign closes.
    pledgeAs(b.store.ctx, w.campaignId, 12);
    const diff = await payDeposit(b.store.ctx, w.campaignId, RETURN);
    expect(paymentRow(diff.paymentId).amountFen).toBe(1040);
    inTransaction(db, (tx) => {
      tx.update(campaigns).set({ status: "ordered" }).where(eq(campaigns.id, w.campaignId)).run();
      return settleCampaignDeposits(tx, w.campaignId, "keep", clock.now());
    });
    expect(jobsOf("payment.expire", b.store.org.id)).toHaveLength(1);
    // The payer was quicker than the job: paid after the close, so it is refunded.
    await stripe.payerDoes(paymentRow(diff.paymentId).sessionId!, "pay", "card");
    await runJobs("payment.expire", b.store.org.id);
    expect(refundsOf(diff.paymentId)).toMatchObject([{ reason: "paid_after_close", amountFen: 1040 }]);
    await runJobs("payment.refund", b.store.org.id);
    expect(refundsOf(diff.paymentId)[0].status).toBe("succeeded");
    expect(refundsOf(b.paymentId)).toEqual([]); // the kept deposit stays
  });

  it("a withdrawal's refund that failed is not sent again by the close: it waits on the coordinator's list", async () => {
    const { w, deposits } = await paidDeposits(["alipay", "card"]);
    const [a] = deposits;
    stripe.failNextRefunds(1, "account_closed");
    withdrawPledge(a.store.ctx, { requestId: newId(), campaignId: w.campaignId });
    await runJobs("payment.refund", a.store.org.id);
    expect(refundsOf(a.paymentId)).toMatchObject([{ reason: "pledge_withdrawn", status: "failed" }]);
    for (const outcome of ["keep", "failed"] as const) {
      inTransaction(db, (tx) => settleCampaignDeposits(tx, w.campaignId, outcome, clock.now()));
      expect(refundsOf(a.paymentId)).toHaveLength(1);
    }
    expect(
      [...stripe.refunds.values()].filter((r) => r.payment_intent === paymentRow(a.paymentId).intentId),
    ).toHaveLength(1);
    expect(memberCampaign(a.store.ctx, w.campaignId).deposit).toBe("refundFailed");
  });

  it("the provider refuses a refund past the method's window (test clock) or beyond what was charged", async () => {
    const { w, deposits } = await paidDeposits(["alipay"]);
    const [a] = deposits;
    clock.advance(REFUND_WINDOW_MS.alipay + 1000);
    try {
      withdrawPledgeAsIfOpen(w.campaignId, a);
      await runJobs("payment.refund", a.store.org.id);
      expect(refundsOf(a.paymentId)).toMatchObject([{ status: "failed" }]);
      expect(refundsOf(a.paymentId)[0].lastError).toMatch(/too old/);
    } finally {
      clock.advance(-(REFUND_WINDOW_MS.alipay + 1000));
    }
    // Never more than charged: the server refuses, whatever the app asks.
    const intentId = paymentRow(a.paymentId).intentId!;
    const res = await fetch(`${stripe.url}/v1/refunds`, {
      method: "POST",
      headers: { Authorization: `Bearer ${stripe.secretKey}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: `payment_intent=${intentId}&amount=5201`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("amount_too_large");
  });

  /** The deadline has passed on the moved clock; the pledge is withdrawn as the domain would, in a transaction. */
  function withdrawPledgeAsIfOpen(campaignId: string, d: { pledgeId: string }) {
    inTransaction(db, (tx) => {
      tx.update(campaigns).set({ status: "cancelled" }).where(eq(campaigns.id, campaignId)).run();
      settleCampaignDeposits(tx, campaignId, "cancelled", clock.now());
    });
    expect(refundsOf(paymentRowOfPledge(d.pledgeId).id)).toHaveLength(1);
  }
  const paymentRowOfPledge = (pledgeId: string) =>
    db.select().from(payments).where(eq(payments.subjectId, pledgeId)).get()!;
});

describe("an order paid online and then changed", () => {
  it("delivered short: the difference is refunded by job and booked on the account once; a store that keeps credit gets no refund", async () => {
    const { store, order, route } = await restockOrder();
    const started = await payOrder(store.ctx, order);
    await stripe.payerDoes(paymentRow(started.paymentId).sessionId!, "pay", "wechat_pay");
    expect(paymentRow(started.paymentId).status).toBe("succeeded");
    // Before delivery the choice changes nothing (the order's cost is not on the account yet).
    expect(chooseOrderRefund(store.ctx, order.id, { choice: "refund" })).toEqual({ choice: "refund", refundedFen: 0 });
    const [line] = db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, order.id)).all();
    deliverRun(db, route.distributor.ctx, order.runId!, { [order.id]: { [line.id]: 2 } });
    expect(db.select().from(restockOrders).where(eq(restockOrders.id, order.id)).get()).toMatchObject({
      status: "delivered",
    });
    expect(refundsOf(started.paymentId)).toMatchObject([
      { amountFen: 1000, reason: "order_difference", status: "queued" },
    ]);
    const view = await getOrderWithPayment(store.ctx, order.id);
    expect(view.onlinePayment).toMatchObject({ refundingFen: 1000, mayChoose: true, refundChoice: "refund" });
    await runJobs("payment.refund", store.org.id, 2);
    expect(refundsOf(started.paymentId)).toMatchObject([{ status: "succeeded" }]);
    expect(paymentRow(started.paymentId).refundedFen).toBe(1000);
    // The account: −3000 paid, +2000 delivered, +1000 refunded: the order is square.
    const entries = db.select().from(accountEntries).where(eq(accountEntries.orderId, order.id)).all();
    expect(entries.reduce((n, e) => n + e.amountFen, 0)).toBe(0);
    expect(
      onlineEntries(order.id)
        .map((e) => e.amountFen)
        .sort(),
    ).toEqual([-3000, 1000].sort());
    // Asking again (the store re-saves its choice) sends nothing more.
    expect(chooseOrderRefund(store.ctx, order.id, { choice: "refund" }).refundedFen).toBe(0);

    // A second order: the store keeps the difference as credit, so the distributor's cancel refunds nothing.
    const second = makeConfirmedOrder(route.distributor.ctx, {
      linkId: store.linkId,
      deliveryDate: route.deliveryDate,
      lines: [{ sku: route.skus[0], packs: 1 }],
    });
    const p2 = await payOrder(store.ctx, second);
    await stripe.payerDoes(paymentRow(p2.paymentId).sessionId!, "pay", "card");
    chooseOrderRefund(store.ctx, second.id, { choice: "credit" });
    expect(db.select().from(orderRefundChoices).where(eq(orderRefundChoices.orderId, second.id)).get()).toMatchObject({
      choice: "credit",
      storeOrgId: store.org.id,
      actorId: store.ctx.actor.id,
    });
    cancelConfirmedOrder(route.distributor.ctx, second.id, { requestId: newId(), reason: "缺货" });
    expect(refundsOf(p2.paymentId)).toEqual([]);
    // Changing its mind: back to refund, and the whole payment goes back.
    expect(chooseOrderRefund(store.ctx, second.id, { choice: "refund" }).refundedFen).toBe(1000);
    // Another store cannot choose for this order.
    const { other } = await restockOrder();
    expect(() => chooseOrderRefund(other.ctx, second.id, { choice: "credit" })).toThrow(DomainError);
  });
});

describe("the campaign form with online deposits", () => {
  it("refuses a deadline more than 60 days away (a failed campaign must be refundable within Alipay's 90 days)", async () => {
    const w = await groupBuyWorld(db, { stores: 1, clock });
    connectPayee(db, stripe, w.alliance.ctx.org.id);
    const day = 86_400_000;
    const tooFar = () => makeCampaign(w.alliance, { deadlineAt: clock.now() + 61 * day, open: false });
    expect(tooFar).toThrow(DomainError);
    try {
      tooFar();
    } catch (error) {
      expect(error).toMatchObject({ status: 400, key: "payments.deadlineTooFar" });
    }
    expect(makeCampaign(w.alliance, { deadlineAt: clock.now() + 60 * day, open: false }).campaignId).toBeTruthy();
    expect(
      makeCampaign(w.alliance, { deadlineAt: clock.now() + 61 * day, depositBp: 0, open: false }).campaignId,
    ).toBeTruthy();
    useOffline();
    expect(makeCampaign(w.alliance, { deadlineAt: clock.now() + 61 * day, open: false }).campaignId).toBeTruthy();
  });
});

describe("webhooks and reconciliation", () => {
  it("a bad signature, a missing one, or an unknown event type is refused and writes nothing", async () => {
    const { store, order } = await restockOrder();
    const started = await payOrder(store.ctx, order);
    await stripe.payerDoes(paymentRow(started.paymentId).sessionId!, "pay");
    const event = stripe.events.find(
      (e) => e.type === "checkout.session.completed" && e.payload.includes(started.paymentId),
    )!;
    const before = dbSnapshot(db);
    expect(await stripe.deliverWithBadSignature(event.id)).toBe(400);
    expect(() => processWebhook(db, event.payload, null, clock.now())).toThrow(DomainError);
    const unknown = await stripe.sendEvent("payment_intent.succeeded", { id: "pi_1", object: "payment_intent" });
    expect(unknown.status).toBe(400);
    expect(dbSnapshot(db)).toEqual(before);
    expect(db.select().from(paymentEvents).where(eq(paymentEvents.id, unknown.id)).get()).toBeUndefined();
  });

  it("a lost completion webhook and a lost refund webhook are repaired by the reconcile job", async () => {
    const { store, order } = await restockOrder();
    const started = await payOrder(store.ctx, order);
    const row = paymentRow(started.paymentId);
    stripe.dropNextWebhooks(1);
    await stripe.payerDoes(row.sessionId!, "pay", "alipay");
    expect(paymentRow(row.id).status).toBe("requires_action");
    // Not stale yet: the schedule leaves it alone.
    const now = clock.now();
    enqueueReconciliation(db, now);
    expect(jobsOf("payment.reconcile", store.org.id)).toHaveLength(0);
    const later = now + RECONCILE_AFTER_MS + 1000;
    enqueueReconciliation(db, later);
    enqueueReconciliation(db, later); // a second worker running the same schedule
    expect(jobsOf("payment.reconcile", store.org.id)).toHaveLength(1);
    const sys = systemCtx(db, store.org.id, fixedClock(later));
    expect(await reconcilePayments(sys)).toBe(1);
    expect(paymentRow(row.id)).toMatchObject({ status: "succeeded", capturedFen: order.totalFen });
    expect(onlineEntries(order.id)).toHaveLength(1);
    // The late webhook, if it comes after all, changes nothing.
    const lost = stripe.events.find((e) => e.type === "checkout.session.completed" && e.payload.includes(row.id))!;
    expect(lost.deliveries).toEqual([0]);
    expect(await stripe.redeliver(lost.id)).toBe(200);
    expect(onlineEntries(order.id)).toHaveLength(1);

    // A refund whose update webhook is lost (an order refund decided by hand here).
    stripe.holdRefunds(true);
    const refund = inTransaction(db, (tx) => {
      return requestRefund(tx, paymentRow(row.id), 1000, "order_difference", later)!;
    });
    await runJobs("payment.refund", store.org.id);
    expect(refundsOf(row.id)[0].status).toBe("pending");
    stripe.dropNextWebhooks(1);
    await stripe.settleRefunds();
    expect(refundsOf(row.id)[0].status).toBe("pending");
    const muchLater = later + RECONCILE_AFTER_MS + 1000;
    expect(await reconcilePayments(systemCtx(db, store.org.id, fixedClock(muchLater)))).toBe(1);
    expect(refundsOf(row.id)[0]).toMatchObject({ id: refund.id, status: "succeeded" });
    expect(paymentRow(row.id).refundedFen).toBe(1000);
    expect(
      onlineEntries(order.id)
        .map((e) => e.amountFen)
        .sort(),
    ).toEqual([-3000, 1000].sort());
  });
});

describe("the one-time settlement of the old manual-capture design", () => {
  it("captures an authorised deposit of a campaign that succeeded, voids every other unfinished intent, once", async () => {
    const w = await groupBuyWorld(db, { stores: 2, clock });
    connectPayee(db, stripe, w.alliance.ctx.org.id);
    const [a, b] = w.stores;
    const pa = pledgeAs(a.ctx, w.campaignId, 10);
    const pb = pledgeAs(b.ctx, w.campaignId, 10);
    const legacy = (store: typeof a, pledgeId: string) => {
      const intent = stripe.seedLegacyIntent({ amount: 5200, method: "card" });
      const id = newId();
      db.insert(payments)
        .values({
          id,
          orgId: store.org.id,
          payeeOrgId: w.alliance.org.id,
          subject: "pledge_deposit",
          subjectId: pledgeId,
          amountFen: 5200,
          provider: "stripe",
          intentId: intent.id,
          status: "requires_capture",
          createdAt: clock.now(),
          updatedAt: clock.now(),
        })
        .run();
      return id;
    };
    const payA = legacy(a, pa.pledgeId);
    const payB = legacy(b, pb.pledgeId);
    withdrawPledge(b.ctx, { requestId: newId(), campaignId: w.campaignId });
    db.update(campaigns).set({ status: "ordered" }).where(eq(campaigns.id, w.campaignId)).run();
    expect(enqueueLegacySettlement(db, clock.now())).toBeGreaterThanOrEqual(2);
    await runJobs("payment.legacy", a.org.id, 2);
    await runJobs("payment.legacy", b.org.id, 2);
    expect(paymentRow(payA)).toMatchObject({ status: "succeeded", capturedFen: 5200 });
    expect(paymentRow(payB)).toMatchObject({ status: "canceled", capturedFen: 0 });
    expect(stripe.intents.get(paymentRow(payA).intentId!)!.status).toBe("succeeded");
    expect(stripe.intents.get(paymentRow(payB).intentId!)!.status).toBe("canceled");
    expect(enqueueLegacySettlement(db, clock.now())).toBe(0);
    expect(await settleLegacyPayments(systemCtx(db, a.org.id, clock))).toEqual({ captured: 0, canceled: 0 });
  });
});

describe("offline mode (no key configured)", () => {
  it("records a payment as to be settled by hand without calling any provider", async () => {
    useOffline();
    expect(paymentsEnabled()).toBe(false);
    const calls = stripe.requests.length;
    const { store, order } = await restockOrder();
    const started = await payOrder(store.ctx, order);
    expect(started).toMatchObject({ redirectUrl: null, status: "offline" });
    expect(paymentRow(started.paymentId)).toMatchObject({ provider: "offline", sessionId: null, capturedFen: 0 });
    expect((await payOrder(store.ctx, order)).paymentId).toBe(started.paymentId);
    expect(stripe.requests.length).toBe(calls);
  });
});

describe("permissions (checked by the domain, whoever calls)", () => {
  it("only the system refunds, expires and reconciles; only store staff start a payment", async () => {
    const w = await groupBuyWorld(db, { stores: 1, clock });
    connectPayee(db, stripe, w.alliance.ctx.org.id);
    const store = w.stores[0];
    const p = pledgeAs(store.ctx, w.campaignId, 10);
    const input = {
      subject: "pledge_deposit" as const,
      subjectId: p.pledgeId,
      payeeOrgId: w.alliance.org.id,
      amountFen: p.depositFen,
      description: "定金",
      returnUrl: RETURN,
    };
    const { paymentId } = await startPayment(store.ctx, input);
    const before = dbSnapshot(db);
    await expect(sendRefund(store.ctx, "x")).rejects.toMatchObject({ status: 403 });
    await expect(expireSession(store.ctx, paymentId)).rejects.toMatchObject({ status: 403 });
    await expect(reconcilePayments(store.ctx)).rejects.toMatchObject({ status: 403 });
    await expect(settleLegacyPayments(w.alliance.ctx)).rejects.toMatchObject({ status: 403 });
    await expect(startPayment(systemCtx(db, store.org.id, clock), input)).rejects.toMatchObject({ status: 403 });
    await expect(startPayment(w.alliance.ctx, input)).rejects.toMatchObject({ status: 403 });
    expect(dbSnapshot(db)).toEqual(before);
    expect(await expireSession(systemCtx(db, store.org.id, clock), paymentId)).toBe("expired");
    await stripe.settled();
    expect(paymentRow(paymentId).status).toBe("canceled");
  });
});
