import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { accountEntries, jobs, payments, restockOrderLines } from "@db/schema";
import { RECONCILE_AFTER_MS } from "~/domain/payments/reconcile-payments.server";
import { handlers } from "../../workers/registry";
import { serverClock } from "../support/alliance";
import {
  logInAs,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  waitForHydration,
} from "../support/browser";
import { connectPayee } from "../support/connect";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { deliverRun } from "../support/restock";
import { startTestServer, type TestServer } from "../support/server";
import { startStripeServer, stripeEnv, type LocalStripe } from "../support/stripe-server";

// Issue 13's last two walk-throughs on a phone (390×844), on the production path: the built
// server, the local Stripe-compatible server's hosted page, signed webhooks to the app, and the
// jobs run as a worker runs them. (1) An order paid online and delivered short gets its partial
// refund, reversed from the distributor's connected account. (2) The completion webhook is lost
// and the payer never comes back: reconciliation finds the paid session.

let stripe: LocalStripe;
let server: TestServer;
let world: Awaited<ReturnType<typeof makeDeliveryRoute>>;
let accountId: string;

beforeAll(async () => {
  stripe = await startStripeServer();
  server = await startTestServer({ env: stripeEnv(stripe) });
  stripe.webhookUrl = `${server.url}/webhooks/stripe`;
  // The jobs run in this process (as a worker would) against the server's database and provider.
  Object.assign(process.env, stripeEnv(stripe));
  world = await makeDeliveryRoute(server.db, { stores: 2, skus: 1 });
  accountId = connectPayee(server.db, stripe, world.distributor.org.id);
});
afterAll(async () => {
  for (const k of Object.keys(stripeEnv(stripe))) delete process.env[k];
  await server?.stop();
  await stripe?.stop();
});

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

const OFFLINE_PAGE = '<!doctype html><meta charset="utf-8"><title>无网络</title><p>无网络</p>';

const paymentOf = (orderId: string) => server.db.select().from(payments).where(eq(payments.subjectId, orderId)).get();

/** Runs the queued jobs of a kind for an organisation, as the worker does. */
async function runJobs(kind: string, orgId: string, now = () => serverClock.now()) {
  const queued = server.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), eq(jobs.orgId, orgId), eq(jobs.status, "queued")))
    .all();
  for (const job of queued)
    await handlers[job.kind](
      { id: job.id, orgId: job.orgId, kind: job.kind, payload: JSON.parse(job.payload), attempts: 1 },
      { db: server.db, now },
    );
  await stripe.settled();
  return queued.length;
}

function orderFor(store: (typeof world.stores)[number], packs = 3) {
  return makeConfirmedOrder(world.distributor.ctx, {
    linkId: store.linkId,
    deliveryDate: world.deliveryDate,
    lines: [{ sku: world.skus[0], packs }],
  });
}

