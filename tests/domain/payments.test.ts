import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { accountEntries, jobs, paymentEvents, payments } from "@db/schema";
import { inTransaction } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { withdrawPledge } from "~/domain/alliances/pledge.server";
import { manifest } from "~/domain/fulfilment/manifest.server";
import { getOrderWithPayment, payOrderOnline } from "~/domain/payments/order-payment.server";
import { paymentsFor } from "~/domain/payments/payments-for.server";
import {
  RECONCILE_AFTER_MS,
  enqueueReconciliation,
  reconcilePayments,
} from "~/domain/payments/reconcile-payments.server";
import { releaseDeposit, settleCampaignDeposits } from "~/domain/payments/settle-deposits.internal.server";
import { startPayment } from "~/domain/payments/start-payment.server";
import { cancelPayment } from "~/domain/payments/cancel-payment.server";
import { capturePayment } from "~/domain/payments/capture-payment.server";
import { systemCtx } from "~/domain/jobs/system-context.server";
import { paymentsEnabled, stripeClient } from "~/domain/payments/stripe.server";
import { processWebhook } from "~/domain/payments/webhook.server";
import { handlers } from "../../workers/registry";
import { createTestDb } from "../support/db";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { ALLIANCE_TEST_START } from "../support/alliance";
import { groupBuyWorld, pledgeAs } from "../support/group-buy";
import { fixedClock } from "~/domain/dates";
import { dbSnapshot } from "../support/snapshot";
import { startStripeServer, stripeEnv, type LocalStripe } from "../support/stripe-server";

const testDb = createTestDb();
const db = testDb.db;
// One clock for the file: every world's ctx, the webhooks and the jobs read it, so the payment
// rows' times agree with reconciliation's "stale" (nothing here moves it).
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
  stripe = await startStripeServer();
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
afterEach(() => useStripe());
afterAll(async () => {
  useOffline();
  await stripe.stop();
  testDb.close();
});

const paymentRow = (id: string) => db.select().from(payments).where(eq(payments.id, id)).get()!;
const onlineEntries = (orderId: string) =>
  db
    .select()
    .from(accountEntries)
    .where(and(eq(accountEntries.orderId, orderId), eq(accountEntries.method, "online")))
    .all();
const jobOf = (key: string) => db.select().from(jobs).where(eq(jobs.uniqueKey, key)).get();

/** Runs a job's handler as a worker would (twice = a retry after a crash). */
async function runJob(key: string) {
  const job = jobOf(key);
  if (!job) throw new Error(`no job ${key}`);
  await handlers[job.kind](
    { id: job.id, orgId: job.orgId, kind: job.kind, payload: JSON.parse(job.payload), attempts: 1 },
    { db, now: () => clock.now() },
  );
}

async function restockOrder() {
  const route = await makeDeliveryRoute(db, { stores: 2, skus: 1 });
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
    returnUrl: RETURN,
    capture: "automatic",
  });
}

