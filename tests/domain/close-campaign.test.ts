import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  accountEntries,
  campaigns,
  catalogItems,
  depositSettlements,
  deliveryRuns,
  jobs,
  notifications,
  paymentRefunds,
  payments,
  pledges,
  restockOrderLines,
  restockOrders,
  stateTransitions,
  supplierOrders,
} from "@db/schema";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { campaignsDueForClose, closeCampaign } from "~/domain/alliances/close-campaign.server";
import { memberCampaign, memberCampaigns } from "~/domain/alliances/member-campaigns.server";
import { withdrawPledge } from "~/domain/alliances/pledge.server";
import { isoWeekday } from "~/domain/distribution/delivery-dates";
import { systemCtx } from "~/domain/jobs/system-context.server";
import { startPayment } from "~/domain/payments/start-payment.server";
import { balanceOf } from "~/domain/restock/account.server";
import { receiveOrder } from "~/domain/restock/receive-order.server";
import { createTestDb } from "../support/db";
import { addMemberStore, makeAlliance, makeCampaign } from "../support/alliance";
import { makeStore } from "../support/factories";
import { paidDeposit, groupBuyWorld, pledgeAs } from "../support/group-buy";
import { ROOT } from "../support/paths";
import { deliverRun } from "../support/restock";
import { dbSnapshot } from "../support/snapshot";
import type { CloseJob } from "../support/close-worker";
import { closeCampaignJob, enqueueDueCampaignCloses } from "../../workers/jobs/close-campaign";
import { fixedClock } from "../../app/domain/dates";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const campaignRow = (id: string) => db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
const pledgeRow = (id: string) => db.select().from(pledges).where(eq(pledges.id, id)).get()!;
const noticesOf = (orgId: string) => db.select().from(notifications).where(eq(notifications.orgId, orgId)).all();
const campaignMoves = (id: string) =>
  db
    .select()
    .from(stateTransitions)
    .where(and(eq(stateTransitions.entity, "campaign"), eq(stateTransitions.entityId, id)))
    .all()
    .map((t) => `${t.fromState}→${t.toState}`);

/**
 * The campaign: tiers 100/300/600 packs at ¥52.00/¥49.50/¥47.00, MOQ 100, 10 % deposit,
 * the distributor's regular price ¥56.00 a case. Three stores pledge 150 + 100 + 80 = 330 packs
 * (tier 2); the first two paid their deposits (through Checkout), the third never did.
 */
async function tierTwoWorld() {
  const w = await groupBuyWorld(db, { distributorCasePriceFen: 5600 });
  const [a, b, c] = w.stores;
  const pa = pledgeAs(a.ctx, w.campaignId, 150);
  const pb = pledgeAs(b.ctx, w.campaignId, 100);
  const pc = pledgeAs(c.ctx, w.campaignId, 80);
  const payA = paidDeposit(db, a.ctx, w.alliance.org.id, pa.pledgeId, pa.depositFen);
  const payB = paidDeposit(db, b.ctx, w.alliance.org.id, pb.pledgeId, pb.depositFen);
  const after = w.input.deadlineAt + 1;
  return { ...w, a, b, c, pa, pb, pc, payA, payB, after, sys: systemCtx(db, w.alliance.org.id, w.clock) };
}

/** The close as the worker runs it: the alliance's system context, its clock standing at `at`. */
function closeAt(orgId: string, campaignId: string, at: number) {
  return closeCampaign(systemCtx(db, orgId, fixedClock(at)), campaignId);
}

