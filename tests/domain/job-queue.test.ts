import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@db/client";
import { jobs, users } from "@db/schema";
import { inTransaction, type Ctx } from "~/domain/context.server";
import { Conflict, NotFound } from "~/domain/errors";
import { logInSchema } from "~/domain/identity/log-in.server";
import { verifyPassword } from "~/domain/identity/password.server";
import {
  backoffMs,
  BACKOFF_CAP_MS,
  claimNext,
  completeJob,
  enqueue,
  failJob,
  jobStats,
  KEEP_FINISHED_MS,
  pruneFinishedJobs,
} from "~/domain/jobs/queue.internal.server";
import { countJobs, listJobs, retryJob } from "~/domain/jobs/queue.server";
import { SYSTEM_USER, systemCtx } from "~/domain/jobs/system-context.server";
import { createTestDb } from "../support/db";
import { makeOrg } from "../support/factories";
import { READY, type ClaimerJob, type ClaimerReport } from "../support/job-claimer";
import { ROOT } from "../support/paths";
import { at, pinnedClock, PINNED_NOW } from "../support/clock";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const T0 = Date.UTC(2026, 10, 1, 2, 0, 0);
const row = (id: string) => db.select().from(jobs).where(eq(jobs.id, id)).get()!;

/** Each test gets its own organisation and only ever claims at times nothing else is due. */
let clock = T0;
function freshTime() {
  // Jobs of earlier tests stay in the file; moving the clock back a day per test keeps them out of reach.
  clock -= 24 * 3600_000;
  return clock;
}
function drain(at: number) {
  // Anything left due at `at` from another test would be claimed first: there must be none.
  expect(
    db
      .select()
      .from(jobs)
      .where(eq(jobs.status, "queued"))
      .all()
      .filter((j) => j.runAt <= at),
  ).toEqual([]);
}

describe("enqueue", () => {
  it("is idempotent by unique key and returns the first job's id", () => {
    const org = makeOrg(db, "alliance");
    const first = enqueue(
      db,
      {
        orgId: org.id,
        kind: "campaign.close",
        payload: { campaignId: "c1" },
        uniqueKey: `close:${org.id}`,
      },
      PINNED_NOW,
    );
    const again = enqueue(
      db,
      {
        orgId: org.id,
        kind: "campaign.close",
        payload: { campaignId: "other" },
        uniqueKey: `close:${org.id}`,
      },
      PINNED_NOW,
    );
    expect(again).toBe(first);
    const rows = db.select().from(jobs).where(eq(jobs.orgId, org.id)).all();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].payload)).toEqual({ campaignId: "c1" });
    expect(rows[0]).toMatchObject({ status: "queued", attempts: 0, maxAttempts: 8 });
    // Without a key every call is a new job.
    const a = enqueue(db, { orgId: org.id, kind: "x" }, PINNED_NOW);
    const b = enqueue(db, { orgId: org.id, kind: "x" }, PINNED_NOW);
    expect(a).not.toBe(b);
  });

  it("commits or rolls back with the business write of the transaction it joins", () => {
    const org = makeOrg(db, "alliance");
    expect(() =>
      inTransaction(db, (tx) => {
        enqueue(tx, { orgId: org.id, kind: "campaign.close", uniqueKey: `rollback:${org.id}` }, PINNED_NOW);
        throw new Error("the business write failed");
      }),
    ).toThrow("the business write failed");
    expect(db.select().from(jobs).where(eq(jobs.orgId, org.id)).all()).toEqual([]);
    const id = inTransaction(db, (tx) =>
      enqueue(tx, { orgId: org.id, kind: "campaign.close", uniqueKey: `rollback:${org.id}` }, PINNED_NOW),
    );
    expect(row(id).status).toBe("queued");
  });
});