describe("an online restock order payment (automatic capture)", () => {
  it("creates the intent once, sends the payer to the approval page, and books the payment on the account once", async () => {
    const { store, order, route } = await restockOrder();
    const distributorCtx = route.distributor.ctx;
    expect(order.totalFen).toBe(3 * 1000);
    const first = await payOrder(store.ctx, order);
    expect(first.status).toBe("requires_action");
    expect(first.redirectUrl).toMatch(new RegExp(`^${stripe.url}/pay/pi_`));
    const row = paymentRow(first.paymentId);
    expect(row).toMatchObject({
      provider: "stripe",
      status: "requires_action",
      amountFen: 3000,
      methodType: "alipay",
      orgId: store.org.id,
      payeeOrgId: order.distributorOrgId,
    });
    const intent = stripe.intents.get(row.intentId!)!;
    expect(intent).toMatchObject({
      amount: 3000,
      currency: "cny",
      capture_method: "automatic",
      metadata: { payment_id: row.id, org_id: store.org.id, subject: "restock_order", subject_id: order.id },
    });
    expect(stripe.requests.find((r) => r.path === "/v1/payment_intents")?.idempotencyKey).toBe(`payment:${row.id}`);

    // A retried tap reuses the open payment and its intent.
    const again = await payOrder(store.ctx, order);
    expect(again).toEqual({ ...first });
    expect(db.select().from(payments).where(eq(payments.subjectId, order.id)).all()).toHaveLength(1);
    expect([...stripe.intents.values()].filter((i) => i.metadata.subject_id === order.id)).toHaveLength(1);

    await stripe.payerDecides(row.intentId!, "approve");
    expect(paymentRow(row.id)).toMatchObject({ status: "succeeded", capturedFen: 3000, lastError: null });
    const entries = onlineEntries(order.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: "payment",
      amountFen: -3000,
      storeOrgId: store.org.id,
      distributorOrgId: order.distributorOrgId,
    });
    // Cash on delivery, paid online: the driver's manifest asks nothing at that stop.
    const stop = manifest(distributorCtx, order.runId!).stops.find((s) => s.id === order.id)!;
    expect(stop).toMatchObject({ paymentTerms: "cod", dueFen: 0 });

    // The same event delivered again is answered and changes nothing.
    const succeeded = stripe.events.find(
      (e) => e.type === "payment_intent.succeeded" && e.payload.includes(row.intentId!),
    )!;
    const before = dbSnapshot(db);
    expect(await stripe.redeliver(succeeded.id)).toBe(200);
    expect(dbSnapshot(db)).toEqual(before);
    expect(onlineEntries(order.id)).toHaveLength(1);

    // Paid: starting again answers with the paid payment, no new intent.
    const paid = await payOrder(store.ctx, order);
    expect(paid).toEqual({ paymentId: row.id, redirectUrl: null, status: "succeeded" });
    expect(paymentsFor(db, store.org.id, "restock_order", [order.id])[order.id]).toMatchObject({
      id: row.id,
      status: "succeeded",
    });
    expect(paymentsFor(db, order.distributorOrgId, "restock_order", [order.id])[order.id]?.id).toBe(row.id);
  });

  it("charges what is due: an order with a deposit already credited is paid for the rest, and both entries stay", async () => {
    const { store, order } = await restockOrder();
    // As the group-buy close credits a captured deposit against the member's order.
    db.insert(accountEntries)
      .values({
        id: newId(),
        distributorOrgId: order.distributorOrgId,
        storeOrgId: store.org.id,
        kind: "payment",
        amountFen: -500,
        orderId: order.id,
        method: "online",
        note: "团购定金",
        createdAt: clock.now(),
      })
      .run();
    const view = await getOrderWithPayment(store.ctx, order.id);
    expect(view.onlinePayment).toMatchObject({ enabled: true, payable: true, amountDueFen: 2500, payment: null });
    const started = await payOrderOnline(store.ctx, order.id, RETURN);
    expect(paymentRow(started.paymentId).amountFen).toBe(2500);
    await stripe.payerDecides(paymentRow(started.paymentId).intentId!, "approve");
    expect(
      onlineEntries(order.id)
        .map((e) => e.amountFen)
        .sort(),
    ).toEqual([-2500, -500]);
    const after = await getOrderWithPayment(store.ctx, order.id, { returned: true });
    expect(after.onlinePayment).toMatchObject({ payable: false, amountDueFen: 0, payment: { status: "succeeded" } });
    await expect(payOrderOnline(store.ctx, order.id, RETURN)).rejects.toMatchObject({ key: "payments.notPayable" });
  });

  it("a declined payment records the reason, and paying again opens a new payment", async () => {
    const { store, order } = await restockOrder();
    const first = await payOrder(store.ctx, order);
    await stripe.payerDecides(paymentRow(first.paymentId).intentId!, "decline");
    expect(paymentRow(first.paymentId)).toMatchObject({
      status: "requires_payment_method",
      lastError: "The payment was declined by the payer.",
    });
    const second = await payOrder(store.ctx, order);
    expect(second.paymentId).not.toBe(first.paymentId);
    expect(second.status).toBe("requires_action");
    expect(onlineEntries(order.id)).toHaveLength(0);
  });

  it("refuses another store's order, and another store cannot see its payment", async () => {
    const { store, other, order } = await restockOrder();
    const before = dbSnapshot(db);
    await expect(payOrder(other.ctx, order)).rejects.toMatchObject({ status: 404 });
    expect(dbSnapshot(db)).toEqual(before);
    await payOrder(store.ctx, order);
    expect(paymentsFor(db, other.org.id, "restock_order", [order.id])).toEqual({});
  });

  it("a provider that refuses the call (wrong key) is a clear 409; the attempt keeps the reason and a later one starts afresh", async () => {
    const { store, order } = await restockOrder();
    process.env.STRIPE_SECRET_KEY = "sk_test_not_the_key";
    await expect(payOrder(store.ctx, order)).rejects.toMatchObject({ status: 409, key: "payments.providerError" });
    const [failed] = db.select().from(payments).where(eq(payments.subjectId, order.id)).all();
    expect(failed).toMatchObject({ status: "requires_payment_method", intentId: null });
    expect(failed.lastError).toMatch(/Invalid API Key/);
    useStripe();
    const retried = await payOrder(store.ctx, order);
    expect(retried.paymentId).not.toBe(failed.id);
    expect(retried.status).toBe("requires_action");
  });

  it("refuses a zero or fractional amount without writing", async () => {
    const { store, order } = await restockOrder();
    const before = dbSnapshot(db);
    for (const amountFen of [0, -5, 12.5]) {
      await expect(
        startPayment(store.ctx, {
          subject: "restock_order",
          subjectId: order.id,
          payeeOrgId: order.distributorOrgId,
          amountFen,
          returnUrl: RETURN,
          capture: "automatic",
        }),
      ).rejects.toMatchObject({ key: "payments.amountInvalid" });
    }
    expect(dbSnapshot(db)).toEqual(before);
  });
});

