import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountEntries, orderRefundChoices, paymentEvents, payments } from "@db/schema";
import { RECONCILE_AFTER_MS } from "~/domain/payments/reconcile-payments.server";
import { serverClock } from "../support/alliance";
import { handlers } from "../../workers/registry";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { connectPayee } from "../support/connect";
import { dbSnapshot } from "../support/snapshot";
import { startStripeServer, stripeEnv, type LocalStripe } from "../support/stripe-server";

let stripe: LocalStripe;
let server: TestServer;

beforeAll(async () => {
  stripe = await startStripeServer();
  server = await startTestServer({ env: stripeEnv(stripe) });
  stripe.webhookUrl = `${server.url}/webhooks/stripe`;
  // The reconcile job runs in this process (as a worker would) against the server's database.
  Object.assign(process.env, stripeEnv(stripe));
});
afterAll(async () => {
  await server?.stop();
  await stripe?.stop();
});

const paymentOf = (orderId: string) => server.db.select().from(payments).where(eq(payments.subjectId, orderId)).all();
const onlineEntries = (orderId: string) =>
  server.db
    .select()
    .from(accountEntries)
    .where(and(eq(accountEntries.orderId, orderId), eq(accountEntries.method, "online")))
    .all();

/** A store with a confirmed order of 3 packs at ¥10.00 from its distributor, logged in. */
async function storeWithOrder() {
  const route = await makeDeliveryRoute(server.db, { stores: 1, skus: 1 });
  const store = route.stores[0];
  connectPayee(server.db, stripe, route.distributor.org.id);
  const order = makeConfirmedOrder(route.distributor.ctx, {
    linkId: store.linkId,
    deliveryDate: route.deliveryDate,
    lines: [{ sku: route.skus[0], packs: 3 }],
  });
  const client = new Client(server.url);
  await client.logIn(store.user.phone, store.user.password);
  return { store, order, client, distributor: route.distributor, path: `/store/restock/orders/${order.id}` };
}

/** 在线支付 on the order page: the app answers with a redirect to the hosted Checkout page. */
async function pay(client: Client, path: string) {
  const res = await client.post(path, { intent: "pay" });
  expect(res.status).toBe(302);
  const location = res.headers.get("location")!;
  expect(location).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
  return location;
}

