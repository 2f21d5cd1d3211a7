import type { Db } from "../db/client";
import type { RunnerLog } from "./runner";
import { pruneFinishedJobs } from "../app/domain/jobs/queue.internal.server";
import { snapshotIfDue } from "./jobs/backup-snapshot";
import { enqueueDueCampaignCloses } from "./jobs/close-campaign";
import { enqueueCountyJobs } from "../app/domain/county/schedule.server";
import { enqueueLegacySettlement } from "../app/domain/payments/legacy-settle.server";
import { enqueuePaymentReconciliation } from "./jobs/payment-reconcile";

/**
 * Periodic enqueuers, run by every worker process on their interval (and once at start-up).
 * Several workers may run the same schedule at the same moment, so a schedule only enqueues,
 * with a `uniqueKey` that names the work (`campaign.close:<id>`): the second enqueue is a no-op.
 * The work itself happens in a job, where it is retried and visible to operators. (Pruning
 * finished jobs is the exception: one idempotent DELETE, harmless when two workers run it.)
 */
// `log` is the worker's structured log (one JSON line per event on stdout): a schedule reports
// through it, never with console.log, so the worker's output stays machine-readable.
export type Schedule = { name: string; everyMs: number; run: (db: Db, now: number, log: RunnerLog) => void };

// Add a schedule with one line here.
export const schedules: Schedule[] = [
  { name: "campaign.close.due", everyMs: 60_000, run: enqueueDueCampaignCloses },
  { name: "payment.reconcile", everyMs: 5 * 60_000, run: enqueuePaymentReconciliation },
  { name: "payment.legacy", everyMs: 3_600_000, run: (db, now) => void enqueueLegacySettlement(db, now) },
  { name: "jobs.prune", everyMs: 3_600_000, run: (db, now) => void pruneFinishedJobs(db, now) },
  // Tonight's staple stock position and last month's close, per county with a bureau.
  { name: "county.jobs", everyMs: 3_600_000, run: (db, now) => void enqueueCountyJobs(db, now) },
  // The machine's hourly snapshot (and its retention); a no-op when this hour already has one.
  {
    name: "backup.snapshot",
    everyMs: Number(process.env.BACKUP_SNAPSHOT_CHECK_MS ?? 5 * 60_000),
    run: snapshotIfDue,
  },
];
