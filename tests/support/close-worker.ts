/**
 * A separate OS process that closes one campaign on a shared SQLite file (run by
 * tests/domain/close-campaign.test.ts with `node --import tsx`, several at once): it waits for a
 * common start instant, closes, and prints the close's result as one line of JSON.
 *
 * Usage: node --import tsx tests/support/close-worker.ts '<CloseJob JSON>'
 */
import { pathToFileURL } from "node:url";
import { openDatabase } from "../../db/client";
import { closeCampaign } from "../../app/domain/alliances/close-campaign.server";
import { systemCtx } from "../../app/domain/jobs/system-context.server";

export type CloseJob = { dbFile: string; orgId: string; campaignId: string; now: number; startAt: number };

async function run(job: CloseJob) {
  const db = openDatabase(job.dbFile);
  const ctx = systemCtx(db, job.orgId);
  while (Date.now() < job.startAt) await new Promise((r) => setTimeout(r, 1));
  const result = closeCampaign(ctx, job.campaignId, job.now);
  db.$client.close();
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const job = JSON.parse(process.argv[2] ?? "{}") as CloseJob;
  process.stdout.write(`${JSON.stringify(await run(job))}\n`);
}