describe("deposits (manual capture) and the capture/cancel jobs", () => {
  async function authorisedDeposits(stores = 2) {
    const w = await groupBuyWorld(db, { stores, clock });
    const deposits = [];
    for (const s of w.stores) {
      const p = pledgeAs(s.ctx, w.campaignId, 10);
      const started = await startPayment(s.ctx, {
        subject: "pledge_deposit",
        subjectId: p.pledgeId,
        payeeOrgId: w.alliance.org.id,
        amountFen: p.depositFen,
        returnUrl: RETURN,
        capture: "manual",
      });
      await stripe.payerDecides(paymentRow(started.paymentId).intentId!, "approve");
      deposits.push({ store: s, pledgeId: p.pledgeId, paymentId: started.paymentId, depositFen: p.depositFen });
    }
    return { w, deposits };
  }

  it("an approved deposit is authorised, not charged; success captures it, exactly once even when the job runs twice", async () => {
    const { w, deposits } = await authorisedDeposits(2);
    for (const d of deposits)
      expect(paymentRow(d.paymentId)).toMatchObject({ status: "requires_capture", capturedFen: 0 });
    // The second store withdraws: its deposit is released right away.
    withdrawPledge(deposits[1].store.ctx, { requestId: newId(), campaignId: w.campaignId });
    await runJob(`payment.cancel:${deposits[1].paymentId}`);
    expect(paymentRow(deposits[1].paymentId).status).toBe("canceled");

    const counts = inTransaction(db, (tx) => settleCampaignDeposits(tx, w.campaignId, "capture", clock.now()));
    expect(counts).toEqual({ capture: 1, cancel: 0 });
    // Settling again (a retried close) enqueues nothing new.
    inTransaction(db, (tx) => settleCampaignDeposits(tx, w.campaignId, "capture", clock.now()));
    expect(
      db
        .select()
        .from(jobs)
        .where(eq(jobs.uniqueKey, `payment.capture:${deposits[0].paymentId}`))
        .all(),
    ).toHaveLength(1);

    const key = `payment.capture:${deposits[0].paymentId}`;
    await runJob(key);
    await stripe.settled();
    expect(paymentRow(deposits[0].paymentId)).toMatchObject({
      status: "succeeded",
      capturedFen: deposits[0].depositFen,
    });
    await runJob(key);
    expect(paymentRow(deposits[0].paymentId)).toMatchObject({
      status: "succeeded",
      capturedFen: deposits[0].depositFen,
    });
    const captures = stripe.requests.filter(
      (r) => r.path.endsWith("/capture") && r.path.includes(paymentRow(deposits[0].paymentId).intentId!),
    );
    expect(captures.length).toBeLessThanOrEqual(1);
    expect(stripe.intents.get(paymentRow(deposits[0].paymentId).intentId!)!.status).toBe("succeeded");
  });

  it("a capture of an intent captured meanwhile (its webhook lost) is success, not an error", async () => {
    const { w, deposits } = await authorisedDeposits(1);
    const d = deposits[0];
    const intentId = paymentRow(d.paymentId).intentId!;
    stripe.dropNextWebhooks(1);
    await stripeClient().paymentIntents.capture(intentId); // someone captured it from the dashboard
    expect(paymentRow(d.paymentId).status).toBe("requires_capture");
    inTransaction(db, (tx) => settleCampaignDeposits(tx, w.campaignId, "capture", clock.now()));
    await runJob(`payment.capture:${d.paymentId}`);
    expect(paymentRow(d.paymentId)).toMatchObject({ status: "succeeded", capturedFen: d.depositFen });
  });

  it("failure releases every deposit: authorised ones and ones never finished", async () => {
    const w = await groupBuyWorld(db, { stores: 2, clock });
    const a = pledgeAs(w.stores[0].ctx, w.campaignId, 10);
    const b = pledgeAs(w.stores[1].ctx, w.campaignId, 20);
    const pa = await startPayment(w.stores[0].ctx, {
      subject: "pledge_deposit",
      subjectId: a.pledgeId,
      payeeOrgId: w.alliance.org.id,
      amountFen: a.depositFen,
      returnUrl: RETURN,
      capture: "manual",
    });
    await stripe.payerDecides(paymentRow(pa.paymentId).intentId!, "approve");
    const pb = await startPayment(w.stores[1].ctx, {
      subject: "pledge_deposit",
      subjectId: b.pledgeId,
      payeeOrgId: w.alliance.org.id,
      amountFen: b.depositFen,
      returnUrl: RETURN,
      capture: "manual",
    });
    expect(paymentRow(pb.paymentId).status).toBe("requires_action");
    expect(inTransaction(db, (tx) => settleCampaignDeposits(tx, w.campaignId, "release", clock.now()))).toEqual({
      capture: 0,
      cancel: 2,
    });
    for (const id of [pa.paymentId, pb.paymentId]) {
      await runJob(`payment.cancel:${id}`);
      await runJob(`payment.cancel:${id}`);
      expect(paymentRow(id)).toMatchObject({ status: "canceled", capturedFen: 0 });
      expect(stripe.intents.get(paymentRow(id).intentId!)!.status).toBe("canceled");
    }
  });

  it("releaseDeposit cancels the open deposit of a pledge (by job)", async () => {
    const { deposits } = await authorisedDeposits(1);
    const d = deposits[0];
    expect(inTransaction(db, (tx) => releaseDeposit(tx, d.pledgeId, clock.now()))).toBe(1);
    await runJob(`payment.cancel:${d.paymentId}`);
    expect(paymentRow(d.paymentId).status).toBe("canceled");
  });
});

