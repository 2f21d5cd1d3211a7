import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { distributorLinks, jobs, paymentRefunds, payments, pledges } from "@db/schema";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { memberCampaign, memberCampaignPage, memberCampaigns } from "~/domain/alliances/member-campaigns.server";
import { payDeposit } from "~/domain/alliances/pay-deposit.server";
import { pledge, withdrawPledge } from "~/domain/alliances/pledge.server";
import { createTestDb } from "../support/db";
import { makeAlliance, makeCampaign, setMembershipStatus, addMemberStore } from "../support/alliance";
import { makeStore } from "../support/factories";
import { dbSnapshot } from "../support/snapshot";
import { paidDeposit, groupBuyWorld, pledgeAs } from "../support/group-buy";
import { connectPayee } from "../support/connect";
import { startStripeServer, stripeEnv, type LocalStripe } from "../support/stripe-server";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

function refusedWithoutWriting(fn: () => unknown) {
  const before = dbSnapshot(db);
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(dbSnapshot(db)).toEqual(before);
  if (caught instanceof DomainError)
    return { name: caught.name, key: caught.key, status: caught.status, params: caught.params };
  if (caught instanceof ZodError) return { name: "ZodError", key: caught.issues[0]?.message, status: 400, params: {} };
  throw caught ?? new Error("expected a refusal");
}

const pledgeRow = (id: string) => db.select().from(pledges).where(eq(pledges.id, id)).get()!;
const paymentsOf = (pledgeId: string) => db.select().from(payments).where(eq(payments.subjectId, pledgeId)).all();

