import { spawn, type ChildProcess } from "node:child_process";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { campaigns, jobs, paymentRefunds, payments, pledges, restockOrderLines, restockOrders } from "@db/schema";
import { balanceOf } from "~/domain/restock/account.server";
import { addDays, shanghaiDate } from "~/domain/dates";
import { makeCampaign, makeSupplierWithProduct, serverClock } from "../support/alliance";
import {
  logInAs,
  openDesktop,
  openPhone,
  overflowsHorizontally,
  recordPageErrors,
  screenshot,
  type Phone,
} from "../support/browser";
import { makeSku, stockSku } from "../support/distribution";
import { connectPayee } from "../support/connect";
import { groupBuyMembers } from "../support/group-buy";
import { ROOT } from "../support/paths";
import { startTestServer, type TestServer } from "../support/server";
import { startStripeServer, type LocalStripe } from "../support/stripe-server";

// Issues 5 and 13's walk-through, in Chromium on phones: three stores pledge and pay their
// deposits on the hosted Checkout test page of the local Stripe-compatible server — by card,
// Alipay and WeChat Pay; one raises its pledge and pays the difference, one withdraws and is
// refunded. The deadline passes and the real worker process closes the campaign at tier 2 (paid
// deposits kept, credited on the orders); each store's order at the campaign price is in the
// distributor's run; it is delivered, received, and the savings are right to the fen. A second
// campaign misses its MOQ: every deposit is refunded through the Refunds API, one refund fails
// and shows on the coordinator's attention list.

let stripe: LocalStripe;
let server: TestServer;
let worker: ChildProcess | null = null;
let workerLog = "";
beforeAll(async () => {
  stripe = await startStripeServer();
  server = await startTestServer({
    env: {
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_API_BASE: stripe.url,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    },
  });
  stripe.webhookUrl = `${server.url}/webhooks/stripe`;
});
afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker!.once("exit", r));
    worker.kill("SIGTERM");
    await exited;
  }
  await server?.stop();
  await stripe?.stop();
});

const pageErrors: string[] = [];
afterEach(() => {
  const errors = pageErrors.splice(0);
  expect(errors, `errors in the browser: ${errors.join(" | ")}`).toEqual([]);
});

async function as(user: { phone: string; password: string }, open: () => Promise<Phone>): Promise<Phone> {
  const device = await open();
  // The pay page of the local provider has no favicon: its 404 is not ours.
  recordPageErrors(device.page, pageErrors, { allowStatus: [404] });
  await logInAs(device.page, server.url, user.phone, user.password);
  return device;
}