describe("claiming", () => {
  it("takes a due job once, not before its run_at, and in run_at order", () => {
    const now = freshTime();
    drain(now);
    const org = makeOrg(db, "store");
    const later = enqueue(db, { orgId: org.id, kind: "k", runAt: now - 1_000 }, PINNED_NOW);
    const earlier = enqueue(db, { orgId: org.id, kind: "k", runAt: now - 2_000 }, PINNED_NOW);
    const future = enqueue(db, { orgId: org.id, kind: "k", runAt: now + 1 }, PINNED_NOW);
    const a = claimNext(db, "w1", now, 60_000)!;
    expect(a).toMatchObject({ id: earlier, attempts: 1, lockedBy: "w1", lockedUntil: now + 60_000 });
    expect(row(earlier)).toMatchObject({ status: "running", attempts: 1, lockedBy: "w1" });
    expect(claimNext(db, "w2", now)!.id).toBe(later);
    expect(claimNext(db, "w3", now)).toBeNull();
    expect(row(future).status).toBe("queued");
    for (const id of [earlier, later])
      expect(completeJob(db, { id, lockedBy: id === earlier ? "w1" : "w2" }, now)).toBe(true);
    expect(claimNext(db, "w3", now + 1)!.id).toBe(future);
    completeJob(db, { id: future, lockedBy: "w3" }, now + 1);
  });

  it("two connections to one file claiming one job: only one gets it", () => {
    const now = freshTime();
    drain(now);
    const org = makeOrg(db, "store");
    const other = openDatabase(testDb.file);
    try {
      const id = enqueue(db, { orgId: org.id, kind: "k", runAt: now }, PINNED_NOW);
      const first = claimNext(other, "other-connection", now);
      const second = claimNext(db, "this-connection", now);
      expect(first?.id).toBe(id);
      expect(second).toBeNull();
      // The loser cannot finish or fail a job it does not hold.
      expect(completeJob(db, { id, lockedBy: "this-connection" }, now)).toBe(false);
      expect(
        failJob(db, { id, lockedBy: "this-connection", attempts: 1, maxAttempts: 8 }, new Error("x"), now),
      ).toBeNull();
      expect(completeJob(other, first!, now)).toBe(true);
      expect(row(id)).toMatchObject({ status: "done", attempts: 1, finishedAt: now, lockedBy: null });
    } finally {
      other.$client.close();
    }
  });

  it("four OS processes draining 400 jobs: every job taken exactly once", async () => {
    // A file of its own, so that no other test's jobs are in reach.
    const own = createTestDb();
    try {
      const org = makeOrg(own.db, "distributor");
      const ids = inTransaction(own.db, (tx) =>
        Array.from({ length: 400 }, (_, i) =>
          enqueue(tx, { orgId: org.id, kind: "k", uniqueKey: `drain:${i}`, runAt: 0 }, PINNED_NOW),
        ),
      );
      const claimers = [1, 2, 3, 4].map((n) => startClaimer({ dbFile: own.file, workerId: `proc-${n}`, workMs: 1 }));
      await Promise.all(claimers.map((c) => c.ready));
      for (const c of claimers) c.go();
      const reports = await Promise.all(claimers.map((c) => c.report));
      const claimed = reports.flatMap((r) => r.claimed);
      expect(claimed).toHaveLength(400);
      expect(new Set(claimed)).toEqual(new Set(ids));
      expect(reports.reduce((n, r) => n + r.completed, 0)).toBe(400);
      // More than one process did work: this was a race, not a queue.
      expect(reports.filter((r) => r.claimed.length > 0).length).toBeGreaterThan(1);
      const done = own.db.select().from(jobs).where(eq(jobs.status, "done")).all();
      expect(done).toHaveLength(400);
      expect(done.every((j) => j.attempts === 1)).toBe(true);
    } finally {
      own.close();
    }
  });
});

/** A claimer process, loaded and waiting: `go` releases it; `report` is what it took. */
function startClaimer(job: ClaimerJob) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "tests/support/job-claimer.ts"), JSON.stringify(job)],
    { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] },
  );
  let out = "";
  let err = "";
  let loaded: () => void;
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  child.stdout.on("data", (d) => {
    out += d;
    if (out.startsWith(`${READY}\n`)) loaded();
  });
  child.stderr.on("data", (d) => (err += d));
  const report = new Promise<ClaimerReport>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`claimer ${job.workerId} exited with ${code}:\n${err}`));
      else resolve(JSON.parse(out.trim().split("\n").at(-1)!) as ClaimerReport);
    });
  });
  // A claimer that dies while loading must fail the test, not leave it waiting for `ready`.
  return { ready: Promise.race([ready, report.then(() => undefined)]), go: () => child.stdin.write("go\n"), report };
}

