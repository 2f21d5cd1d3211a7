/**
 * A separate OS process that closes one campaign on a shared SQLite file (run by
 * tests/domain/close-campaign.test.ts with `node --import tsx`, several at once): it waits for a
 * common start instant, closes, and prints the close's result as one line of JSON.
 *
 * Usage: node --import tsx tests/support/close-worker.ts '<CloseJob JSON>'
 */
import { pathToFileURL } from "node:url";
import { openDatabase, type Db } from "../../db/client";
import { closeCampaign } from "../../app/domain/alliances/close-campaign.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";
import { fixedClock } from "../../app/domain/dates";

export type CloseJob = {
  dbFile: string;
  orgId: string;
  campaignId: string;
  /** The close's "now": the worker's clock is pinned there. */
  now: number;
  /** A wall-clock instant every worker waits for, so that they start together. */
  startAt: number;
  /**
   * Stop inside the close's transaction, after every write and before COMMIT: print IN_TX and
   * hang, so the test can kill -9 the process at the worst moment.
   */
  hangBeforeCommit?: boolean;
};

/** The database with its `transaction` wrapped so the callback's writes are made and then the process hangs. */
function hangingBeforeCommit(db: Db): Db {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "transaction") {
        return (fn: (tx: unknown) => unknown, options: unknown) =>
          (target.transaction as (f: (tx: unknown) => unknown, o: unknown) => unknown)((tx) => {
            const result = fn(tx);
            process.stdout.write("IN_TX\n");
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
            return result;
          }, options);
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

async function run(job: CloseJob) {
  const opened = openDatabase(job.dbFile);
  const db = job.hangBeforeCommit ? hangingBeforeCommit(opened) : opened;
  const ctx = systemCtx(db, job.orgId, fixedClock(job.now));
  while (Date.now() < job.startAt) await new Promise((r) => setTimeout(r, 1));
  const result = closeCampaign(ctx, job.campaignId);
  opened.$client.close();
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const job = JSON.parse(process.argv[2] ?? "{}") as CloseJob;
  process.stdout.write(`${JSON.stringify(await run(job))}\n`);
}