describe("webhooks and reconciliation", () => {
  it("a bad signature, a missing one, or an unknown event type is refused and writes nothing", async () => {
    const { store, order } = await restockOrder();
    const started = await payOrder(store.ctx, order);
    const event = stripe.events.find(
      (e) => e.type === "payment_intent.requires_action" && e.payload.includes(started.paymentId),
    )!;
    const before = dbSnapshot(db);
    expect(await stripe.deliverWithBadSignature(event.id)).toBe(400);
    expect(() => processWebhook(db, event.payload, null, clock.now())).toThrow(DomainError);
    const unknown = await stripe.sendEvent("charge.refunded", { id: "ch_1", object: "charge" });
    expect(unknown.status).toBe(400);
    expect(dbSnapshot(db)).toEqual(before);
    expect(db.select().from(paymentEvents).where(eq(paymentEvents.id, unknown.id)).get()).toBeUndefined();
  });

  it("a lost webhook is repaired by the reconcile job", async () => {
    const { store, order } = await restockOrder();
    const started = await payOrder(store.ctx, order);
    const row = paymentRow(started.paymentId);
    stripe.dropNextWebhooks(1);
    await stripe.payerDecides(row.intentId!, "approve");
    expect(paymentRow(row.id).status).toBe("requires_action");
    // Not stale yet: the schedule leaves it alone.
    const now = clock.now();
    enqueueReconciliation(db, now);
    expect(
      db
        .select()
        .from(jobs)
        .where(and(eq(jobs.kind, "payment.reconcile"), eq(jobs.orgId, store.org.id)))
        .all(),
    ).toHaveLength(0);
    const later = now + RECONCILE_AFTER_MS + 1000;
    enqueueReconciliation(db, later);
    enqueueReconciliation(db, later); // a second worker running the same schedule
    const queued = db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, "payment.reconcile"), eq(jobs.orgId, store.org.id)))
      .all();
    expect(queued).toHaveLength(1);
    await handlers["payment.reconcile"](
      { id: queued[0].id, orgId: store.org.id, kind: "payment.reconcile", payload: {}, attempts: 1 },
      { db, now: () => later },
    );
    expect(paymentRow(row.id)).toMatchObject({ status: "succeeded", capturedFen: order.totalFen });
    expect(onlineEntries(order.id)).toHaveLength(1);
    // The late webhook, if it comes after all, changes nothing.
    const lost = stripe.events.find((e) => e.type === "payment_intent.succeeded" && e.payload.includes(row.intentId!))!;
    expect(lost.deliveries).toEqual([0]);
    expect(await stripe.redeliver(lost.id)).toBe(200);
    expect(onlineEntries(order.id)).toHaveLength(1);
  });

  it("an event arriving late cannot move a payment back", async () => {
    const { store, order } = await restockOrder();
    const started = await payOrder(store.ctx, order);
    const row = paymentRow(started.paymentId);
    await stripe.payerDecides(row.intentId!, "approve");
    const stale = stripe.events.find(
      (e) => e.type === "payment_intent.requires_action" && e.payload.includes(row.intentId!),
    )!;
    // A fresh copy of the old event (new id), as a delayed retry from the provider would look.
    const copy = JSON.parse(stale.payload) as { data: { object: unknown } };
    expect((await stripe.sendEvent("payment_intent.requires_action", copy.data.object)).status).toBe(200);
    expect(paymentRow(row.id).status).toBe("succeeded");
  });
});

