import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import setup from "../setup/global-setup";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { Client, startTestServer } from "../support/server";
import { connectPayee } from "../support/connect";
import { startStripeServer, stripeEnv } from "../support/stripe-server";

/**
 * Payments figures: `node --import tsx tests/bench/webhooks.ts` (needs a fresh `npm run build`).
 * 1. The webhook endpoint of the built server: N signed events (fresh ids, then the same ids
 *    again = redeliveries), C at a time: requests per second and latency percentiles.
 * 2. A full online payment through HTTP, one after another: 在线支付 post → hosted Checkout page
 *    (paid) → webhook → return page (which asks the provider): milliseconds per payment.
 */
const N = Number(process.env.BENCH_EVENTS ?? 2000);
const C = Number(process.env.BENCH_CONCURRENCY ?? 10);
const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 30);

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function blast(url: string, bodies: string[], sign: (payload: string) => string) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const t = performance.now();
        const res = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Stripe-Signature": sign(body) },
          body,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: Math.round(bodies.length / seconds),
    p50: pct(latencies, 50).toFixed(1),
    p99: pct(latencies, 99).toFixed(1),
    statuses: Object.fromEntries(statuses),
  };
}

const teardown = setup();
const stripe = await startStripeServer();
const server = await startTestServer({ env: stripeEnv(stripe) });
stripe.webhookUrl = `${server.url}/webhooks/stripe`;
try {
  const signer = new Stripe(stripe.secretKey, { telemetry: false });
  const sign = (payload: string) => signer.webhooks.generateTestHeaderString({ payload, secret: stripe.webhookSecret });
  const events = Array.from({ length: N }, () =>
    JSON.stringify({
      id: `evt_${randomBytes(12).toString("hex")}`,
      object: "event",
      type: "checkout.session.completed",
      data: {
        object: {
          id: `cs_test_${randomBytes(12).toString("hex")}`,
          object: "checkout.session",
          status: "complete",
          payment_status: "paid",
          amount_total: 1000,
          payment_intent: `pi_${randomBytes(12).toString("hex")}`,
          metadata: {},
        },
      },
    }),
  );
  // Baseline on the same (shared, noisy) machine: the same requests refused at the signature,
  // before any database work: the Express + Remix cost of the route.
  const refused = await blast(`${server.url}/webhooks/stripe`, events, () => "t=1,v1=00");
  const fresh = await blast(`${server.url}/webhooks/stripe`, events, sign);
  const again = await blast(`${server.url}/webhooks/stripe`, events, sign);
  console.log(
    `webhook, ${N} bad signatures (baseline), ${C} at a time: ${refused.rps} req/s, p50 ${refused.p50} ms, p99 ${refused.p99} ms, statuses ${JSON.stringify(refused.statuses)}`,
  );
  console.log(
    `webhook, ${N} new events, ${C} at a time: ${fresh.rps} req/s, p50 ${fresh.p50} ms, p99 ${fresh.p99} ms, statuses ${JSON.stringify(fresh.statuses)}`,
  );
  console.log(
    `webhook, the same ${N} redelivered: ${again.rps} req/s, p50 ${again.p50} ms, p99 ${again.p99} ms, statuses ${JSON.stringify(again.statuses)}`,
  );

  const route = await makeDeliveryRoute(server.db, { stores: 1, skus: 1, stockPacks: PAYMENTS * 2 + 10 });
  connectPayee(server.db, stripe, route.distributor.org.id);
  const store = route.stores[0];
  const client = new Client(server.url);
  await client.logIn(store.user.phone, store.user.password);
  const times: number[] = [];
  for (let i = 0; i < PAYMENTS; i++) {
    const order = makeConfirmedOrder(route.distributor.ctx, {
      linkId: store.linkId,
      deliveryDate: route.deliveryDate,
      lines: [{ sku: route.skus[0], packs: 1 }],
    });
    const t = performance.now();
    const pay = await client.post(`/store/restock/orders/${order.id}`, { intent: "pay" });
    const approval = await fetch(pay.headers.get("location")!, {
      method: "POST",
      body: new URLSearchParams({ action: "pay:card" }),
      redirect: "manual",
    });
    const back = new URL(approval.headers.get("location")!);
    await stripe.settled();
    const page = await (await client.get(back.pathname + back.search)).text();
    if (!page.includes("已在线支付")) throw new Error("payment not shown as paid");
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `online order payment end to end (${PAYMENTS}, sequential): p50 ${pct(times, 50).toFixed(0)} ms, p99 ${pct(times, 99).toFixed(0)} ms`,
  );
} finally {
  await server.stop();
  await stripe.stop();
  teardown?.();
}
