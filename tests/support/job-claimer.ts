/**
 * A separate OS process taking jobs from a shared SQLite file (run by tests/domain/job-queue.test.ts
 * with `node --import tsx`): it opens the file, prints `ready`, waits for a line on stdin, then
 * claims and completes jobs until none is due, and prints the ids it took as one line of JSON.
 * Several run at once to show that no job is ever taken twice.
 *
 * The start is a barrier, not a clock time: under load a process can take seconds to boot, and a
 * fixed start time let the first one drain every job before the others had loaded (CI, 2026-12-05).
 * Each job holds its worker for a moment, as real work does, so no single process can drain the
 * queue before the others are scheduled.
 *
 * Usage: node --import tsx tests/support/job-claimer.ts '<ClaimerJob JSON>'
 */
import { once } from "node:events";
import { pathToFileURL } from "node:url";
import { openDatabase } from "../../db/client";
import { claimNext, completeJob } from "../../app/domain/jobs/queue.internal.server";
import { PINNED_NOW } from "./clock";

export type ClaimerJob = { dbFile: string; workerId: string; workMs: number };
export type ClaimerReport = { workerId: string; claimed: string[]; completed: number };
export const READY = "ready";

const pause = new Int32Array(new SharedArrayBuffer(4));

async function run(job: ClaimerJob): Promise<ClaimerReport> {
  const db = openDatabase(job.dbFile);
  // Correctness under contention, not latency: wait rather than fail with "database is locked".
  db.$client.pragma("busy_timeout = 60000");
  process.stdout.write(`${READY}\n`);
  await once(process.stdin, "data");
  const report: ClaimerReport = { workerId: job.workerId, claimed: [], completed: 0 };
  for (;;) {
    const claimed = claimNext(db, job.workerId, PINNED_NOW);
    if (!claimed) break;
    report.claimed.push(claimed.id);
    Atomics.wait(pause, 0, 0, job.workMs);
    if (completeJob(db, claimed, PINNED_NOW)) report.completed++;
  }
  db.$client.close();
  process.stdin.destroy();
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const job = JSON.parse(process.argv[2] ?? "{}") as ClaimerJob;
  process.stdout.write(`${JSON.stringify(await run(job))}\n`);
}
