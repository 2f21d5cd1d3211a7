import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { jobs, stockMovements } from "@db/schema";
import { enqueue } from "~/domain/jobs/queue.server";
import { getProduct } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import type { JobHandler } from "../../workers/registry";
import { runOnce, startRunner } from "../../workers/runner";
import type { Schedule } from "../../workers/schedules";
import { createTestDb } from "../support/db";
import { firstMemberCtx, makeProduct, makeStore } from "../support/factories";
import { waitFor } from "../support/processes";
import { PINNED_NOW } from "../support/clock";

// One database per test: the runner takes whatever is due, so tests must not share a queue.
const opened: ReturnType<typeof createTestDb>[] = [];
function fresh() {
  const t = createTestDb();
  opened.push(t);
  return t.db;
}
afterAll(() => opened.forEach((t) => t.close()));

/** A real, idempotent handler: a stock receipt keyed by the job id, through the domain use case, for the owner. */
const receive: JobHandler = (job, env) => {
  const { productId, qty } = job.payload as { productId: string; qty: number };
  receiveStock(firstMemberCtx(env.db, job.orgId, { now: env.now }), productId, {
    requestId: `job-${job.id}`,
    qty,
    unit: "base",
    costFen: 100,
    batchNo: "",
    expiryDate: "",
  });
};

describe("runOnce", () => {
  it("runs a due job's handler with its payload and marks it done; null when nothing is due", async () => {
    const db = fresh();
    const { ctx, org } = await makeStore(db);
    const product = makeProduct(ctx);
    const seen: unknown[] = [];
    const id = enqueue(
      db,
      { orgId: org.id, kind: "stock.receive", payload: { productId: product.id, qty: 7 } },
      PINNED_NOW,
    );
    const result = await runOnce(db, { "stock.receive": (job, env) => (seen.push(job), receive(job, env)) }, "w1", {
      now: () => PINNED_NOW,
    });
    expect(result).toEqual({ jobId: id, kind: "stock.receive", attempts: 1, outcome: "done" });
    expect(seen).toEqual([
      { id, orgId: org.id, kind: "stock.receive", payload: { productId: product.id, qty: 7 }, attempts: 1 },
    ]);
    expect(getProduct(ctx, product.id).onHand).toBe(7);
    expect(db.select().from(jobs).where(eq(jobs.id, id)).get()).toMatchObject({ status: "done", lockedBy: null });
    expect(await runOnce(db, { "stock.receive": receive }, "w1", { now: () => PINNED_NOW })).toBeNull();
  });

  it("a throwing handler fails the attempt with its error, and the job is retried after the backoff", async () => {
    const db = fresh();
    const { org } = await makeStore(db);
    let calls = 0;
    const flaky: JobHandler = () => {
      calls++;
      if (calls === 1) throw new Error("supplier endpoint unreachable");
    };
    const t = PINNED_NOW;
    const id = enqueue(db, { orgId: org.id, kind: "flaky", runAt: t }, PINNED_NOW);
    const first = await runOnce(db, { flaky }, "w", { now: () => t });
    expect(first).toMatchObject({
      jobId: id,
      outcome: "queued",
      attempts: 1,
      error: "Error: supplier endpoint unreachable",
    });
    const row = db.select().from(jobs).where(eq(jobs.id, id)).get()!;
    expect(row.lastError).toContain("supplier endpoint unreachable");
    expect(row.runAt - t).toBeGreaterThanOrEqual(5_000);
    expect(row.runAt - t).toBeLessThan(10_000);
    expect(await runOnce(db, { flaky }, "w", { now: () => row.runAt - 1 })).toBeNull();
    expect(await runOnce(db, { flaky }, "w", { now: () => row.runAt })).toMatchObject({ outcome: "done", attempts: 2 });
    expect(calls).toBe(2);
  });

  it("an unknown kind fails with a clear error and is dead after its attempts", async () => {
    const db = fresh();
    const { org } = await makeStore(db);
    const id = enqueue(db, { orgId: org.id, kind: "no.such.kind", maxAttempts: 2 }, PINNED_NOW);
    let t = PINNED_NOW;
    const first = await runOnce(db, {}, "w", { now: () => t });
    expect(first).toMatchObject({
      outcome: "queued",
      error: expect.stringContaining('no handler registered for job kind "no.such.kind"'),
    });
    t = db.select().from(jobs).where(eq(jobs.id, id)).get()!.runAt;
    expect(await runOnce(db, {}, "w", { now: () => t })).toMatchObject({ outcome: "dead", attempts: 2 });
    // Inherited object keys are not handlers.
    enqueue(db, { orgId: org.id, kind: "toString", maxAttempts: 1 }, PINNED_NOW);
    expect(await runOnce(db, {}, "w", { now: () => t })).toMatchObject({ kind: "toString", outcome: "dead" });
  });

  it("an async handler that hangs fails its attempt at the timeout", async () => {
    const db = fresh();
    const { org } = await makeStore(db);
    enqueue(db, { orgId: org.id, kind: "hang" }, PINNED_NOW);
    const result = await runOnce(db, { hang: () => new Promise<void>(() => {}) }, "w", {
      timeoutMs: 50,
      now: () => PINNED_NOW,
    });
    expect(result).toMatchObject({ outcome: "queued", error: "JobTimeout: handler did not finish within 50 ms" });
  });

  it("a handler re-run after its effects committed (a crash before completing) writes nothing twice", async () => {
    const db = fresh();
    const { ctx, org } = await makeStore(db);
    const product = makeProduct(ctx);
    const id = enqueue(
      db,
      { orgId: org.id, kind: "stock.receive", payload: { productId: product.id, qty: 5 } },
      PINNED_NOW,
    );
    // The first worker ran the handler and died before completeJob: its lease runs out.
    const t = PINNED_NOW;
    let ran = 0;
    const crashing: JobHandler = (job, env) => {
      receive(job, env);
      ran++;
      throw new Error("simulated crash after the handler's commit");
    };
    await runOnce(db, { "stock.receive": crashing }, "first", { now: () => t });
    const retryAt = db.select().from(jobs).where(eq(jobs.id, id)).get()!.runAt;
    expect(await runOnce(db, { "stock.receive": receive }, "second", { now: () => retryAt })).toMatchObject({
      outcome: "done",
      attempts: 2,
    });
    expect(ran).toBe(1);
    expect(getProduct(ctx, product.id).onHand).toBe(5);
    expect(db.select().from(stockMovements).where(eq(stockMovements.productId, product.id)).all()).toHaveLength(1);
  });
});