const yuan = (fen: number) => `¥${(fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
const pledgeOf = (campaignId: string, storeOrgId: string) =>
  server.db
    .select()
    .from(pledges)
    .where(and(eq(pledges.campaignId, campaignId), eq(pledges.storeOrgId, storeOrgId)))
    .get()!;
const depositPayments = (pledgeId: string) =>
  server.db.select().from(payments).where(eq(payments.subjectId, pledgeId)).all();

describe("a group buy from pledge to savings", () => {
  it(
    "the coordinator opens it; three stores on phones, the worker closes at tier 2, delivery and receipt, savings to the fen; a second campaign fails and every deposit is refunded, one refund on the coordinator's list",
    { timeout: 240_000 },
    async () => {
      const w = await groupBuyMembers(server.db, 3, serverClock);
      connectPayee(server.db, stripe, w.alliance.ctx.org.id);
      // The supplier's product, and the distributor's SKU with the same barcode at ¥56.00 a case.
      const goods = makeSupplierWithProduct(w.alliance, { name: "金龙鱼大豆油 5L", packSize: 12 });
      const sku = makeSku(w.dist, {
        name: "金龙鱼大豆油 5L",
        barcode: goods.barcode!,
        packSize: 12,
        baseUnit: "桶",
        casePriceFen: 5600,
      });
      stockSku(w.dist, sku, 2000);

      // The coordinator drafts the campaign on a phone (three tiers, MOQ 100, 10 % deposit) and opens it.
      const deadlineDate = shanghaiDate(serverClock.now() + 86_400_000);
      const coordinator = await as(w.alliance.user, () => openPhone());
      let campaignId: string;
      try {
        const { page } = coordinator;
        await page.goto(`${server.url}/alliance/campaigns/new`);
        await page.getByLabel("商品（供应商）").selectOption(goods.productId);
        await page.getByLabel(/^批次名称/).fill("金龙鱼大豆油 5L 联盟团购");
        for (const [i, packs, price] of [
          [1, "100", "52.00"],
          [2, "300", "49.50"],
          [3, "600", "47.00"],
        ] as const) {
          await page.getByLabel(`第 ${i} 档：满多少箱`).fill(packs);
          await page.getByLabel(`第 ${i} 档：每箱价格（元）`).fill(price);
        }
        await page.getByLabel("成团最低箱数（MOQ）").fill("100");
        await page.getByLabel("截止日期").fill(deadlineDate);
        await page.getByLabel("截止时间（北京时间）").fill("18:00");
        await page.getByLabel("配送方式").selectOption(w.dist.org.id);
        await page.getByLabel("预计送达日期").fill(addDays(deadlineDate, 3));
        await page.getByLabel("定金比例（%）").fill("10");
        await page.getByRole("button", { name: "保存草稿" }).click();
        await page.waitForURL(
          (url) => /^\/alliance\/campaigns\/[\w-]+$/.test(url.pathname) && !url.pathname.endsWith("/new"),
        );
        campaignId = new URL(page.url()).pathname.split("/").at(-1)!;
        await page.getByRole("button", { name: "开放认购" }).click();
        await expect
          .poll(() => server.db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()?.status)
          .toBe("open");
        await screenshot(page, "group-buy-coordinator-opened");
      } finally {
        await coordinator.close();
      }
      expect(server.db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()).toMatchObject({
        moqPacks: 100,
        depositBp: 1000,
        distributorProductId: sku.id,
      });
      const failing = makeCampaign(w.alliance, {
        distributor: w.dist,
        title: "鲁花花生油 团购",
        moqPacks: 100,
        deadlineAt: serverClock.now() + 3_600_000,
      });
      const [a, b, c] = w.stores;
      const page1 = `/store/alliances/campaigns/${campaignId}`;
      const page2 = `/store/alliances/campaigns/${failing.campaignId}`;

      /**
       * Pledges on the open page (pledge or change), then pays what the page asks (the deposit, or
       * the difference after a raise) on the hosted Checkout page with `method`.
       */
      const pledgeAndPay = async (
        phone: Phone,
        path: string,
        packs: number,
        button: string,
        method: "银行卡" | "支付宝" | "微信支付",
        shot: string,
      ) => {
        const { page } = phone;
        await page.goto(`${server.url}${path}`);
        await page.getByLabel(/^认购数量/).fill(String(packs));
        await page.getByRole("button", { name: /^(认购|修改数量)$/ }).click();
        await page.getByText(`已认购 ${packs} 箱。`).waitFor();
        await page.getByRole("button", { name: button }).click();
        await page.waitForURL((url) => url.href.startsWith(`${stripe.url}/checkout/`));
        await screenshot(page, `${shot}-checkout`);
        await page.getByRole("button", { name: `用${method}付款` }).click();
        await page.waitForURL((url) => url.href.startsWith(`${server.url}${path}`));
        // The webhook, not the browser, tells the app the money is paid.
        await expect
          .poll(async () => (await page.reload(), await page.getByTestId("deposit-state").getAttribute("data-state")), {
            timeout: 15_000,
          })
          .toBe("paid");
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `${shot}-paid`);
      };

      // Store A, on a 360-px phone: finds the campaign from its home page, pledges 150 and pays;
      // also pledges 10 to the campaign that will fail.
      const phoneA = await as(a.user, () => openPhone({ width: 360, height: 780 }));
      try {
        const { page } = phoneA;
        await page.goto(`${server.url}/store`);
        await page.getByRole("link", { name: "联盟团购" }).click();
        await page.waitForURL(/\/store\/alliances\/campaigns$/);
        await expect.poll(() => page.getByTestId("campaign-card").count()).toBe(2);
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, "group-buy-a-list");
        await page.getByTestId("campaign-card").filter({ hasText: "金龙鱼大豆油 5L 联盟团购" }).click();
        await page.waitForURL((url) => url.pathname === page1);
        await expect.poll(() => page.getByTestId("campaign-saving").textContent()).toBe("比常规价每箱省 ¥4.00");
        await pledgeAndPay(phoneA, page1, 150, `支付定金 ${yuan(78_000)}`, "银行卡", "group-buy-a");
        await pledgeAndPay(phoneA, page2, 10, `支付定金 ${yuan(5_200)}`, "银行卡", "group-buy-a-second");
      } finally {
        await phoneA.close();
      }

      // Store B pledges 100 and pays with Alipay, then raises it to 200 and pays the difference;
      // it also pays a deposit to the campaign that will fail.
      const phoneB = await as(b.user, () => openPhone());
      try {
        await pledgeAndPay(phoneB, page1, 100, `支付定金 ${yuan(52_000)}`, "支付宝", "group-buy-b");
        await pledgeAndPay(phoneB, page1, 200, `补交定金 ${yuan(52_000)}`, "支付宝", "group-buy-b-changed");
        expect(await phoneB.page.getByTestId("campaign-tier").textContent()).toBe("已达第 2 档：每箱 ¥49.50");
        await screenshot(phoneB.page, "group-buy-b-tier-2");
        await pledgeAndPay(phoneB, page2, 10, `支付定金 ${yuan(5_200)}`, "支付宝", "group-buy-b-second");
      } finally {
        await phoneB.close();
      }

      // Store C, with JavaScript off (plain forms and redirects, the hosted page included),
      // pledges 80 and pays with WeChat Pay, then withdraws: the deposit is refunded.
      const phoneC = await as(c.user, () => openPhone({ javaScriptEnabled: false }));
      try {
        await pledgeAndPay(phoneC, page1, 80, `支付定金 ${yuan(41_600)}`, "微信支付", "group-buy-c");
        await phoneC.page.getByRole("button", { name: "退出团购" }).click();
        await phoneC.page.getByText("已退出。已付的定金会原路退回。").waitFor();
        await screenshot(phoneC.page, "group-buy-c-withdrawn");
        // The refund job runs in the worker (started below); until then the page says it is on its way.
        expect(await phoneC.page.getByTestId("deposit-state").getAttribute("data-state")).toBe("refunding");
      } finally {
        await phoneC.close();
      }
      expect(pledgeOf(campaignId, c.org.id)).toMatchObject({ status: "withdrawn" });

      // The deadline passes. Time cannot be waited for in a test: the deadline and the close jobs
      // enqueued when the campaigns opened are moved to now, which is what the clock would do.
      const now = serverClock.now();
      server.db
        .update(campaigns)
        .set({ deadlineAt: now - 1 })
        .where(inArray(campaigns.id, [campaignId, failing.campaignId]))
        .run();
      server.db
        .update(jobs)
        .set({ runAt: now - 1 })
        .where(inArray(jobs.uniqueKey, [`campaign.close:${campaignId}`, `campaign.close:${failing.campaignId}`]))
        .run();

      // The provider will refuse the first refund it settles from now on (the withdrawal's
      // refund above is queued too: which one fails is whichever the worker sends first).
      stripe.failNextRefunds(1, "account_closed");
      // The real worker process, on the same database file.
      worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_PATH: server.dbFile,
          WORKER_POLL_MS: "200",
          STRIPE_SECRET_KEY: stripe.secretKey,
          STRIPE_API_BASE: stripe.url,
          STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      worker.stdout?.on("data", (d) => (workerLog += d));
      worker.stderr?.on("data", (d) => (workerLog += d));

      const statusOf = (id: string) =>
        server.db.select({ s: campaigns.status }).from(campaigns).where(eq(campaigns.id, id)).get()!.s;
      await expect
        .poll(() => [statusOf(campaignId), statusOf(failing.campaignId)], { timeout: 30_000 })
        .toEqual(["ordered", "failed"]);
      expect(server.db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()).toMatchObject({
        totalPacks: 350,
        finalPriceFen: 4950,
      });

      // On the provider: every deposit was charged at once; C's (withdrawn) and the failed
      // campaign's are refunded — one of those three refunds failed.
      const refundsOfPledge = (pledgeId: string) =>
        depositPayments(pledgeId).flatMap((p) =>
          server.db.select().from(paymentRefunds).where(eq(paymentRefunds.paymentId, p.id)).all(),
        );
      const [pa, pb, pc, pfa, pfb] = [
        pledgeOf(campaignId, a.org.id),
        pledgeOf(campaignId, b.org.id),
        pledgeOf(campaignId, c.org.id),
        pledgeOf(failing.campaignId, a.org.id),
        pledgeOf(failing.campaignId, b.org.id),
      ];
      await expect
        .poll(
          () =>
            [pc, pfa, pfb]
              .flatMap((p) => refundsOfPledge(p.id))
              .map((r) => r.status)
              .sort(),
          { timeout: 30_000 },
        )
        .toEqual(["failed", "succeeded", "succeeded"]);
      expect(depositPayments(pa.id).map((p) => [p.amountFen, p.status, p.refundedFen])).toEqual([
        [78_000, "succeeded", 0],
      ]);
      expect(depositPayments(pb.id).map((p) => [p.amountFen, p.status, p.refundedFen])).toEqual([
        [52_000, "succeeded", 0],
        [52_000, "succeeded", 0],
      ]);
      expect(refundsOfPledge(pa.id)).toEqual([]);
      expect(refundsOfPledge(pb.id)).toEqual([]);
      const methodsPaid = [pa, pb, pc]
        .flatMap((p) => depositPayments(p.id))
        .map((p) => stripe.intents.get(p.intentId!)!.payment_method_types[0])
        .sort();
      expect(methodsPaid).toEqual(["alipay", "alipay", "card", "wechat_pay"]);
      for (const r of stripe.refunds.values()) expect(r.amount).toBeGreaterThan(0);

      // The failed refund is on the coordinator's attention list, with what to do.
      const failedRefund = [pc, pfa, pfb].flatMap((p) => refundsOfPledge(p.id)).find((r) => r.status === "failed")!;
      const failedCampaign = [pfa.id, pfb.id].some((id) => refundsOfPledge(id).some((r) => r.id === failedRefund.id))
        ? failing.campaignId
        : campaignId;
      const coordinatorAgain = await as(w.alliance.user, () => openPhone());
      try {
        const { page } = coordinatorAgain;
        await page.goto(`${server.url}/alliance/campaigns/${failedCampaign}`);
        const list = page.getByTestId("failed-refunds");
        await expect.poll(() => list.textContent()).toContain("account_closed");
        expect(await list.textContent()).toContain("线下退给对方");
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, "group-buy-coordinator-failed-refund");
      } finally {
        await coordinatorAgain.close();
      }

      // Each store that kept its pledge has a confirmed order at the campaign price in one run.
      const orderOf = (pledgeId: string) => {
        const orderId = server.db.select().from(pledges).where(eq(pledges.id, pledgeId)).get()!.restockOrderId!;
        return server.db.select().from(restockOrders).where(eq(restockOrders.id, orderId)).get()!;
      };
      const [orderA, orderB] = [orderOf(pa.id), orderOf(pb.id)];
      for (const [order, packs] of [
        [orderA, 150],
        [orderB, 200],
      ] as const) {
        expect(order).toMatchObject({
          source: "campaign",
          status: "confirmed",
          totalFen: packs * 4950,
          runId: orderA.runId,
        });
        expect(
          server.db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, order.id)).get(),
        ).toMatchObject({ casePriceFen: 4950, qtyPacks: packs });
      }
      expect(orderA.runId).not.toBeNull();
      expect(pledgeOf(campaignId, c.org.id).restockOrderId).toBeNull();
      const runId = orderA.runId!;

      // The distributor's office picks and dispatches on a desktop…
      const office = await as(w.distributorUser, () => openDesktop());
      try {
        const { page } = office;
        await page.goto(`${server.url}/distributor/runs/${runId}/picks`);
        await page.getByRole("button", { name: "开始拣货" }).click();
        await page.waitForURL((url) => url.pathname === `/distributor/runs/${runId}`);
        await screenshot(page, "group-buy-run");
        await page.goto(`${server.url}/distributor/runs/${runId}/picks`);
        await page.getByRole("button", { name: "装车出发" }).click();
        await page.waitForURL((url) => url.pathname === `/distributor/runs/${runId}`);
      } finally {
        await office.close();
      }
      // …and delivers at each door with the store's code.
      const van = await as(w.distributorUser, () => openPhone());
      try {
        const { page } = van;
        await page.goto(`${server.url}/distributor/runs/${runId}/stops`);
        for (const [store, order] of [
          [a, orderA],
          [b, orderB],
        ] as const) {
          const stop = page.getByTestId("stop").filter({ hasText: store.org.name });
          await stop.getByLabel("收货码（门店订单上的 6 位数字）").fill(order.deliveryCode);
          await stop.getByRole("button", { name: "已送达" }).click();
          await expect
            .poll(() => server.db.select().from(restockOrders).where(eq(restockOrders.id, order.id)).get()!.status)
            .toBe("delivered");
        }
      } finally {
        await van.close();
      }

      // The stores receive on their phones and read their savings.
      for (const [store, order, pledgeId, savedFen, shot] of [
        [a, orderA, pa.id, 97_500, "group-buy-a"],
        [b, orderB, pb.id, 130_000, "group-buy-b"],
      ] as const) {
        const phone = await as(store.user, () => openPhone());
        try {
          const { page } = phone;
          await page.goto(`${server.url}/store/restock/orders/${order.id}`);
          await page.getByRole("button", { name: "确认收货" }).click();
          await page.getByText("已收货入库。").waitFor();
          expect(server.db.select().from(pledges).where(eq(pledges.id, pledgeId)).get()!.savingsFen).toBe(savedFen);
          await page.goto(`${server.url}${page1}`);
          expect(await page.getByTestId("my-savings").textContent()).toBe(`节省 ${yuan(savedFen)}`);
          await screenshot(page, `${shot}-savings`);
          await page.goto(`${server.url}/store/alliances/campaigns`);
          expect(await overflowsHorizontally(page)).toBe(false);
          await screenshot(page, `${shot}-past`);
        } finally {
          await phone.close();
        }
      }
      expect(statusOf(campaignId)).toBe("delivered");
      // Pay on delivery: the driver collected the order less the deposit already paid, to the fen
      // (¥7,425.00 − ¥780.00 and ¥9,900.00 − ¥1,040.00), and neither store owes anything more.
      const collected = (id: string) =>
        server.db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!.codCollectedFen;
      expect(collected(orderA.id)).toBe(150 * 4950 - 78_000);
      expect(collected(orderB.id)).toBe(200 * 4950 - 104_000); // both of B's deposit payments
      const owed = (orgId: string) => balanceOf(server.db, { distributorOrgId: w.dist.org.id, storeOrgId: orgId });
      expect(owed(a.org.id)).toBe(0);
      expect(owed(b.org.id)).toBe(0);
      expect(workerLog).not.toMatch(/failed|error/);
    },
  );
});