describe("failures", () => {
  it("backs off exponentially with jitter, capped at ten minutes", () => {
    // Equal jitter: between half and all of 2^attempts × 5 s.
    expect(backoffMs(1, () => 0)).toBe(5_000);
    expect(backoffMs(1, () => 0.999999)).toBe(9_999);
    expect(backoffMs(2, () => 0)).toBe(10_000);
    expect(backoffMs(3, () => 0.5)).toBe(30_000);
    expect(backoffMs(6, () => 0)).toBe(160_000);
    expect(backoffMs(7, () => 0)).toBe(300_000);
    expect(backoffMs(8, () => 0.999999)).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    expect(backoffMs(30, () => 0)).toBe(BACKOFF_CAP_MS / 2);
    for (let a = 1; a <= 12; a++) {
      const d = backoffMs(a);
      expect(d).toBeGreaterThanOrEqual(Math.min(BACKOFF_CAP_MS, 5_000 * 2 ** a) / 2);
      expect(d).toBeLessThanOrEqual(BACKOFF_CAP_MS);
    }
  });

  it("a failed attempt goes back to the queue after its backoff; dead after max attempts", () => {
    const now = freshTime();
    drain(now);
    const org = makeOrg(db, "alliance");
    const id = enqueue(db, { orgId: org.id, kind: "k", runAt: now, maxAttempts: 3 }, PINNED_NOW);
    let at = now;
    const seen: { attempts: number; status: string | null; runAt: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const job = claimNext(db, "w", at)!;
      expect(job.id).toBe(id);
      const status = failJob(db, job, new Error(`boom ${job.attempts}`), at, () => 0);
      const r = row(id);
      seen.push({ attempts: r.attempts, status, runAt: r.runAt - at });
      expect(r.lastError).toContain(`boom ${job.attempts}`);
      // Not due before its backoff has passed.
      if (status === "queued") {
        expect(claimNext(db, "w", r.runAt - 1)).toBeNull();
        at = r.runAt;
      }
    }
    expect(seen).toEqual([
      { attempts: 1, status: "queued", runAt: 5_000 },
      { attempts: 2, status: "queued", runAt: 10_000 },
      { attempts: 3, status: "dead", runAt: 0 },
    ]);
    expect(row(id)).toMatchObject({ status: "dead", finishedAt: at, lockedBy: null });
    expect(claimNext(db, "w", at + 3600_000)).toBeNull();
  });

  it("a crashed worker's job is taken again when its lease expires, and the crashed worker cannot finish it", () => {
    const now = freshTime();
    drain(now);
    const org = makeOrg(db, "store");
    const id = enqueue(db, { orgId: org.id, kind: "k", runAt: now, maxAttempts: 2 }, PINNED_NOW);
    const crashed = claimNext(db, "crashed", now, 60_000)!;
    expect(claimNext(db, "rescuer", now + 59_999)).toBeNull();
    const rescued = claimNext(db, "rescuer", now + 60_000, 60_000)!;
    expect(rescued).toMatchObject({ id, attempts: 2, lockedBy: "rescuer" });
    expect(completeJob(db, crashed, now + 60_001)).toBe(false);
    expect(failJob(db, crashed, "late", now + 60_001)).toBeNull();
    // The rescuer crashes too: with its attempts used up the job is dead, not run a third time.
    expect(claimNext(db, "third", now + 200_000)).toBeNull();
    expect(row(id)).toMatchObject({ status: "dead", attempts: 2 });
    expect(row(id).lastError).toMatch(/lease expired \(worker rescuer stopped\)/);
  });
});

describe("operators", () => {
  /** The jobs page's person: the alliance's coordinator or the distributor's admin (job.retry). */
  function ctxOf(orgId: string): Ctx {
    const ctx = systemCtx(db, orgId, pinnedClock());
    const actor = { kind: "person" as const, id: "operator", name: "值班员", phone: "13900000000" };
    return { ...ctx, actor, role: ctx.org.kind === "alliance" ? "coordinator" : "admin" };
  }

  it("lists and retries only the organisation's own jobs", () => {
    const now = freshTime();
    drain(now);
    const a = makeOrg(db, "alliance");
    const b = makeOrg(db, "distributor");
    const aJob = enqueue(db, { orgId: a.id, kind: "campaign.close", runAt: now, maxAttempts: 1 }, PINNED_NOW);
    const bJob = enqueue(db, { orgId: b.id, kind: "payment.reconcile", runAt: now, maxAttempts: 1 }, PINNED_NOW);
    for (const w of ["w1", "w2"]) {
      const job = claimNext(db, w, now)!;
      failJob(db, job, new Error("supplier unreachable"), now);
    }
    expect(listJobs(ctxOf(a.id)).map((j) => j.id)).toEqual([aJob]);
    expect(listJobs(ctxOf(b.id), { status: "dead" }).map((j) => j.id)).toEqual([bJob]);
    expect(listJobs(ctxOf(b.id), { status: "queued" })).toEqual([]);
    expect(countJobs(ctxOf(a.id))).toEqual({ queued: 0, running: 0, done: 0, dead: 1 });
    // Another organisation's job id is not found, and stays dead.
    expect(() => retryJob(at(ctxOf(a.id), now), bJob)).toThrow(NotFound);
    expect(row(bJob).status).toBe("dead");

    expect(retryJob(at(ctxOf(a.id), now + 5), aJob)).toBe("queued");
    expect(row(aJob)).toMatchObject({ status: "queued", attempts: 0, runAt: now + 5, finishedAt: null });
    // A second press changes nothing.
    expect(retryJob(at(ctxOf(a.id), now + 9), aJob)).toBe("queued");
    expect(row(aJob).runAt).toBe(now + 5);
    const again = claimNext(db, "w", now + 5)!;
    expect(again).toMatchObject({ id: aJob, attempts: 1 });
    completeJob(db, again, now + 6);
    expect(() => retryJob(at(ctxOf(a.id), now + 7), aJob)).toThrow(Conflict);

    const stats = jobStats(db, { failedLimit: 100 });
    expect(stats.failed.map((j) => j.id)).toContain(bJob);
    expect(stats.failed.map((j) => j.id)).not.toContain(aJob);
    expect(stats.counts.find((c) => c.kind === "payment.reconcile" && c.status === "dead")?.n).toBeGreaterThanOrEqual(
      1,
    );
  });
});