describe("startRunner", () => {
  it("drains the queue, runs schedules on their interval, and stops after the job in hand", async () => {
    const db = fresh();
    const { ctx, org } = await makeStore(db);
    const product = makeProduct(ctx);
    // A minute past the pinned now: the jobs enqueued at PINNED_NOW are due.
    let clock = PINNED_NOW + 60_000;
    let scheduleRuns = 0;
    const schedules: Schedule[] = [
      {
        name: "receive-one",
        everyMs: 60_000,
        run: (d, now) => {
          scheduleRuns++;
          enqueue(
            d,
            {
              orgId: org.id,
              kind: "stock.receive",
              payload: { productId: product.id, qty: 1 },
              uniqueKey: `tick:${Math.floor(now / 60_000)}`,
              runAt: now,
            },
            now,
          );
        },
      },
    ];
    let release: () => void = () => {};
    const slowStarted = new Promise<void>((resolve) => (release = resolve));
    let slowFinished = false;
    const handlers: Record<string, JobHandler> = {
      "stock.receive": receive,
      slow: async () => {
        release();
        await new Promise((r) => setTimeout(r, 200));
        slowFinished = true;
      },
    };
    for (let i = 0; i < 3; i++)
      enqueue(db, { orgId: org.id, kind: "stock.receive", payload: { productId: product.id, qty: 10 } }, PINNED_NOW);
    const events: string[] = [];
    const runner = startRunner({ db, handlers, schedules, pollMs: 10, now: () => clock, log: (e) => events.push(e) });
    await waitFor(() => getProduct(ctx, product.id).onHand === 31, "the three jobs and the schedule's first", 5_000);
    expect(scheduleRuns).toBe(1);
    // The interval passes: the schedule runs again, and enqueues the next tick's job.
    clock += 60_000;
    await waitFor(() => getProduct(ctx, product.id).onHand === 32, "the schedule's second job", 5_000);
    expect(scheduleRuns).toBe(2);

    enqueue(db, { orgId: org.id, kind: "slow", runAt: clock }, clock);
    await slowStarted;
    await runner.stop();
    expect(slowFinished).toBe(true);
    expect(db.select().from(jobs).where(eq(jobs.kind, "slow")).get()!.status).toBe("done");
    expect(events.at(-1)).toBe("worker.stop");
    expect(runner.workerId).toMatch(/^.+:\d+:[0-9a-f]{6}$/);
  });
});
