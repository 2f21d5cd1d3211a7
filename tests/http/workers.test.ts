import type { ChildProcess } from "node:child_process";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@db/client";
import { jobs, stockMovements } from "@db/schema";
import { claimNext, enqueue, failJob } from "~/domain/jobs/queue.internal.server";
import { getProduct } from "~/domain/inventory/get-product.server";
import { copyBaseDb } from "../support/db";
import { PINNED_NOW } from "../support/clock";
import { makeProduct, makeStore } from "../support/factories";
import { RECEIVE_KIND, type ReceivePayload } from "../support/job-worker";
import { spawnScript, waitFor } from "../support/processes";

/**
 * Worker processes over a real SQLite file: killed with SIGKILL in the middle of a job (the
 * runner's WORKER_CRASH_AT fault points) and started again, stopped with SIGTERM while a job runs,
 * and the production entry (workers/index.ts) itself.
 */

const children: ChildProcess[] = [];
const dbs: Db[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of dbs) d.$client.close();
});

function spawnWorker(script: string, dbFile: string, env: Record<string, string> = {}) {
  return spawnScript(children, script, dbFile, env);
}

async function setUp() {
  const dbFile = copyBaseDb();
  const db = openDatabase(dbFile);
  dbs.push(db);
  const { ctx, org } = await makeStore(db);
  const product = makeProduct(ctx);
  const job = (payload: Omit<ReceivePayload, "productId">) =>
    enqueue(db, { orgId: org.id, kind: RECEIVE_KIND, payload: { productId: product.id, ...payload } }, PINNED_NOW);
  const jobRow = (id: string) => db.select().from(jobs).where(eq(jobs.id, id)).get()!;
  const movements = () => db.select().from(stockMovements).where(eq(stockMovements.productId, product.id)).all();
  const onHand = () => getProduct(ctx, product.id).onHand;
  return { dbFile, db, job, jobRow, movements, onHand };
}

const TEST_WORKER = "tests/support/job-worker.ts";

describe("a worker killed mid-job", () => {
  for (const point of ["after-handler", "before-commit"] as const) {
    it(`SIGKILL ${point}: the restarted worker finishes the job, and its effect exists exactly once`, async () => {
      const s = await setUp();
      const id = s.job({ qty: 5 });
      // A short lease, so that the second worker may take the dead one's job within the test.
      const first = spawnWorker(TEST_WORKER, s.dbFile, { WORKER_CRASH_AT: point, WORKER_LEASE_MS: "1500" });
      const died = await first.exited;
      expect(died.signal).toBe("SIGKILL");
      expect(first.output()).toContain(`"point":"${point}"`);
      expect(s.jobRow(id)).toMatchObject({ status: "running", attempts: 1 });
      // after-handler: the receipt committed, the job was never marked done.
      // before-commit: the receipt's transaction died open, and SQLite rolled it back.
      expect(s.movements()).toHaveLength(point === "after-handler" ? 1 : 0);
      expect(s.onHand()).toBe(point === "after-handler" ? 5 : 0);

      const second = spawnWorker(TEST_WORKER, s.dbFile, { WORKER_LEASE_MS: "1500" });
      await waitFor(() => s.jobRow(id).status === "done", "the job to be done");
      expect(s.jobRow(id)).toMatchObject({ status: "done", attempts: 2 });
      expect(s.movements()).toHaveLength(1);
      expect(s.onHand()).toBe(5);
      second.child.kill("SIGTERM");
      expect(await second.exited).toEqual({ code: 0, signal: null });
    });
  }
});

describe("a worker stopped with SIGTERM", () => {
  it("finishes the job in hand before exiting", async () => {
    const s = await setUp();
    const id = s.job({ qty: 3, delayMs: 1_500 });
    const worker = spawnWorker(TEST_WORKER, s.dbFile);
    await waitFor(() => s.jobRow(id).status === "running", "the job to start");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(s.jobRow(id)).toMatchObject({ status: "done", attempts: 1 });
    expect(s.onHand()).toBe(3);
  });
});

describe("the production worker (npm run workers)", () => {
  it("migrates, takes jobs, fails an unknown kind with a clear error, and stops on SIGTERM", async () => {
    const s = await setUp();
    const store = await makeStore(s.db);
    const id = enqueue(s.db, { orgId: store.org.id, kind: "no.such.kind", maxAttempts: 1 }, PINNED_NOW);
    const worker = spawnWorker("workers/index.ts", s.dbFile, { WORKER_POLL_MS: "50" });
    await waitFor(() => s.jobRow(id).status === "dead", "the unknown job to be dead");
    expect(s.jobRow(id).lastError).toContain('no handler registered for job kind "no.such.kind"');
    worker.child.kill("SIGTERM");
    expect(await worker.exited, worker.output()).toEqual({ code: 0, signal: null });
    const lines = worker
      .output()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { event: string; id?: string });
    // Schedules of the production registry may run jobs of their own: look at this job and the lifecycle.
    const mine = lines.filter((l) => l.id === id || l.event.startsWith("worker."));
    expect(mine.map((l) => l.event)).toEqual([
      "worker.start",
      "job.start",
      "job.failed",
      "worker.signal",
      "worker.stop",
    ]);
  });
});

describe("the operator's CLI (npm run jobs)", () => {
  async function cli(dbFile: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
    const proc = spawnScript(children, ["workers/cli.ts", ...args], dbFile);
    const { code } = await proc.exited;
    return { code, out: proc.output() };
  }

  it("shows counts and the latest failure, and retries a dead job by id", async () => {
    const s = await setUp();
    const store = await makeStore(s.db);
    const id = enqueue(s.db, { orgId: store.org.id, kind: "payment.reconcile", maxAttempts: 1, runAt: 0 }, PINNED_NOW);
    failJob(s.db, claimNext(s.db, "w", PINNED_NOW)!, new Error("endpoint unreachable"), PINNED_NOW);

    const stats = await cli(s.dbFile);
    expect(stats.code).toBe(0);
    expect(stats.out).toMatch(/payment\.reconcile.*dead.*1/);
    expect(stats.out).toContain(`${id}  payment.reconcile  org ${store.org.id}  dead  attempt 1/1`);
    expect(stats.out).toContain("Error: endpoint unreachable");

    expect(await cli(s.dbFile, "retry", id)).toEqual({ code: 0, out: `${id}: queued\n` });
    expect(s.jobRow(id)).toMatchObject({ status: "queued", attempts: 0 });
    expect(await cli(s.dbFile, "retry", "no-such-job")).toEqual({ code: 1, out: "no-such-job: no such job\n" });
  });
});