describe("housekeeping", () => {
  it("prunes finished jobs a month old, but keeps keyed, dead and recent ones", () => {
    const own = createTestDb();
    try {
      const org = makeOrg(own.db, "alliance");
      const t = PINNED_NOW;
      const finish = (id: string, status: "done" | "dead", at: number) =>
        own.db.update(jobs).set({ status, finishedAt: at }).where(eq(jobs.id, id)).run();
      const old = enqueue(own.db, { orgId: org.id, kind: "k" }, PINNED_NOW);
      const oldKeyed = enqueue(own.db, { orgId: org.id, kind: "k", uniqueKey: "campaign.close:x" }, PINNED_NOW);
      const oldDead = enqueue(own.db, { orgId: org.id, kind: "k" }, PINNED_NOW);
      const recent = enqueue(own.db, { orgId: org.id, kind: "k" }, PINNED_NOW);
      const waiting = enqueue(own.db, { orgId: org.id, kind: "k", runAt: 0 }, PINNED_NOW);
      finish(old, "done", t - KEEP_FINISHED_MS - 1);
      finish(oldKeyed, "done", t - KEEP_FINISHED_MS - 1);
      finish(oldDead, "dead", t - KEEP_FINISHED_MS - 1);
      finish(recent, "done", t - KEEP_FINISHED_MS + 60_000);
      expect(pruneFinishedJobs(own.db, t)).toBe(1);
      expect(
        own.db
          .select({ id: jobs.id })
          .from(jobs)
          .all()
          .map((j) => j.id)
          .sort(),
      ).toEqual([oldKeyed, oldDead, recent, waiting].sort());
      // The key still refuses a second job for the same work.
      expect(enqueue(own.db, { orgId: org.id, kind: "k", uniqueKey: "campaign.close:x" }, PINNED_NOW)).toBe(oldKeyed);
    } finally {
      own.close();
    }
  });
});

describe("systemCtx", () => {
  it("acts for the organisation as the system actor, with no role, backed by a user row that cannot log in", async () => {
    for (const kind of ["store", "distributor", "alliance"] as const) {
      const org = makeOrg(db, kind);
      const ctx = systemCtx(db, org.id, pinnedClock());
      expect(ctx).toMatchObject({
        org: { id: org.id, kind, name: org.name },
        role: null,
        actor: { kind: "system", id: SYSTEM_USER.id, name: "村链系统" },
      });
    }
    const system = db.select().from(users).where(eq(users.id, SYSTEM_USER.id)).all();
    expect(system).toHaveLength(1);
    expect(logInSchema.safeParse({ phone: system[0].phone, password: "anything" }).success).toBe(false);
    expect(await verifyPassword("", system[0].passwordHash)).toBe(false);
    expect(await verifyPassword(SYSTEM_USER.passwordHash, system[0].passwordHash)).toBe(false);
    expect(() => systemCtx(db, "no-such-org", pinnedClock())).toThrow(NotFound);
  });

  it("survives a transaction that created it rolling back", () => {
    const own = createTestDb();
    try {
      const org = makeOrg(own.db, "store");
      expect(() =>
        inTransaction(own.db, () => {
          systemCtx(own.db, org.id, pinnedClock());
          throw new Error("rolled back");
        }),
      ).toThrow("rolled back");
      systemCtx(own.db, org.id, pinnedClock());
      expect(own.db.select().from(users).where(eq(users.id, SYSTEM_USER.id)).all()).toHaveLength(1);
    } finally {
      own.close();
    }
  });
});