describe("offline mode (no key configured)", () => {
  it("records deposits as pledged without calling any provider, and settles them in the close's transaction", async () => {
    useOffline();
    expect(paymentsEnabled()).toBe(false);
    const calls = stripe.requests.length;
    const w = await groupBuyWorld(db, { stores: 2, clock });
    const a = pledgeAs(w.stores[0].ctx, w.campaignId, 10);
    const started = await startPayment(w.stores[0].ctx, {
      subject: "pledge_deposit",
      subjectId: a.pledgeId,
      payeeOrgId: w.alliance.org.id,
      amountFen: a.depositFen,
      returnUrl: RETURN,
      capture: "manual",
    });
    expect(started).toMatchObject({ redirectUrl: null, status: "offline" });
    expect(paymentRow(started.paymentId)).toMatchObject({
      provider: "offline",
      status: "offline",
      intentId: null,
      capturedFen: 0,
    });
    // Asking again gives the same record.
    const again = await startPayment(w.stores[0].ctx, {
      subject: "pledge_deposit",
      subjectId: a.pledgeId,
      payeeOrgId: w.alliance.org.id,
      amountFen: a.depositFen,
      returnUrl: RETURN,
      capture: "manual",
    });
    expect(again.paymentId).toBe(started.paymentId);
    expect(stripe.requests.length).toBe(calls);

    inTransaction(db, (tx) => settleCampaignDeposits(tx, w.campaignId, "capture", clock.now()));
    expect(paymentRow(started.paymentId)).toMatchObject({ status: "offline", capturedFen: a.depositFen });
    expect(
      db
        .select()
        .from(jobs)
        .where(eq(jobs.uniqueKey, `payment.capture:${started.paymentId}`))
        .get(),
    ).toBeUndefined();

    const w2 = await groupBuyWorld(db, { stores: 1, clock });
    const b = pledgeAs(w2.stores[0].ctx, w2.campaignId, 10);
    const p2 = await startPayment(w2.stores[0].ctx, {
      subject: "pledge_deposit",
      subjectId: b.pledgeId,
      payeeOrgId: w2.alliance.org.id,
      amountFen: b.depositFen,
      returnUrl: RETURN,
      capture: "manual",
    });
    inTransaction(db, (tx) => settleCampaignDeposits(tx, w2.campaignId, "release", clock.now()));
    expect(paymentRow(p2.paymentId)).toMatchObject({ status: "canceled", capturedFen: 0 });
    expect(stripe.requests.length).toBe(calls);
  });
});

describe("permissions (checked by the domain, whoever calls)", () => {
  it("only the system settles deposits and reconciles; only store staff start a payment", async () => {
    const w = await groupBuyWorld(db, { stores: 1, clock });
    const store = w.stores[0];
    const p = pledgeAs(store.ctx, w.campaignId, 10);
    const input = {
      subject: "pledge_deposit" as const,
      subjectId: p.pledgeId,
      payeeOrgId: w.alliance.org.id,
      amountFen: p.depositFen,
      returnUrl: RETURN,
      capture: "manual" as const,
    };
    const { paymentId } = await startPayment(store.ctx, input);
    const before = dbSnapshot(db);
    // The store's own owner cannot capture or void its deposit, nor reconcile: those follow the campaign.
    await expect(capturePayment(store.ctx, paymentId)).rejects.toMatchObject({ status: 403 });
    await expect(cancelPayment(store.ctx, paymentId)).rejects.toMatchObject({ status: 403 });
    await expect(reconcilePayments(store.ctx)).rejects.toMatchObject({ status: 403 });
    // Neither the system acting for the store nor the coordinator may start a payment.
    await expect(startPayment(systemCtx(db, store.org.id, clock), input)).rejects.toMatchObject({ status: 403 });
    await expect(startPayment(w.alliance.ctx, input)).rejects.toMatchObject({ status: 403 });
    expect(dbSnapshot(db)).toEqual(before);
    expect(await cancelPayment(systemCtx(db, store.org.id, clock), paymentId)).toBe("done");
    expect(paymentRow(paymentId).status).toBe("canceled");
  });
});
