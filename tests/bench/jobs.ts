/**
 * The job queue on a real SQLite file (WAL, the app's pragmas), with 100,000 finished jobs of
 * history in the table: enqueue cost, claim + complete cost in one process, the runner's
 * throughput with a no-op handler, four processes draining one queue, and the claim's query plan.
 *
 * Usage: node --import tsx tests/bench/jobs.ts   (prints one JSON object)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { organisations } from "../../db/schema";
import { inTransaction } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { claimNext, completeJob, enqueue } from "../../app/domain/jobs/queue.internal.server";
import { runOnce } from "../../workers/runner";
import type { ClaimerReport } from "../support/job-claimer";
import { ROOT, TEST_OUTPUT } from "../support/paths";
import { median } from "./stats";

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const us = (ms: number) => Math.round(ms * 1000);

async function main() {
  fs.mkdirSync(path.join(TEST_OUTPUT, "bench"), { recursive: true });
  const file = path.join(TEST_OUTPUT, "bench", `jobs-${process.pid}.sqlite`);
  const db = openDatabase(file);
  migrateDatabase(db);
  const orgId = newId();
  db.insert(organisations).values({ id: orgId, kind: "alliance", name: "基准联盟", createdAt: Date.now() }).run();
  const now = Date.now();

  // History: 100,000 finished jobs, as months of a busy county would leave.
  inTransaction(db, (tx) => {
    for (let i = 0; i < 100_000; i++)
      enqueue(tx, { orgId, kind: "campaign.close", uniqueKey: `history:${i}`, runAt: now - 86_400_000 }, now);
  });
  db.run(sql`update jobs set status = 'done', attempts = 1, finished_at = run_at`);

  // Enqueue, each in its own transaction (as a use case does), with a unique key.
  const enqueueTimes: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const t = performance.now();
    inTransaction(db, (tx) =>
      enqueue(tx, { orgId, kind: "bench", uniqueKey: `single:${i}`, runAt: now - 1_000, payload: { i } }, now),
    );
    enqueueTimes.push(performance.now() - t);
  }
  // The same key again: the idempotent path.
  const repeatTimes: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const t = performance.now();
    inTransaction(db, (tx) => enqueue(tx, { orgId, kind: "bench", uniqueKey: `single:${i}`, runAt: now - 1_000 }, now));
    repeatTimes.push(performance.now() - t);
  }

  // Claim and complete, one process.
  const claimTimes: number[] = [];
  const completeTimes: number[] = [];
  for (;;) {
    const t = performance.now();
    const job = claimNext(db, "bench", now);
    if (!job) break;
    claimTimes.push(performance.now() - t);
    const t2 = performance.now();
    completeJob(db, job, now);
    completeTimes.push(performance.now() - t2);
  }

  // The runner (claim, run a no-op handler, complete) in process.
  inTransaction(db, (tx) => {
    for (let i = 0; i < 2_000; i++) enqueue(tx, { orgId, kind: "noop", runAt: now - 1_000 }, now);
  });
  const runnerStart = performance.now();
  let ran = 0;
  while (await runOnce(db, { noop: () => {} }, "bench-runner", { now: () => now })) ran++;
  const runnerMs = performance.now() - runnerStart;

  const plan = [
    `select * from jobs where status = 'running' and locked_until <= ? limit 1`,
    `select * from jobs where status = 'queued' and run_at <= ? order by run_at limit 1`,
  ].flatMap((q) =>
    db.$client
      .prepare(`explain query plan ${q}`)
      .all(now)
      .map((r) => (r as { detail: string }).detail),
  );

  // A backlog: 20,000 jobs due at once (a county's campaigns closing at the same minute, and more).
  inTransaction(db, (tx) => {
    for (let i = 0; i < 20_000; i++) enqueue(tx, { orgId, kind: "backlog", runAt: now - 1_000 - i }, now);
  });
  const backlogTimes: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    const job = claimNext(db, "bench", now)!;
    backlogTimes.push(performance.now() - t);
    completeJob(db, job, now);
  }
  db.run(sql`update jobs set status = 'done' where kind = 'backlog'`);

  // Four processes draining 8,000 jobs together.
  inTransaction(db, (tx) => {
    for (let i = 0; i < 8_000; i++) enqueue(tx, { orgId, kind: "drain", runAt: 0 }, now);
  });
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  const startAt = Date.now() + 2_000;
  const reports = await Promise.all([1, 2, 3, 4].map((n) => claimer({ dbFile: file, workerId: `p${n}`, startAt })));
  const drainMs = Math.max(...reports.map((r) => r.finishedAt)) - startAt;
  const claimed = reports.flatMap((r) => r.report.claimed);

  db.$client.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const result = {
    historyJobs: 100_000,
    enqueueOwnTxMedianUs: us(median(enqueueTimes)),
    enqueueOwnTxP95Us: us(p95(enqueueTimes)),
    enqueueSameKeyMedianUs: us(median(repeatTimes)),
    claimMedianUs: us(median(claimTimes)),
    claimWith20kBacklogMedianUs: us(median(backlogTimes)),
    claimP95Us: us(p95(claimTimes)),
    completeMedianUs: us(median(completeTimes)),
    runnerNoopJobsPerSecond: Math.round((ran / runnerMs) * 1000),
    fourProcesses: {
      jobs: 8_000,
      claimedOnce: new Set(claimed).size === claimed.length && claimed.length === 8_000,
      perProcess: reports.map((r) => r.report.claimed.length),
      jobsPerSecond: Math.round((8_000 / drainMs) * 1000),
    },
    claimQueryPlan: plan,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

function claimer(job: {
  dbFile: string;
  workerId: string;
  startAt: number;
}): Promise<{ report: ClaimerReport; finishedAt: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "tests/support/job-claimer.ts"), JSON.stringify(job)],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) =>
      code === 0
        ? resolve({ report: JSON.parse(out.trim()) as ClaimerReport, finishedAt: Date.now() })
        : reject(new Error(`claimer exited ${code}`)),
    );
  });
}

await main();
