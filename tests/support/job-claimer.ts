/**
 * A separate OS process taking jobs from a shared SQLite file (run by tests/domain/job-queue.test.ts
 * with `node --import tsx`): it claims and completes jobs until none is due, then prints the ids it
 * took as one line of JSON. Several run at once to show that no job is ever taken twice.
 *
 * Usage: node --import tsx tests/support/job-claimer.ts '<ClaimerJob JSON>'
 */
import { pathToFileURL } from "node:url";
import { openDatabase } from "../../db/client";
import { claimNext, completeJob } from "../../app/domain/jobs/queue.internal.server";
import { PINNED_NOW } from "./clock";

export type ClaimerJob = { dbFile: string; workerId: string; startAt: number };
export type ClaimerReport = { workerId: string; claimed: string[]; completed: number };

function run(job: ClaimerJob): ClaimerReport {
  const db = openDatabase(job.dbFile);
  // Correctness under contention, not latency: wait rather than fail with "database is locked".
  db.$client.pragma("busy_timeout = 60000");
  const sleepMs = job.startAt - Date.now();
  if (sleepMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleepMs);
  const report: ClaimerReport = { workerId: job.workerId, claimed: [], completed: 0 };
  for (;;) {
    const claimed = claimNext(db, job.workerId, PINNED_NOW);
    if (!claimed) break;
    report.claimed.push(claimed.id);
    if (completeJob(db, claimed, PINNED_NOW)) report.completed++;
  }
  db.$client.close();
  return report;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const job = JSON.parse(process.argv[2] ?? "{}") as ClaimerJob;
  process.stdout.write(`${JSON.stringify(run(job))}\n`);
}