describe("a campaign that reaches tier 2", () => {
  it("fixes the price, orders from the supplier, and gives each member a confirmed order at the campaign price in the distributor's run", async () => {
    const w = await tierTwoWorld();
    expect([w.pa.depositFen, w.pb.depositFen, w.pc.depositFen]).toEqual([78000, 52000, 41600]);
    const result = closeAt(w.alliance.org.id, w.campaignId, w.after);
    expect(result).toMatchObject({ status: "ordered", totalPacks: 330, finalPriceFen: 4950 });
    expect(result.orders).toHaveLength(3);
    expect(campaignRow(w.campaignId)).toMatchObject({
      status: "ordered",
      totalPacks: 330,
      finalPriceFen: 4950,
      closedAt: w.after,
    });
    expect(campaignMoves(w.campaignId)).toEqual(expect.arrayContaining(["open→succeeded", "succeeded→ordered"]));

    expect(db.select().from(supplierOrders).where(eq(supplierOrders.campaignId, w.campaignId)).all()).toEqual([
      expect.objectContaining({
        orgId: w.alliance.org.id,
        packs: 330,
        priceFen: 4950,
        totalFen: 1_633_500,
        status: "placed",
      }),
    ]);

    const runIds = new Set<string>();
    for (const [store, p] of [
      [w.a, w.pa],
      [w.b, w.pb],
      [w.c, w.pc],
    ] as const) {
      const row = pledgeRow(p.pledgeId);
      expect(row).toMatchObject({ priceFen: 4950, regularPriceFen: 5600, savingsFen: null });
      const order = db.select().from(restockOrders).where(eq(restockOrders.id, row.restockOrderId!)).get()!;
      expect(order).toMatchObject({
        storeOrgId: store.org.id,
        distributorOrgId: w.dist.org.id,
        source: "campaign",
        status: "confirmed",
        totalFen: p.packs * 4950,
        routeId: w.routeId,
      });
      expect(order.deliveryCode).toMatch(/^\d{6}$/);
      // The campaign's expected date, or the route's next Tuesday/Friday on or after it.
      expect(order.deliveryDate >= w.input.expectedDeliveryDate).toBe(true);
      expect([2, 5]).toContain(isoWeekday(order.deliveryDate));
      const run = db.select().from(deliveryRuns).where(eq(deliveryRuns.id, order.runId!)).get()!;
      expect(run).toMatchObject({
        orgId: w.dist.org.id,
        routeId: w.routeId,
        deliveryDate: order.deliveryDate,
        status: "planned",
      });
      runIds.add(run.id);
      expect(db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, order.id)).all()).toEqual([
        expect.objectContaining({
          productId: w.distributorProductId,
          casePriceFen: 4950,
          qtyPacks: p.packs,
          packSize: 12,
        }),
      ]);
      const created = db
        .select()
        .from(stateTransitions)
        .where(and(eq(stateTransitions.entity, "order"), eq(stateTransitions.entityId, order.id)))
        .all();
      expect(created.map((t) => [t.fromState, t.toState])).toEqual([[null, "confirmed"]]);
      expect(noticesOf(store.org.id).map((n) => n.messageKey)).toEqual(["pledge.notice.succeeded"]);
    }
    expect(runIds.size).toBe(1);
    // Reserved in the warehouse as a confirmed order is: 330 packs × 12.
    expect(
      db.select().from(catalogItems).where(eq(catalogItems.productId, w.distributorProductId!)).get()!.reserved,
    ).toBe(3960);
    // Distributor demand includes the campaign orders.
    const demand = db.get<{ packs: number }>(
      sql`select coalesce(sum(packs_ordered), 0) as packs from demand_weekly where distributor_org_id = ${w.dist.org.id}`,
    );
    expect(demand.packs).toBe(330);

    // Paid deposits are kept (charged at once, nothing to capture): no refund, no expiry queued.
    expect(
      db
        .select()
        .from(jobs)
        .where(inArray(jobs.kind, ["payment.refund", "payment.expire"]))
        .all()
        .filter((j) => [w.a, w.b, w.c].some((s) => s.org.id === j.orgId)),
    ).toEqual([]);
    // The alliance holds those deposits, the distributor credits them: one settlement entry each.
    expect(
      db
        .select()
        .from(depositSettlements)
        .where(eq(depositSettlements.campaignId, w.campaignId))
        .all()
        .map((e) => [e.storeOrgId, e.allianceOrgId, e.distributorOrgId, e.amountFen])
        .sort(),
    ).toEqual(
      [
        [w.a.org.id, w.alliance.org.id, w.dist.org.id, 78000],
        [w.b.org.id, w.alliance.org.id, w.dist.org.id, 52000],
      ].sort(),
    );
    // …and credited towards the goods on the store's account (decision 023).
    const credits = db.select().from(accountEntries).where(eq(accountEntries.distributorOrgId, w.dist.org.id)).all();
    expect(credits.map((e) => [e.storeOrgId, e.kind, e.amountFen, e.method, e.note]).sort()).toEqual(
      [
        [w.a.org.id, "payment", -78000, "online", "团购定金"],
        [w.b.org.id, "payment", -52000, "online", "团购定金"],
      ].sort(),
    );
    expect(noticesOf(w.alliance.org.id).map((n) => n.messageKey)).toEqual(["pledge.notice.coordinatorSucceeded"]);
  });

  it("records each member's savings on receipt, right to the fen, and delivers the campaign after the last receipt", async () => {
    const w = await tierTwoWorld();
    w.clock.set(w.after);
    const result = closeCampaign(w.sys, w.campaignId);
    const runId = db.select().from(restockOrders).where(eq(restockOrders.id, result.orders[0].orderId)).get()!.runId!;
    deliverRun(db, w.dist, runId);
    const receive = (store: typeof w.a, pledgeId: string, received: number, damaged = 0) => {
      const orderId = pledgeRow(pledgeId).restockOrderId!;
      const line = db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orderId)).get()!;
      receiveOrder(store.ctx, orderId, {
        requestId: newId(),
        lines: [{ lineId: line.id, receivedPacks: received, damagedPacks: damaged }],
      });
    };
    receive(w.a, w.pa.pledgeId, 150);
    receive(w.b, w.pb.pledgeId, 98, 2);
    expect(campaignRow(w.campaignId).status).toBe("ordered");
    receive(w.c, w.pc.pledgeId, 80);
    // (¥56.00 − ¥49.50) × packs received in good order.
    expect(pledgeRow(w.pa.pledgeId).savingsFen).toBe(97_500);
    expect(pledgeRow(w.pb.pledgeId).savingsFen).toBe(63_700);
    expect(pledgeRow(w.pc.pledgeId).savingsFen).toBe(52_000);
    expect(campaignRow(w.campaignId).status).toBe("delivered");
    expect(campaignMoves(w.campaignId)).toContain("ordered→delivered");
    expect(memberCampaigns(w.a.ctx).past.find((p) => p.campaignId === w.campaignId)).toMatchObject({
      priceFen: 4950,
      savingsFen: 97_500,
      status: "delivered",
    });
    // What each store owes its distributor: the order at the campaign price, less its deposit.
    const owed = (store: typeof w.a) => balanceOf(db, { distributorOrgId: w.dist.org.id, storeOrgId: store.org.id });
    expect(owed(w.a)).toBe(150 * 4950 - 78000);
    expect(owed(w.b)).toBe(100 * 4950 - 52000);
    expect(owed(w.c)).toBe(80 * 4950);
  });

  it("closing twice, or from two processes at once, writes exactly one result", async () => {
    const w = await tierTwoWorld();
    const WORKER = path.join(ROOT, "tests/support/close-worker.ts");
    const job: CloseJob = {
      dbFile: testDb.file,
      orgId: w.alliance.org.id,
      campaignId: w.campaignId,
      now: w.after,
      startAt: Date.now() + 1500,
    };
    const runOne = () =>
      new Promise<unknown>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(job)], {
          cwd: ROOT,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("error", reject);
        child.on("exit", (code) =>
          code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(err)),
        );
      });
    const [first, second] = await Promise.all([runOne(), runOne()]);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ status: "ordered", totalPacks: 330, finalPriceFen: 4950 });
    expect(db.select().from(supplierOrders).where(eq(supplierOrders.campaignId, w.campaignId)).all()).toHaveLength(1);
    const orders = db
      .select()
      .from(restockOrders)
      .where(and(eq(restockOrders.distributorOrgId, w.dist.org.id), eq(restockOrders.source, "campaign")))
      .all();
    expect(orders).toHaveLength(3);
    expect(campaignMoves(w.campaignId).filter((m) => m === "open→succeeded")).toHaveLength(1);
    // A third close (a retry after a crash) reads the result back and writes nothing.
    const before = dbSnapshot(db);
    expect(closeAt(w.alliance.org.id, w.campaignId, w.after + 60_000)).toEqual(first);
    expect(dbSnapshot(db)).toEqual(before);
  }, 30_000);

  it("a worker killed (-9) inside the close's transaction leaves nothing, and the next close gives the full result", async () => {
    const w = await tierTwoWorld();
    const before = dbSnapshot(db);
    const job: CloseJob = {
      dbFile: testDb.file,
      orgId: w.alliance.org.id,
      campaignId: w.campaignId,
      now: w.after,
      startAt: 0,
      hangBeforeCommit: true,
    };
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "tests/support/close-worker.ts"), JSON.stringify(job)],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    // Every write of the close is made; the process is killed before COMMIT.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d) => String(d).includes("IN_TX") && resolve());
      child.on("exit", () => reject(new Error(`close worker exited before its transaction:\n${err}`)));
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    expect(dbSnapshot(db)).toEqual(before);
    const result = closeAt(w.alliance.org.id, w.campaignId, w.after);
    expect(result).toMatchObject({ status: "ordered", totalPacks: 330, finalPriceFen: 4950 });
    expect(result.orders).toHaveLength(3);
    expect(db.select().from(supplierOrders).where(eq(supplierOrders.campaignId, w.campaignId)).all()).toHaveLength(1);
    expect(campaignMoves(w.campaignId).filter((m) => m === "open→succeeded")).toHaveLength(1);
  }, 30_000);

  it("is not closed before its deadline unless the coordinator asks", async () => {
    const w = await tierTwoWorld();
    const before = dbSnapshot(db);
    let error: unknown;
    w.clock.set(w.input.deadlineAt - 1);
    try {
      closeCampaign(w.sys, w.campaignId);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).key).toBe("pledge.close.notDue");
    expect(dbSnapshot(db)).toEqual(before);
    expect(closeCampaign(w.alliance.ctx, w.campaignId, { byCoordinator: true }).status).toBe("ordered");
    // Another alliance cannot close it.
    const other = await makeAlliance(db);
    expect(() => closeAt(other.org.id, w.campaignId, w.after)).toThrow(DomainError);
  });
});