describe("pledging", () => {
  it("creates a pledge with the deposit at the top tier price (10 % of 10 × ¥52.00 = ¥52.00)", async () => {
    const w = await groupBuyWorld(db);
    const store = w.stores[0].ctx;
    const result = pledgeAs(store, w.campaignId, 10);
    expect(result.depositFen).toBe(5200);
    expect(pledgeRow(result.pledgeId)).toMatchObject({
      packs: 10,
      status: "active",
      depositFen: 5200,
      storeOrgId: store.org.id,
      allianceOrgId: w.alliance.org.id,
      priceFen: null,
    });
  });

  it("rounds the deposit half up in whole fen, and charges none at 0 %", async () => {
    const odd = await groupBuyWorld(db, {
      tiers: [
        { minPacks: 10, priceFen: 5205 },
        { minPacks: 20, priceFen: 5000 },
      ],
      depositBp: 1000,
    });
    // 1 × 5205 × 10 % = 520.5 → 521; 3 × 5205 × 10 % = 1561.5 → 1562
    expect(pledgeAs(odd.stores[0].ctx, odd.campaignId, 1).depositFen).toBe(521);
    expect(pledgeAs(odd.stores[1].ctx, odd.campaignId, 3).depositFen).toBe(1562);
    const third = await groupBuyWorld(db, { depositBp: 333 });
    // 3 × 5200 × 3.33 % = 519.48 → 519
    expect(pledgeAs(third.stores[0].ctx, third.campaignId, 3).depositFen).toBe(519);
    const free = await groupBuyWorld(db, { depositBp: 0 });
    expect(pledgeAs(free.stores[0].ctx, free.campaignId, 40).depositFen).toBe(0);
  });

  it("is idempotent: the same request id twice gives one pledge and the same answer", async () => {
    const w = await groupBuyWorld(db);
    const store = w.stores[0].ctx;
    const input = { requestId: newId(), campaignId: w.campaignId, packs: 7, priceFen: 5200 };
    const first = pledge(store, input);
    const before = dbSnapshot(db);
    expect(pledge(store, input)).toEqual(first);
    expect(dbSnapshot(db)).toEqual(before);
    expect(db.select().from(pledges).where(eq(pledges.campaignId, w.campaignId)).all()).toHaveLength(1);
  });

  it("offline mode: no deposit is asked online (the page says so), and paying is refused with a clear message, writing nothing", async () => {
    const w = await groupBuyWorld(db);
    const store = w.stores[0].ctx;
    const first = pledgeAs(store, w.campaignId, 10);
    expect(memberCampaign(store, w.campaignId)).toMatchObject({ deposit: "offline", paymentsOnline: false });
    const before = dbSnapshot(db);
    await expect(payDeposit(store, w.campaignId, "http://localhost/x")).rejects.toMatchObject({
      status: 409,
      key: "payments.offlineDeposit",
    });
    expect(dbSnapshot(db)).toEqual(before);
    const changed = pledgeAs(store, w.campaignId, 25);
    expect(changed).toEqual({ pledgeId: first.pledgeId, packs: 25, depositFen: 13000 });
    expect(memberCampaign(store, w.campaignId).deposit).toBe("offline");
    expect(paymentsOf(first.pledgeId)).toEqual([]);
  });

  it("a paid deposit: raising the pledge asks for the difference, lowering it refunds the difference (by job)", async () => {
    const w = await groupBuyWorld(db);
    const store = w.stores[0].ctx;
    const first = pledgeAs(store, w.campaignId, 10);
    const paymentId = paidDeposit(db, store, w.alliance.org.id, first.pledgeId, 5200);
    process.env.STRIPE_SECRET_KEY = "sk_test_page_only"; // the page reads "online"; nothing is called here
    try {
      expect(memberCampaign(store, w.campaignId)).toMatchObject({ deposit: "paid", depositDueFen: 0 });
      pledgeAs(store, w.campaignId, 12);
      expect(memberCampaign(store, w.campaignId)).toMatchObject({
        deposit: "due",
        depositDueFen: 1040,
        depositHeldFen: 5200,
      });
      expect(db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, paymentId)).all()).toEqual([]);
      pledgeAs(store, w.campaignId, 8);
      const refunds = db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, paymentId)).all();
      expect(refunds).toMatchObject([{ amountFen: 1040, reason: "pledge_lowered", status: "queued" }]);
      expect(
        db
          .select()
          .from(jobs)
          .where(eq(jobs.uniqueKey, `payment.refund:${refunds[0].id}`))
          .get(),
      ).toMatchObject({
        kind: "payment.refund",
        orgId: store.org.id,
      });
      expect(memberCampaign(store, w.campaignId)).toMatchObject({ deposit: "paid", depositHeldFen: 4160 });
      // Same packs again: nothing more is refunded.
      pledgeAs(store, w.campaignId, 8);
      expect(db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, paymentId)).all()).toHaveLength(1);
    } finally {
      delete process.env.STRIPE_SECRET_KEY;
    }
  });

  it("withdrawing marks the pledge, releases the deposit, and can be undone by pledging again", async () => {
    const w = await groupBuyWorld(db);
    const store = w.stores[0].ctx;
    const { pledgeId } = pledgeAs(store, w.campaignId, 10);
    const paymentId = paidDeposit(db, store, w.alliance.org.id, pledgeId, 5200);
    withdrawPledge(store, { requestId: newId(), campaignId: w.campaignId });
    expect(pledgeRow(pledgeId)).toMatchObject({ status: "withdrawn", depositFen: 0 });
    expect(db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, paymentId)).all()).toMatchObject([
      { amountFen: 5200, reason: "pledge_withdrawn", status: "queued" },
    ]);
    expect(memberCampaign(store, w.campaignId).deposit).toBe("refunding");
    expect(memberCampaigns(store).open.find((c) => c.id === w.campaignId)!.totalPacks).toBe(0);
    expect(
      refusedWithoutWriting(() => withdrawPledge(store, { requestId: newId(), campaignId: w.campaignId })),
    ).toMatchObject({ key: "pledge.nothingToWithdraw", status: 409 });
    expect(pledgeAs(store, w.campaignId, 4)).toMatchObject({ pledgeId, packs: 4, depositFen: 2080 });
  });
});

