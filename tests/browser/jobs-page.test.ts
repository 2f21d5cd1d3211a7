import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@db/schema";
import { claimNext, completeJob, enqueue, failJob } from "~/domain/jobs/queue.internal.server";
import { addMember, makeOrg, makeUser } from "../support/factories";
import { logInAs, openPhone, overflowsHorizontally, recordPageErrors, screenshot } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let coordinator: Awaited<ReturnType<typeof makeUser>>;
let deadId: string;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db;
  const alliance = makeOrg(db, "alliance", { name: "兰考县零售商采购联盟" });
  coordinator = await makeUser(db, { name: "王建国" });
  addMember(db, alliance.id, coordinator.id, "coordinator");
  // A campaign close that gave up, a capture waiting for its retry, a finished release.
  const t = Date.UTC(2026, 10, 28, 2, 0, 0);
  deadId = enqueue(db, { orgId: alliance.id, kind: "campaign.close", runAt: t, maxAttempts: 3 }, t);
  let at = t;
  for (let i = 0; i < 3; i++) {
    const job = claimNext(db, "vm:4242:abc123", at)!;
    failJob(
      db,
      job,
      new Error("SqliteError: database is locked (供应商订单写入失败，第 " + (i + 1) + " 次)"),
      at,
      () => 0,
    );
    at = db.select().from(jobs).where(eq(jobs.id, deadId)).get()!.runAt;
  }
  enqueue(db, { orgId: alliance.id, kind: "payment.refund", runAt: at + 1 }, t);
  failJob(
    db,
    claimNext(db, "vm:4242:abc123", at + 1)!,
    new Error("StripeConnectionError: An error occurred with our connection to Stripe. Request was retried 0 times."),
    at + 1,
    () => 0,
  );
  enqueue(db, { orgId: alliance.id, kind: "payment.expire", runAt: at + 2 }, t);
  completeJob(db, claimNext(db, "vm:4242:abc123", at + 2)!, at + 3);
});
afterAll(() => server?.stop());

describe("the operator page on a 360-px phone", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`shows the jobs and retries a dead one (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      // Each run starts from the job given up (the other run retried it).
      server.db
        .update(jobs)
        .set({ status: "dead", attempts: 3, finishedAt: Date.now() })
        .where(eq(jobs.id, deadId))
        .run();
      const phone = await openPhone({ javaScriptEnabled, width: 360, height: 780 });
      const errors: string[] = [];
      recordPageErrors(phone.page, errors);
      try {
        const { page } = phone;
        await logInAs(page, server.url, coordinator.phone, coordinator.password);
        await page.goto(`${server.url}/alliance/jobs`);
        await expect(page.getByRole("heading", { name: "后台任务" }).isVisible()).resolves.toBe(true);
        const list = page.getByTestId("jobs");
        await expect(list.getByText("结束团购").isVisible()).resolves.toBe(true);
        await expect(list.getByText("退款").isVisible()).resolves.toBe(true);
        await expect(list.getByText("关闭未付款的支付页").isVisible()).resolves.toBe(true);
        expect(await overflowsHorizontally(page)).toBe(false);
        await screenshot(page, `jobs-alliance-360-js-${javaScriptEnabled ? "on" : "off"}`);

        await Promise.all([page.waitForURL(/retried=1/), page.getByRole("button", { name: "重新执行" }).click()]);
        await page.getByText("任务已重新排队，稍后执行").waitFor();
        expect(server.db.select().from(jobs).where(eq(jobs.id, deadId)).get()).toMatchObject({
          status: "queued",
          attempts: 0,
        });
        await page.getByRole("link", { name: /已停止/ }).click();
        await page.waitForURL(/status=dead/);
        await page.getByText("没有任务").waitFor();
        expect(errors).toEqual([]);
      } finally {
        await phone.close();
      }
    });
  }
});