describe("an order paid online on a phone", () => {
  it("delivered short: the store sees its partial refund, and the distributor's transfer is reversed by that much", async () => {
    const store = world.stores[0];
    const order = orderFor(store);
    const phone = await openPhone();
    recordPageErrors(phone.page, pageErrors);
    try {
      const { page } = phone;
      await logInAs(page, server.url, store.user.phone, store.user.password);
      await page.goto(`${server.url}/store/restock/orders/${order.id}`);
      await waitForHydration(page);
      await page.getByRole("button", { name: "在线支付 ¥30.00" }).click();
      await page.waitForURL(new RegExp(`^${stripe.url}/checkout/cs_test_`));
      await page.getByRole("button", { name: "用银行卡付款" }).click();
      await page.waitForURL(new RegExp(`/store/restock/orders/${order.id}\\?session_id=`));
      await expect.poll(() => page.getByTestId("order-payment").getAttribute("data-status")).toBe("succeeded");

      // The van brings 2 of the 3 packs: the order now costs ¥20.00; the refund job sends ¥10.00.
      const [line] = server.db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, order.id)).all();
      deliverRun(server.db, world.distributor.ctx, order.runId!, { [order.id]: { [line.id]: 2 } });
      expect(await runJobs("payment.refund", store.org.id)).toBe(1);

      await page.goto(`${server.url}/store/restock/orders/${order.id}`);
      await waitForHydration(page);
      await expect.poll(() => page.getByTestId("order-refunded").textContent()).toContain("已退回 ¥10.00");
      await expect.poll(() => page.getByTestId("order-payment").textContent()).toContain("已在线支付 ¥30.00");
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "connect-order-short-refunded");

      // The account: −¥30.00 paid, +¥20.00 delivered, +¥10.00 refunded; the transfer reversed by ¥10.00.
      const entries = server.db.select().from(accountEntries).where(eq(accountEntries.orderId, order.id)).all();
      expect(entries.reduce((n, e) => n + e.amountFen, 0)).toBe(0);
      const intent = stripe.intents.get(paymentOf(order.id)!.intentId!)!;
      const transfer = [...stripe.transfers.values()].find((t) => t.source_transaction === intent.latest_charge)!;
      expect(transfer).toMatchObject({ destination: accountId, amount: 3000, amount_reversed: 1000 });
      // The job run again (a worker retry) sends nothing more.
      const refundsSent = stripe.refunds.size;
      await runJobs("payment.refund", store.org.id);
      expect(stripe.refunds.size).toBe(refundsSent);
    } finally {
      await phone.close();
    }
  });

  it("a lost webhook, and the payer's phone never comes back: reconciliation finds the paid session", async () => {
    const store = world.stores[1];
    const order = orderFor(store);
    const phone = await openPhone();
    recordPageErrors(phone.page, pageErrors);
    try {
      const { page } = phone;
      await logInAs(page, server.url, store.user.phone, store.user.password);
      await page.goto(`${server.url}/store/restock/orders/${order.id}`);
      await waitForHydration(page);
      await page.getByRole("button", { name: "在线支付 ¥30.00" }).click();
      await page.waitForURL(new RegExp(`^${stripe.url}/checkout/cs_test_`));
      // The completion webhook is lost, and the signal drops on the way back to the app.
      stripe.dropNextWebhooks(1);
      // The hosted page takes the payment; its redirect back to the app never arrives.
      const hosted = new RegExp(`^${stripe.url}/checkout/cs_test_`);
      await page.route(hosted, async (route) => {
        if (route.request().method() !== "POST") return route.continue();
        const answer = await route.fetch({ maxRedirects: 0 });
        expect(answer.status()).toBe(303);
        await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: OFFLINE_PAGE });
      });
      await page.getByRole("button", { name: "用支付宝付款" }).click();
      await expect.poll(() => page.locator("p").first().textContent()).toBe("无网络");
      await stripe.settled();
      const session = stripe.sessions.get(paymentOf(order.id)!.sessionId!)!;
      expect(session).toMatchObject({ status: "complete", payment_status: "paid" });
      expect(paymentOf(order.id)!.status).toBe("requires_action");
      await page.unroute(hosted);

      // Later the store opens its order (no session id in the URL): still waiting — the page does not guess.
      await page.goto(`${server.url}/store/restock/orders/${order.id}`);
      await waitForHydration(page);
      await expect.poll(() => page.getByTestId("order-payment").getAttribute("data-status")).toBe("requires_action");
      await screenshot(page, "connect-order-webhook-lost");

      // The reconcile job (scheduled every 5 minutes for payments pending 10) asks the provider.
      const later = serverClock.now() + RECONCILE_AFTER_MS + 60_000;
      await handlers["payment.reconcile"](
        { id: "reconcile", orgId: store.org.id, kind: "payment.reconcile", payload: {}, attempts: 1 },
        { db: server.db, now: () => later },
      );
      expect(paymentOf(order.id)).toMatchObject({
        status: "succeeded",
        capturedFen: 3000,
        destinationAccountId: accountId,
      });
      await page.reload();
      await waitForHydration(page);
      await expect.poll(() => page.getByTestId("order-payment").getAttribute("data-status")).toBe("succeeded");
      await expect.poll(() => page.getByTestId("order-payment").textContent()).toContain("已在线支付 ¥30.00");
      expect(await page.getByRole("button", { name: /在线支付/ }).count()).toBe(0);
      await screenshot(page, "connect-order-reconciled");
      // The lost event, delivered at last, books nothing twice.
      const lost = stripe.events.find(
        (e) => e.type === "checkout.session.completed" && e.payload.includes(session.id),
      )!;
      expect(lost.deliveries).toEqual([0]);
      expect(await stripe.redeliver(lost.id)).toBe(200);
      expect(
        server.db
          .select()
          .from(accountEntries)
          .where(and(eq(accountEntries.orderId, order.id), eq(accountEntries.method, "online")))
          .all(),
      ).toHaveLength(1);
    } finally {
      await phone.close();
    }
  });

  it("the distributor's admin opens online collection on a phone: to the provider's onboarding and back to a ready account", async () => {
    const route = await makeDeliveryRoute(server.db, { stores: 1, skus: 0 });
    const phone = await openPhone();
    recordPageErrors(phone.page, pageErrors);
    try {
      const { page } = phone;
      await logInAs(page, server.url, route.distributor.user.phone, route.distributor.user.password);
      await page.goto(`${server.url}/distributor/payouts`);
      await waitForHydration(page);
      await expect.poll(() => page.getByTestId("payout-state").getAttribute("data-state")).toBe("none");
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "connect-payouts-none");
      await page.getByRole("button", { name: "开通在线收款" }).click();
      await page.waitForURL(new RegExp(`^${stripe.url}/connect/onboard/`));
      await page.getByRole("button", { name: "提交资料（审核通过）" }).click();
      await page.waitForURL(/\/distributor\/payouts\?onboarding=return/);
      await waitForHydration(page);
      await expect.poll(() => page.getByTestId("payout-state").getAttribute("data-state")).toBe("ready");
      expect(await overflowsHorizontally(page)).toBe(false);
      await screenshot(page, "connect-payouts-ready");
      await page.goto(`${server.url}/distributor/settlements`);
      await waitForHydration(page);
      await expect.poll(() => page.getByTestId("settlements-total").textContent()).toContain("¥0.00");
      expect(await overflowsHorizontally(page)).toBe(false);
    } finally {
      await phone.close();
    }
  });
});
