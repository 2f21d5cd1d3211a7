import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectedAccounts } from "@db/schema";
import { inTransaction } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { recordDepositSettlement } from "~/domain/payments/deposit-settlement.internal.server";
import { groupBuyWorld } from "../support/group-buy";
import { makeAlliance } from "../support/alliance";
import { makeConfirmedOrder, makeDeliveryRoute, makeDistributor } from "../support/distribution";
import { visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";
import { startStripeServer, stripeEnv, type LocalStripe } from "../support/stripe-server";

// The payee's pages over HTTP against the built server and the local Stripe server: 在线收款账户
// (onboarding by account link, the return page and the account.updated webhook), the store's
// order page when its distributor cannot take online payments, and 定金结算 for both sides.

let stripe: LocalStripe;
let server: TestServer;

beforeAll(async () => {
  stripe = await startStripeServer();
  server = await startTestServer({ env: stripeEnv(stripe) });
  stripe.webhookUrl = `${server.url}/webhooks/stripe`;
});
afterAll(async () => {
  await server?.stop();
  await stripe?.stop();
});

const accountOf = (orgId: string) =>
  server.db.select().from(connectedAccounts).where(eq(connectedAccounts.orgId, orgId)).get();

async function as(user: { phone: string; password: string }) {
  const client = new Client(server.url);
  await client.logIn(user.phone, user.password);
  return client;
}

describe("在线收款账户 (distributor)", () => {
  it("the store cannot pay online until the distributor has onboarded; the admin goes to the provider and back to a ready account", async () => {
    const route = await makeDeliveryRoute(server.db, { stores: 1, skus: 1 });
    const store = route.stores[0];
    const order = makeConfirmedOrder(route.distributor.ctx, {
      linkId: store.linkId,
      deliveryDate: route.deliveryDate,
      lines: [{ sku: route.skus[0], packs: 3 }],
    });
    const shop = await as(store.user);
    const orderPath = `/store/restock/orders/${order.id}`;
    const unpaid = visibleHtml(await (await shop.get(orderPath)).text());
    expect(unpaid).toContain("配送商还没有开通在线收款");
    expect(unpaid).not.toContain("在线支付 ¥30.00");
    // A forged pay post: a clear 409, nothing written.
    let before = dbSnapshot(server.db);
    const refused = await shop.post(orderPath, { intent: "pay" });
    expect(refused.status).toBe(409);
    expect(visibleHtml(await refused.text())).toContain("对方还没有开通在线收款");
    expect(dbSnapshot(server.db)).toEqual(before);

    const admin = await as(route.distributor.user);
    const page = visibleHtml(await (await admin.get("/distributor/payouts")).text());
    expect(page).toContain("还没有开通在线收款");
    // An unknown intent: 400, nothing written, nothing asked of the provider.
    before = dbSnapshot(server.db);
    const accountsBefore = stripe.accounts.size;
    expect((await admin.post("/distributor/payouts", { intent: "hack" })).status).toBe(400);
    expect(dbSnapshot(server.db)).toEqual(before);
    expect(stripe.accounts.size).toBe(accountsBefore);

    const go = await admin.post("/distributor/payouts", { intent: "onboard" });
    expect(go.status).toBe(302);
    const link = go.headers.get("location")!;
    expect(link).toMatch(new RegExp(`^${stripe.url}/connect/onboard/al_`));
    const back = await fetch(link, {
      method: "POST",
      body: new URLSearchParams({ action: "complete" }),
      redirect: "manual",
    });
    expect(back.headers.get("location")).toBe(`${server.url}/distributor/payouts?onboarding=return`);
    await stripe.settled();
    // The account.updated webhook reached the app through its endpoint.
    expect(accountOf(route.distributor.org.id)).toMatchObject({ chargesEnabled: true, detailsSubmitted: true });
    const returned = visibleHtml(await (await admin.get("/distributor/payouts?onboarding=return")).text());
    expect(returned).toContain("在线收款已开通");
    // An expired or used link comes back with refresh: the page says to press again.
    const again = await fetch(link, { redirect: "manual" });
    expect(again.headers.get("location")).toBe(`${server.url}/distributor/payouts?onboarding=refresh`);
    expect(visibleHtml(await (await admin.get("/distributor/payouts?onboarding=refresh")).text())).toContain(
      "开户链接已过期",
    );

    // Now the store can pay: a destination charge to the distributor's account.
    const pay = await shop.post(orderPath, { intent: "pay" });
    expect(pay.status).toBe(302);
    const session = [...stripe.sessions.values()].at(-1)!;
    expect(session._intent.destination).toBe(accountOf(route.distributor.org.id)!.accountId);
  });

  it("is the admin's: a driver, a store owner and another distributor's admin get 403 (or their own account)", async () => {
    const route = await makeDeliveryRoute(server.db, { stores: 1, skus: 0 });
    const driver = await as((await makeDistributor(server.db, { role: "driver" })).user);
    const owner = await as(route.stores[0].user);
    const before = dbSnapshot(server.db);
    expect((await driver.get("/distributor/payouts")).status).toBe(403);
    expect((await driver.post("/distributor/payouts", { intent: "onboard" })).status).toBe(403);
    expect((await owner.get("/distributor/payouts")).status).toBe(403);
    expect(dbSnapshot(server.db)).toEqual(before);
    const other = await makeDistributor(server.db);
    const otherPage = visibleHtml(await (await (await as(other.user)).get("/distributor/payouts")).text());
    expect(otherPage).toContain("还没有开通在线收款");
  });
});

describe("定金结算", () => {
  it("the alliance sees what it owes each distributor, the distributor what it is owed; another alliance sees none of it", async () => {
    const w = await groupBuyWorld(server.db, { stores: 2 });
    inTransaction(server.db, (tx) => {
      for (const [i, s] of w.stores.entries())
        recordDepositSettlement(
          tx,
          {
            allianceOrgId: w.alliance.org.id,
            distributorOrgId: w.dist.org.id,
            storeOrgId: s.org.id,
            campaignId: w.campaignId,
            orderId: newId(),
          },
          1500 + i * 100,
          w.clock.now(),
        );
    });
    const coordinator = await as(w.alliance.user);
    const mine = visibleHtml(await (await coordinator.get("/alliance/settlements")).text());
    expect(mine).toContain("联盟应付配送商合计 ¥31.00");
    for (const s of w.stores) expect(mine).toContain(s.org.name);
    const dist = await as(w.distributorUser);
    expect(visibleHtml(await (await dist.get("/distributor/settlements")).text())).toContain("联盟应付你们合计 ¥31.00");
    const stranger = await makeAlliance(server.db);
    const theirs = visibleHtml(await (await (await as(stranger.user)).get("/alliance/settlements")).text());
    expect(theirs).toContain("还没有定金结算记录");
    expect(theirs).not.toContain(w.stores[0].org.name);
    // A store opens neither.
    expect((await (await as(w.stores[0].user)).get("/distributor/settlements")).status).toBe(403);
  });
});
