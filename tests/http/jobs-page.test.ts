import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs } from "@db/schema";
import { claimNext, enqueue, failJob } from "~/domain/jobs/queue.internal.server";
import { addMember, makeOrg, makeStore, makeUser } from "../support/factories";
import { PINNED_NOW } from "../support/clock";
import { shows, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

let server: TestServer;
let alliance: ReturnType<typeof makeOrg>;
let distributor: ReturnType<typeof makeOrg>;
let coordinator: Client;
let admin: Client;
const ids = { allianceDead: "", allianceDone: "", allianceQueued: "", distributorDead: "" };

const status = (id: string) => server.db.select().from(jobs).where(eq(jobs.id, id)).get()!.status;

beforeAll(async () => {
  server = await startTestServer();
  const db = server.db;
  alliance = makeOrg(db, "alliance", { name: "兰考县零售商采购联盟" });
  distributor = makeOrg(db, "distributor", { name: "兰考县城乡商贸配送中心" });
  const c = await makeUser(db);
  addMember(db, alliance.id, c.id, "coordinator");
  const a = await makeUser(db);
  addMember(db, distributor.id, a.id, "admin");

  // Far in the past, so that claiming here takes exactly these jobs, one after another.
  const past = 1_000;
  ids.allianceDead = enqueue(
    db,
    {
      orgId: alliance.id,
      kind: "campaign.close",
      uniqueKey: `campaign.close:${alliance.id}`,
      runAt: past,
      maxAttempts: 1,
    },
    PINNED_NOW,
  );
  const dead = claimNext(db, "test-worker", past)!;
  failJob(db, dead, new Error("供应商接口超时 supplier timed out\n    at secret/stack/frame.ts:1:1"), past + 1);
  ids.distributorDead = enqueue(
    db,
    {
      orgId: distributor.id,
      kind: "payment.reconcile",
      runAt: past + 2,
      maxAttempts: 1,
    },
    PINNED_NOW,
  );
  failJob(db, claimNext(db, "test-worker", past + 2)!, new Error("distributor-only failure"), past + 3);
  ids.allianceDone = enqueue(db, { orgId: alliance.id, kind: "payment.refund", runAt: past + 4 }, PINNED_NOW);
  const done = claimNext(db, "test-worker", past + 4)!;
  db.update(jobs)
    .set({ status: "done", finishedAt: past + 5, lockedBy: null })
    .where(eq(jobs.id, done.id))
    .run();
  ids.allianceQueued = enqueue(
    db,
    { orgId: alliance.id, kind: "payment.expire", runAt: PINNED_NOW + 3600_000 },
    PINNED_NOW,
  );

  coordinator = new Client(server.url);
  await coordinator.logIn(c.phone, c.password);
  admin = new Client(server.url);
  await admin.logIn(a.phone, a.password);
});
afterAll(() => server?.stop());

describe("the alliance's jobs page", () => {
  it("lists the organisation's own jobs with status, attempts and the error's first line only", async () => {
    const res = await coordinator.get("/alliance/jobs");
    expect(res.status).toBe(200);
    const html = visibleHtml(await res.text());
    expect(shows(html, "结束团购")).toBe(true);
    expect(shows(html, "退款")).toBe(true);
    expect(shows(html, "关闭未付款的支付页")).toBe(true);
    expect(html).toContain("供应商接口超时 supplier timed out");
    expect(html).not.toContain("secret/stack/frame.ts");
    expect(html).toContain("第 1/1 次");
    // The distributor's job is not there.
    expect(html).not.toContain("distributor-only failure");
    expect(html).not.toContain(ids.distributorDead);
    // One retry button: for the dead job only.
    expect(html.match(/name="jobId"/g)).toHaveLength(1);
    expect(html).toContain(`value="${ids.allianceDead}"`);
  });

  it("filters by status", async () => {
    const html = visibleHtml(await (await coordinator.get("/alliance/jobs?status=dead")).text());
    expect(html).toContain(ids.allianceDead);
    expect(shows(html, "退款")).toBe(false);
    // An unknown status is ignored, not an error.
    expect((await coordinator.get("/alliance/jobs?status=bogus")).status).toBe(200);
  });

  it("retries a dead job; a second press changes nothing", async () => {
    const res = await coordinator.post("/alliance/jobs", { jobId: ids.allianceDead });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/alliance/jobs?retried=1");
    expect(status(ids.allianceDead)).toBe("queued");
    const page = await (await coordinator.get("/alliance/jobs?retried=1")).text();
    expect(shows(page, "任务已重新排队，稍后执行")).toBe(true);
    const before = dbSnapshot(server.db);
    expect((await coordinator.post("/alliance/jobs", { jobId: ids.allianceDead })).status).toBe(302);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("refuses a finished job (409), another organisation's job (404) and an empty form (400), writing nothing", async () => {
    const before = dbSnapshot(server.db);
    const done = await coordinator.post("/alliance/jobs", { jobId: ids.allianceDone });
    expect(done.status).toBe(409);
    expect(await done.text()).toContain("这个任务已经完成，不能再重试");
    const foreign = await coordinator.post("/alliance/jobs", { jobId: ids.distributorDead });
    expect(foreign.status).toBe(404);
    expect((await coordinator.post("/alliance/jobs", {})).status).toBe(400);
    expect(dbSnapshot(server.db)).toEqual(before);
    expect(status(ids.distributorDead)).toBe("dead");
  });
});

describe("the distributor's jobs page", () => {
  it("speaks English to an English user", async () => {
    const english = new Client(server.url);
    const user = await makeUser(server.db);
    addMember(server.db, distributor.id, user.id, "admin");
    await english.logIn(user.phone, user.password);
    await english.post("/settings/language", { locale: "en", redirectTo: "/distributor/jobs" });
    const html = visibleHtml(await (await english.get("/distributor/jobs")).text());
    expect(shows(html, "Background jobs")).toBe(true);
    expect(shows(html, "Reconcile payment")).toBe(true);
    expect(shows(html, "Stopped")).toBe(true);
    expect(html).toContain("attempt 1 of 1");
  });

  it("shows its own jobs and retries them", async () => {
    const html = visibleHtml(await (await admin.get("/distributor/jobs")).text());
    expect(shows(html, "核对付款")).toBe(true);
    expect(html).toContain("distributor-only failure");
    expect(html).not.toContain("供应商接口超时");
    expect((await admin.post("/distributor/jobs", { jobId: ids.distributorDead })).status).toBe(302);
    expect(status(ids.distributorDead)).toBe("queued");
  });

  it("is for the organisation's admins: a store owner and the alliance's coordinator are refused", async () => {
    const store = await makeStore(server.db);
    const owner = new Client(server.url);
    await owner.logIn(store.user.phone, store.user.password);
    expect((await owner.get("/distributor/jobs")).status).toBe(403);
    expect((await owner.get("/alliance/jobs")).status).toBe(403);
    expect((await coordinator.get("/distributor/jobs")).status).toBe(403);
    expect((await new Client(server.url).get("/alliance/jobs")).status).toBe(302);
  });
});