describe("the member's view", () => {
  it("shows the total, the tier reached, the packs to the next tier, the price now and the saving against the store's own price", async () => {
    const w = await groupBuyWorld(db, { distributorCasePriceFen: 5600 });
    pledgeAs(w.stores[0].ctx, w.campaignId, 250);
    pledgeAs(w.stores[1].ctx, w.campaignId, 40);
    const card = memberCampaigns(w.stores[2].ctx).open.find((c) => c.id === w.campaignId)!;
    expect(card).toMatchObject({
      totalPacks: 290,
      tierIndex: 0,
      next: { packsToGo: 10, priceFen: 4950 },
      priceNowFen: 5200,
      regularPriceFen: 5600,
      savingPerPackFen: 400,
      myPacks: null,
      linked: true,
    });
    // Another organisation's view: a store that is not a member sees no campaign at all.
    const outsider = await makeStore(db);
    expect(memberCampaigns(outsider.ctx).open).toEqual([]);
  });
});

describe("coming back from the deposit's payment page", () => {
  let stripe: LocalStripe;
  beforeEach(async () => {
    stripe = await startStripeServer();
    Object.assign(process.env, stripeEnv(stripe));
  });
  afterEach(async () => {
    for (const k of Object.keys(stripeEnv(stripe))) delete process.env[k];
    await stripe.stop();
  });

  it("asks the provider, so the deposit shows paid though the webhook was lost; another store's page is untouched", async () => {
    const w = await groupBuyWorld(db);
    connectPayee(db, stripe, w.alliance.org.id);
    const store = w.stores[0].ctx;
    const { pledgeId } = pledgeAs(store, w.campaignId, 10);
    const started = await payDeposit(store, w.campaignId, "http://127.0.0.1:9/back?done=paid");
    expect(started.redirectUrl).toMatch(new RegExp(`^${stripe.url}/checkout/cs_test_`));
    stripe.dropNextWebhooks(1);
    await stripe.payerDoes(paymentsOf(pledgeId)[0].sessionId!, "pay", "alipay");
    // The webhook never came: the row still says what the app last knew.
    expect(paymentsOf(pledgeId)[0].status).toBe("requires_action");
    expect(memberCampaign(store, w.campaignId).deposit).toBe("due");

    // A plain visit does not call the provider; the return does, and applies the state.
    const calls = stripe.requests.length;
    await memberCampaignPage(store, w.campaignId);
    expect(stripe.requests.length).toBe(calls);
    const page = await memberCampaignPage(store, w.campaignId, { returned: true });
    expect(page.deposit).toBe("paid");
    expect(paymentsOf(pledgeId)[0]).toMatchObject({ status: "succeeded", amountFen: 5200, capturedFen: 5200 });
    // A member with no pledge coming back is harmless.
    expect((await memberCampaignPage(w.stores[1].ctx, w.campaignId, { returned: true })).deposit).toBe("none");
  });
});