describe("a campaign below its MOQ", () => {
  it("fails: every deposit is released, every pledging member and the coordinator are told, nothing is ordered", async () => {
    const w = await groupBuyWorld(db);
    const [a, b, c] = w.stores;
    const pa = pledgeAs(a.ctx, w.campaignId, 50);
    const pb = pledgeAs(b.ctx, w.campaignId, 40);
    pledgeAs(c.ctx, w.campaignId, 30);
    const payA = paidDeposit(db, a.ctx, w.alliance.org.id, pa.pledgeId, pa.depositFen);
    // Offline mode (no keys in domain tests): a deposit recorded to be settled by hand.
    await startPayment(b.ctx, {
      subject: "pledge_deposit",
      subjectId: pb.pledgeId,
      payeeOrgId: w.alliance.org.id,
      amountFen: pb.depositFen,
      description: "定金",
      returnUrl: "http://localhost/x",
    });
    withdrawPledge(c.ctx, { requestId: newId(), campaignId: w.campaignId });
    const result = closeAt(w.alliance.org.id, w.campaignId, w.input.deadlineAt);
    expect(result).toEqual({
      campaignId: w.campaignId,
      status: "failed",
      totalPacks: 90,
      finalPriceFen: null,
      supplierOrderId: null,
      orders: [],
    });
    expect(campaignRow(w.campaignId)).toMatchObject({ status: "failed", totalPacks: 90, finalPriceFen: null });
    // The paid deposit is refunded in full, by a job (one refund row, queued with the close).
    const refund = db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, payA)).all();
    expect(refund).toMatchObject([{ amountFen: pa.depositFen, reason: "campaign_failed", status: "queued" }]);
    expect(
      db
        .select()
        .from(jobs)
        .where(eq(jobs.uniqueKey, `payment.refund:${refund[0].id}`))
        .all(),
    ).toHaveLength(1);
    expect(db.select().from(payments).where(eq(payments.subjectId, pb.pledgeId)).get()!.status).toBe("canceled");
    expect(noticesOf(a.org.id).map((n) => n.messageKey)).toEqual(["pledge.notice.failed"]);
    expect(noticesOf(b.org.id).map((n) => [n.messageKey, JSON.parse(n.params)])).toEqual([
      ["pledge.notice.failed", { title: campaignRow(w.campaignId).title, total: 90, moq: 100, unit: "箱" }],
    ]);
    expect(noticesOf(c.org.id)).toEqual([]);
    expect(noticesOf(w.alliance.org.id).map((n) => n.messageKey)).toEqual(["pledge.notice.coordinatorFailed"]);
    expect(db.select().from(supplierOrders).where(eq(supplierOrders.campaignId, w.campaignId)).all()).toEqual([]);
    expect(db.select().from(restockOrders).where(eq(restockOrders.distributorOrgId, w.dist.org.id)).all()).toEqual([]);
    // a's paid deposit is on its way back; b's offline one is simply no longer owed.
    expect(memberCampaign(a.ctx, w.campaignId)).toMatchObject({ status: "failed", deposit: "refunding" });
    expect(memberCampaign(b.ctx, w.campaignId)).toMatchObject({ status: "failed", deposit: "none" });
    const before = dbSnapshot(db);
    expect(closeAt(w.alliance.org.id, w.campaignId, w.input.deadlineAt + 1)).toEqual(result);
    expect(dbSnapshot(db)).toEqual(before);
  });
});