/** The payer pays on the hosted page with a method; the provider sends them back (303) to the order. */
async function approve(location: string, method = "card") {
  const res = await fetch(location, {
    method: "POST",
    body: new URLSearchParams({ action: `pay:${method}` }),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location")!);
}

const sessionIdOf = (location: string) => new URL(location).pathname.split("/").at(-1)!;

describe("the Stripe webhook endpoint", () => {
  it("refuses a bad or missing signature with 400 and writes nothing", async () => {
    const { client, path } = await storeWithOrder();
    await stripe.payerDoes(sessionIdOf(await pay(client, path)), "pay");
    const event = stripe.events.at(-1)!;
    // The real delivery was applied; what follows must change nothing more.
    const before = dbSnapshot(server.db);
    expect(await stripe.deliverWithBadSignature(event.id)).toBe(400);
    const unsigned = await fetch(`${server.url}/webhooks/stripe`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: event.payload,
    });
    expect(unsigned.status).toBe(400);
    const garbage = await fetch(`${server.url}/webhooks/stripe`, {
      method: "POST",
      headers: { "Stripe-Signature": "t=1,v1=abc" },
      body: "not json",
    });
    expect(garbage.status).toBe(400);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("refuses an event type it does not handle with 400, without storing it", async () => {
    const before = dbSnapshot(server.db);
    const sent = await stripe.sendEvent("customer.created", { id: "cus_1", object: "customer" });
    expect(sent.status).toBe(400);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("pays a restock order online: hosted Checkout page, back to a paid order, one account entry; a redelivered event changes nothing", async () => {
    const { order, client, path, distributor } = await storeWithOrder();
    const page = visibleHtml(await (await client.get(path)).text());
    expect(page).toContain("在线支付 ¥30.00");

    const location = await pay(client, path);
    // A second tap (the payer came back without paying) goes to the same payment.
    expect(await pay(client, path)).toBe(location);
    expect(paymentOf(order.id)).toHaveLength(1);

    const back = await approve(location, "alipay");
    expect(back.pathname).toBe(path);
    expect(back.searchParams.get("session_id")).toBe(sessionIdOf(location));
    await stripe.settled();
    const [payment] = paymentOf(order.id);
    expect(payment).toMatchObject({ status: "succeeded", capturedFen: 3000, provider: "stripe" });
    const returned = visibleHtml(await (await client.get(back.pathname + back.search)).text());
    expect(returned).toContain("已在线支付 ¥30.00");
    expect(returned).not.toContain("在线支付 ¥30.00</button>");
    expect(onlineEntries(order.id)).toMatchObject([{ kind: "payment", amountFen: -3000 }]);

    const succeeded = stripe.events.find(
      (e) => e.type === "checkout.session.completed" && e.payload.includes(payment.sessionId!),
    )!;
    expect(succeeded.deliveries).toEqual([200]);
    const before = dbSnapshot(server.db);
    expect(await stripe.redeliver(succeeded.id)).toBe(200);
    expect(await stripe.redeliver(succeeded.id)).toBe(200);
    expect(dbSnapshot(server.db)).toEqual(before);
    expect(server.db.select().from(paymentEvents).where(eq(paymentEvents.id, succeeded.id)).all()).toHaveLength(1);
    expect(onlineEntries(order.id)).toHaveLength(1);

    // Paid: the order can no longer be paid again.
    expect((await client.post(path, { intent: "pay" })).status).toBe(409);
    // The distributor's order page says it was paid online (the driver collects nothing).
    const office = new Client(server.url);
    await office.logIn(distributor.user.phone, distributor.user.password);
    const seen = visibleHtml(await (await office.get(`/distributor/orders/${order.id}`)).text());
    expect(seen).toContain("已在线支付 ¥30.00");
    expect(seen).not.toContain("在线支付 ¥30.00</button>");
  });

  it("the return page is right before the webhook arrives (it asks the provider), and the late webhook changes nothing", async () => {
    const { order, client, path } = await storeWithOrder();
    const location = await pay(client, path);
    stripe.dropNextWebhooks(1);
    const back = await approve(location);
    expect(paymentOf(order.id)[0].status).toBe("requires_action");
    const returned = visibleHtml(await (await client.get(back.pathname + back.search)).text());
    expect(returned).toContain("已在线支付 ¥30.00");
    expect(paymentOf(order.id)[0].status).toBe("succeeded");
    const lost = stripe.events.find(
      (e) => e.type === "checkout.session.completed" && e.payload.includes(paymentOf(order.id)[0].sessionId!),
    )!;
    const before = dbSnapshot(server.db);
    expect(await stripe.redeliver(lost.id)).toBe(200);
    expect(onlineEntries(order.id)).toHaveLength(1);
    // The event is now recorded, nothing else.
    const after = dbSnapshot(server.db);
    expect({ ...after, payment_events: [] }).toEqual({ ...before, payment_events: [] });
  });

  it("a lost webhook (payer never came back) is repaired by the reconcile job", async () => {
    const { order, store, path, client } = await storeWithOrder();
    const location = await pay(client, path);
    stripe.dropNextWebhooks(1);
    await stripe.payerDoes(sessionIdOf(location), "pay", "wechat_pay");
    expect(paymentOf(order.id)[0].status).toBe("requires_action");
    const later = serverClock.now() + RECONCILE_AFTER_MS + 1000;
    await handlers["payment.reconcile"](
      { id: "job", orgId: store.org.id, kind: "payment.reconcile", payload: {}, attempts: 1 },
      { db: server.db, now: () => later },
    );
    expect(paymentOf(order.id)[0]).toMatchObject({ status: "succeeded", capturedFen: 3000 });
    expect(onlineEntries(order.id)).toHaveLength(1);
    expect(visibleHtml(await (await client.get(path)).text())).toContain("已在线支付 ¥30.00");
  });

  it("the hosted page offers the configured methods (WeChat Pay with its web client); on a phone Alipay comes first and the page warns about WeChat Pay's QR code", async () => {
    const { order, client, path } = await storeWithOrder();
    const desktop = visibleHtml(await (await client.get(path)).text());
    for (const label of ["支付宝", "微信支付", "银行卡"]) expect(desktop).toContain(label);
    expect(desktop).not.toContain("微信支付只显示一个二维码");
    const phoneUa = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36";
    const phonePage = visibleHtml(await (await client.get(path, { "User-Agent": phoneUa })).text());
    expect(phonePage).toContain("微信支付只显示一个二维码");
    expect(phonePage).toContain("可用：支付宝 · 银行卡 · 微信支付");
    expect(desktop).toContain("可用：银行卡 · 支付宝 · 微信支付");
    const res = await client.post(path, { intent: "pay" }, { "User-Agent": phoneUa });
    expect(res.status).toBe(302);
    const [payment] = paymentOf(order.id);
    const session = stripe.sessions.get(payment.sessionId!)!;
    expect(session.payment_method_types).toEqual(["alipay", "card", "wechat_pay"]);
    expect(session.payment_method_options).toMatchObject({ wechat_pay: { client: "web" } });
    expect(res.headers.get("location")).toBe(`${stripe.url}/checkout/${session.id}`);
  });

  it("a store that paid online chooses on the order page what happens to any difference (refund or credit), recorded", async () => {
    const { order, client, path, store } = await storeWithOrder();
    await approve(await pay(client, path));
    await stripe.settled();
    const page = visibleHtml(await (await client.get(path)).text());
    expect(page).toContain("原路退回（默认）");
    expect(page).toContain("留在配送商账上，抵以后的货款");
    const before = dbSnapshot(server.db);
    expect((await client.post(path, { intent: "refundChoice", choice: "cash" })).status).toBe(400);
    expect(dbSnapshot(server.db)).toEqual(before);
    const saved = await client.post(path, { intent: "refundChoice", choice: "credit" });
    expect(saved.status).toBe(302);
    expect(visibleHtml(await (await client.get(saved.headers.get("location")!)).text())).toContain("已保存你的选择。");
    expect(
      server.db.select().from(orderRefundChoices).where(eq(orderRefundChoices.orderId, order.id)).get(),
    ).toMatchObject({
      choice: "credit",
      storeOrgId: store.org.id,
    });
  });

  it("the CSP lets the pay form's redirect reach the payment origin", async () => {
    const res = await fetch(`${server.url}/login`);
    expect(res.headers.get("content-security-policy")).toMatch(
      new RegExp(`form-action 'self' ${stripe.url.replace(/[.]/g, "\\.")}`),
    );
  });
});

describe("without payment keys (offline mode)", () => {
  it("shows no pay button, says payment is on delivery or on account, and refuses a pay post", async () => {
    // This process has STRIPE_* set (for the reconcile job): the offline server gets an empty key.
    const offline = await startTestServer({ env: { STRIPE_SECRET_KEY: "" } });
    try {
      const route = await makeDeliveryRoute(offline.db, { stores: 1, skus: 1 });
      const store = route.stores[0];
      const order = makeConfirmedOrder(route.distributor.ctx, {
        linkId: store.linkId,
        deliveryDate: route.deliveryDate,
        lines: [{ sku: route.skus[0], packs: 3 }],
      });
      const client = new Client(offline.url);
      await client.logIn(store.user.phone, store.user.password);
      const page = visibleHtml(await (await client.get(`/store/restock/orders/${order.id}`)).text());
      expect(page).not.toContain("在线支付 ¥");
      expect(page).toContain("本系统未开通在线支付");
      const before = dbSnapshot(offline.db);
      expect((await client.post(`/store/restock/orders/${order.id}`, { intent: "pay" })).status).toBe(409);
      expect(dbSnapshot(offline.db)).toEqual(before);
      const webhook = await fetch(`${offline.url}/webhooks/stripe`, {
        method: "POST",
        headers: { "Stripe-Signature": "t=1,v1=x" },
        body: "{}",
      });
      expect(webhook.status).toBe(400);
    } finally {
      await offline.stop();
    }
  }, 90_000); // starts (and stops) a server of its own: a hook's time budget, not a test's
});