describe("refusals write nothing", () => {
  it("after the deadline", async () => {
    const w = await groupBuyWorld(db);
    const store = w.stores[0].ctx;
    const deadline = w.input.deadlineAt;
    w.clock.set(deadline);
    expect(refusedWithoutWriting(() => pledgeAs(store, w.campaignId, 5))).toMatchObject({
      key: "pledge.closed",
      status: 409,
    });
    w.clock.set(deadline - 1);
    pledgeAs(store, w.campaignId, 5);
    w.clock.set(deadline + 1);
    expect(
      refusedWithoutWriting(() => withdrawPledge(store, { requestId: newId(), campaignId: w.campaignId })),
    ).toMatchObject({ key: "pledge.closed" });
  });

  it("a campaign that is not open (a draft is invisible; a closed one refuses)", async () => {
    const alliance = await makeAlliance(db);
    const store = await makeStore(db);
    addMemberStore(alliance, store);
    const draft = makeCampaign(alliance, { open: false });
    expect(
      refusedWithoutWriting(() =>
        pledge(store.ctx, { requestId: newId(), campaignId: draft.campaignId, packs: 1, priceFen: 5200 }),
      ),
    ).toMatchObject({ key: "pledge.notMember", status: 404 });
  });

  it("above the per-store cap", async () => {
    const w = await groupBuyWorld(db, { capPacks: 50 });
    expect(refusedWithoutWriting(() => pledgeAs(w.stores[0].ctx, w.campaignId, 51))).toMatchObject({
      key: "pledge.aboveCap",
      status: 400,
      params: { cap: 50 },
    });
    expect(pledgeAs(w.stores[0].ctx, w.campaignId, 50).packs).toBe(50);
  });

  it("zero, negative, fractional, non-numeric and absurd pack counts", async () => {
    const w = await groupBuyWorld(db);
    const store = w.stores[0].ctx;
    for (const packs of [0, -3, 2.5, "1.5", "abc", "", "1e3", 1_000_000]) {
      const refusal = refusedWithoutWriting(() =>
        pledge(store, { requestId: newId(), campaignId: w.campaignId, packs: packs as number, priceFen: 5200 }),
      );
      expect(refusal.name).toBe("ZodError");
    }
  });

  it("a store that is not a member, a removed member, and one whose request is pending", async () => {
    const w = await groupBuyWorld(db);
    const outsider = await makeStore(db);
    expect(
      refusedWithoutWriting(() =>
        pledge(outsider.ctx, { requestId: newId(), campaignId: w.campaignId, packs: 1, priceFen: 5200 }),
      ),
    ).toMatchObject({ key: "pledge.notMember", status: 404 });
    setMembershipStatus(w.alliance, w.stores[0].org.id, "removed");
    expect(
      refusedWithoutWriting(() =>
        pledge(w.stores[0].ctx, { requestId: newId(), campaignId: w.campaignId, packs: 1, priceFen: 5200 }),
      ),
    ).toMatchObject({ key: "pledge.notMember" });
    setMembershipStatus(w.alliance, w.stores[1].org.id, "requested");
    expect(
      refusedWithoutWriting(() =>
        pledge(w.stores[1].ctx, { requestId: newId(), campaignId: w.campaignId, packs: 1, priceFen: 5200 }),
      ),
    ).toMatchObject({ key: "pledge.notMember" });
  });

  it("a member with no active link to the campaign's distributor (it could not receive the goods)", async () => {
    const w = await groupBuyWorld(db);
    const unlinked = await makeStore(db);
    addMemberStore(w.alliance, unlinked);
    expect(
      refusedWithoutWriting(() =>
        pledge(unlinked.ctx, { requestId: newId(), campaignId: w.campaignId, packs: 1, priceFen: 5200 }),
      ),
    ).toMatchObject({ key: "pledge.noLink", status: 409 });
    db.update(distributorLinks)
      .set({ status: "ended" })
      .where(
        and(eq(distributorLinks.storeOrgId, w.stores[0].org.id), eq(distributorLinks.distributorOrgId, w.dist.org.id)),
      )
      .run();
    expect(refusedWithoutWriting(() => pledgeAs(w.stores[0].ctx, w.campaignId, 1))).toMatchObject({
      key: "pledge.noLink",
    });
  });

  it("a tampered (or stale) price: the form's top tier price must be the server's", async () => {
    const w = await groupBuyWorld(db);
    for (const priceFen of [4700, 5199, 0]) {
      expect(
        refusedWithoutWriting(() =>
          pledge(w.stores[0].ctx, { requestId: newId(), campaignId: w.campaignId, packs: 10, priceFen }),
        ),
      ).toMatchObject({ key: "pledge.priceChanged", status: 409 });
    }
    expect(
      refusedWithoutWriting(() =>
        pledge(w.stores[0].ctx, {
          requestId: newId(),
          campaignId: w.campaignId,
          packs: 10,
          priceFen: "abc" as unknown as number,
        }),
      ).name,
    ).toBe("ZodError");
  });

  it("a request id spent on another operation", async () => {
    const w = await groupBuyWorld(db);
    const requestId = newId();
    pledge(w.stores[0].ctx, { requestId, campaignId: w.campaignId, packs: 3, priceFen: 5200 });
    expect(
      refusedWithoutWriting(() => withdrawPledge(w.stores[0].ctx, { requestId, campaignId: w.campaignId })),
    ).toMatchObject({ status: 409 });
  });
});