describe("the worker's side", () => {
  it("the schedule enqueues one close job per open campaign past its deadline, and the job closes it", async () => {
    const w = await tierTwoWorld();
    // As if the job enqueued at opening were lost: the schedule is the safety net.
    db.delete(jobs)
      .where(eq(jobs.uniqueKey, `campaign.close:${w.campaignId}`))
      .run();
    enqueueDueCampaignCloses(db, w.input.deadlineAt - 1);
    expect(
      db
        .select()
        .from(jobs)
        .where(eq(jobs.uniqueKey, `campaign.close:${w.campaignId}`))
        .all(),
    ).toEqual([]);
    enqueueDueCampaignCloses(db, w.after);
    enqueueDueCampaignCloses(db, w.after + 60_000);
    const queued = db
      .select()
      .from(jobs)
      .where(eq(jobs.uniqueKey, `campaign.close:${w.campaignId}`))
      .all();
    expect(queued).toMatchObject([{ kind: "campaign.close", orgId: w.alliance.org.id, status: "queued" }]);
    const job = {
      id: queued[0].id,
      orgId: queued[0].orgId,
      kind: queued[0].kind,
      payload: JSON.parse(queued[0].payload),
      attempts: 1,
    };
    await closeCampaignJob(job, { db, now: () => w.after });
    expect(campaignRow(w.campaignId).status).toBe("ordered");
    // A retry of the same job changes nothing.
    const before = dbSnapshot(db);
    await closeCampaignJob(job, { db, now: () => w.after + 1000 });
    expect(dbSnapshot(db)).toEqual(before);
    expect(campaignsDueForClose(db, w.after).map((c) => c.id)).not.toContain(w.campaignId);
  });
});

describe("a supplier-direct campaign", () => {
  it("succeeds with a supplier order and fixed prices, and no distributor orders", async () => {
    const alliance = await makeAlliance(db);
    const a = await makeStore(db);
    addMemberStore(alliance, a);
    const c = makeCampaign(alliance, {
      tiers: [
        { minPacks: 10, priceFen: 3000 },
        { minPacks: 20, priceFen: 2800 },
      ],
      moqPacks: 10,
    });
    const p = pledgeAs(a.ctx, c.campaignId, 12);
    const result = closeAt(alliance.org.id, c.campaignId, c.input.deadlineAt);
    expect(result).toMatchObject({ status: "ordered", totalPacks: 12, finalPriceFen: 3000, orders: [] });
    expect(pledgeRow(p.pledgeId)).toMatchObject({ priceFen: 3000, regularPriceFen: null, restockOrderId: null });
    expect(db.select().from(supplierOrders).where(eq(supplierOrders.campaignId, c.campaignId)).get()).toMatchObject({
      packs: 12,
      totalFen: 36000,
    });
  });
});
