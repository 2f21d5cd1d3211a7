/**
 * `npm run jobs` — the operator's view of the queue, on the server, across organisations:
 *   npm run jobs                 counts by kind and status, and the latest failures
 *   npm run jobs -- failed 50    the latest 50 failed or dead jobs, with their errors
 *   npm run jobs -- retry <id>   put a dead job back in the queue with fresh attempts
 */
import { openDatabase } from "../db/client";
import { appClock } from "../app/config.server";
import { DomainError } from "../app/domain/errors";
import { jobStats, retryJobById, type JobRow } from "../app/domain/jobs/queue.internal.server";

const [command = "stats", arg] = process.argv.slice(2);
const db = openDatabase();
const time = (ms: number | null) =>
  ms === null ? "-" : new Date(ms).toISOString().replace("T", " ").slice(0, 19) + "Z";

function printFailed(rows: JobRow[]) {
  if (rows.length === 0) {
    console.log("no failed jobs");
    return;
  }
  for (const j of rows) {
    const next = j.status === "queued" ? `next try ${time(j.runAt)}` : `dead since ${time(j.finishedAt)}`;
    console.log(`${j.id}  ${j.kind}  org ${j.orgId}  ${j.status}  attempt ${j.attempts}/${j.maxAttempts}  ${next}`);
    console.log(`    ${(j.lastError ?? "").split("\n")[0]}`);
  }
}

try {
  if (command === "stats") {
    const { counts, failed } = jobStats(db, { failedLimit: 10 });
    if (counts.length === 0) console.log("the queue is empty");
    else console.table(counts.map((c) => ({ kind: c.kind, status: c.status, jobs: c.n })));
    console.log("\nlatest failures:");
    printFailed(failed);
  } else if (command === "failed") {
    printFailed(jobStats(db, { failedLimit: Number(arg ?? 20) || 20 }).failed);
  } else if (command === "retry" && arg) {
    console.log(`${arg}: ${retryJobById(db, arg, appClock.now())}`);
  } else {
    console.log("usage: npm run jobs [-- stats | failed [N] | retry <job id>]");
    process.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.log(error.status === 404 ? `${arg}: no such job` : `${arg}: ${error.key}`);
  process.exitCode = 1;
} finally {
  db.$client.close();
}
