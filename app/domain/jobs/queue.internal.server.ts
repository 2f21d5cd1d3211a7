import { and, desc, eq, inArray, isNotNull, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "@db/client";
import { jobs } from "@db/schema";
import type { JobStatus } from "@db/schema/alliance-enums";
import { inTransaction, type WriteTx } from "../context.server";
import { Conflict, NotFound } from "../errors";
import { newId } from "../ids.server";

/**
 * The durable job queue: rows of `jobs` in the app's SQLite file (decision 022). This module
 * works on jobs of every organisation (the worker claims whatever is due; the operator's CLI
 * names any job): it is internal, for the domain and the worker process only. Pages use
 * queue.server.ts, which scopes every job by the caller's organisation. Delivery is
 * at least once: a job is claimed under a lease, and a worker that dies holding it loses it when
 * the lease runs out. Handlers are therefore idempotent; `uniqueKey` makes enqueueing idempotent.
 */

export type NewJob = {
  orgId: string;
  kind: string;
  payload?: unknown;
  /** At most one job ever exists per key (done or not): enqueueing it again returns the first id. */
  uniqueKey?: string;
  runAt?: number;
  maxAttempts?: number;
};

export type ClaimedJob = {
  id: string;
  orgId: string;
  kind: string;
  payload: unknown;
  /** Including this one. */
  attempts: number;
  maxAttempts: number;
  lockedBy: string;
  lockedUntil: number;
};

export const DEFAULT_LEASE_MS = 60_000;
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 10 * 60_000;
const MAX_ERROR_LENGTH = 2_000;

/**
 * Inserts a job unless its unique key is taken; returns the job's id either way. Pass the caller's
 * transaction so that the job commits (or rolls back) with the business write that needs it.
 */
export function enqueue(tx: WriteTx | Db, job: NewJob, now: number): string {
  const id = newId();
  const writer = tx as WriteTx;
  writer
    .insert(jobs)
    .values({
      id,
      orgId: job.orgId,
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      uniqueKey: job.uniqueKey ?? null,
      status: "queued",
      runAt: job.runAt ?? now,
      maxAttempts: job.maxAttempts ?? 8,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: jobs.uniqueKey })
    .run();
  if (job.uniqueKey === undefined) return id;
  const existing = writer.select({ id: jobs.id }).from(jobs).where(eq(jobs.uniqueKey, job.uniqueKey)).get();
  return existing?.id ?? id;
}

/**
 * Takes the next due job for `workerId`, atomically (BEGIN IMMEDIATE: two workers, even in two
 * processes, cannot take the same one). Due means queued with run_at ≤ now, or running with an
 * expired lease (its worker crashed or hung). A crashed job that already used all its attempts
 * is not run again: it becomes dead, so one job that kills its worker cannot kill every worker.
 */
export function claimNext(db: Db, workerId: string, now: number, leaseMs = DEFAULT_LEASE_MS): ClaimedJob | null {
  return inTransaction(db, (tx) => {
    for (;;) {
      // Two indexed look-ups rather than one OR: the OR made SQLite gather every due job and sort
      // them, so a claim slowed down with the backlog. Expired leases first: few, and oldest.
      const row =
        tx
          .select()
          .from(jobs)
          .where(and(eq(jobs.status, "running"), lte(jobs.lockedUntil, now)))
          .limit(1)
          .get() ??
        tx
          .select()
          .from(jobs)
          .where(and(eq(jobs.status, "queued"), lte(jobs.runAt, now)))
          .orderBy(jobs.runAt)
          .limit(1)
          .get();
      if (!row) return null;
      if (row.status === "running" && row.attempts >= row.maxAttempts) {
        tx.update(jobs)
          .set({
            status: "dead",
            lockedBy: null,
            lockedUntil: null,
            lastError: truncate(
              `lease expired (worker ${row.lockedBy ?? "?"} stopped) after attempt ${row.attempts}; ${row.lastError ?? ""}`.trim(),
            ),
            updatedAt: now,
            finishedAt: now,
          })
          .where(eq(jobs.id, row.id))
          .run();
        continue;
      }
      const attempts = row.attempts + 1;
      const lockedUntil = now + leaseMs;
      tx.update(jobs)
        .set({ status: "running", attempts, lockedBy: workerId, lockedUntil, updatedAt: now })
        .where(eq(jobs.id, row.id))
        .run();
      return {
        id: row.id,
        orgId: row.orgId,
        kind: row.kind,
        payload: parsePayload(row.payload),
        attempts,
        maxAttempts: row.maxAttempts,
        lockedBy: workerId,
        lockedUntil,
      };
    }
  });
}

/** Only the worker still holding the lease may finish a job; returns whether it did. */
function heldBy(job: Pick<ClaimedJob, "id" | "lockedBy">) {
  return and(eq(jobs.id, job.id), eq(jobs.status, "running"), eq(jobs.lockedBy, job.lockedBy));
}

export function completeJob(db: Db, job: Pick<ClaimedJob, "id" | "lockedBy">, now: number): boolean {
  const result = db
    .update(jobs)
    .set({ status: "done", lockedBy: null, lockedUntil: null, updatedAt: now, finishedAt: now })
    .where(heldBy(job))
    .run();
  return result.changes === 1;
}

/**
 * Exponential backoff with "equal jitter": half of 2^attempts × 5 s is fixed, the other half
 * random, capped at 10 minutes. Jitter spreads retries of many jobs that failed together
 * (a payment endpoint that was down) instead of sending them back all at once.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts));
  const half = Math.floor(ceiling / 2);
  return half + Math.floor(random() * (ceiling - half));
}

/** Back to the queue after a backoff, or dead once the attempts are used up. Returns the new status, or null if the lease was lost. */
export function failJob(
  db: Db,
  job: Pick<ClaimedJob, "id" | "lockedBy" | "attempts" | "maxAttempts">,
  error: unknown,
  now: number,
  random: () => number = Math.random,
): "queued" | "dead" | null {
  const lastError = truncate(errorText(error));
  const dead = job.attempts >= job.maxAttempts;
  const result = db
    .update(jobs)
    .set(
      dead
        ? { status: "dead", lockedBy: null, lockedUntil: null, lastError, updatedAt: now, finishedAt: now }
        : {
            status: "queued",
            lockedBy: null,
            lockedUntil: null,
            lastError,
            runAt: now + backoffMs(job.attempts, random),
            updatedAt: now,
          },
    )
    .where(heldBy(job))
    .run();
  if (result.changes !== 1) return null;
  return dead ? "dead" : "queued";
}

export type JobRow = {
  id: string;
  orgId: string;
  kind: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lockedBy: string | null;
  lockedUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
};

export const rowColumns = {
  id: jobs.id,
  orgId: jobs.orgId,
  kind: jobs.kind,
  status: jobs.status,
  attempts: jobs.attempts,
  maxAttempts: jobs.maxAttempts,
  runAt: jobs.runAt,
  lockedBy: jobs.lockedBy,
  lockedUntil: jobs.lockedUntil,
  lastError: jobs.lastError,
  createdAt: jobs.createdAt,
  updatedAt: jobs.updatedAt,
  finishedAt: jobs.finishedAt,
};

export type JobStats = {
  counts: { kind: string; status: JobStatus; n: number }[];
  /** Jobs that failed at least once (dead, or waiting to retry), most recent first. */
  failed: JobRow[];
};

/** Across every organisation: for the operator's CLI on the server, never for a page. */
export function jobStats(db: Db, { failedLimit = 10 }: { failedLimit?: number } = {}): JobStats {
  const counts = db
    .select({ kind: jobs.kind, status: jobs.status, n: sql<number>`count(*)` })
    .from(jobs)
    .groupBy(jobs.kind, jobs.status)
    .orderBy(jobs.kind, jobs.status)
    .all();
  const failed = db
    .select(rowColumns)
    .from(jobs)
    .where(and(isNotNull(jobs.lastError), inArray(jobs.status, ["dead", "queued"])))
    .orderBy(desc(jobs.updatedAt))
    .limit(failedLimit)
    .all();
  return { counts, failed };
}

/** The CLI's retry: the operator on the server names a job of any organisation. */
export function retryJobById(db: Db, jobId: string, now: number): JobStatus {
  return inTransaction(db, (tx) => requeue(tx, eq(jobs.id, jobId), now));
}

/** Back to the queue with fresh attempts, when dead; `where` picks the job (the caller scopes it). */
export function requeue(tx: WriteTx, where: SQL, now: number): JobStatus {
  const row = tx.select({ id: jobs.id, status: jobs.status }).from(jobs).where(where).get();
  if (!row) throw new NotFound();
  if (row.status === "done") throw new Conflict("jobs.error.alreadyDone");
  if (row.status !== "dead") return row.status;
  tx.update(jobs)
    .set({
      status: "queued",
      attempts: 0,
      runAt: now,
      finishedAt: null,
      lockedBy: null,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(eq(jobs.id, row.id))
    .run();
  return "queued";
}

export const KEEP_FINISHED_MS = 30 * 86_400_000;

/**
 * Housekeeping: finished jobs without a unique key, a month after they finished. Jobs with a key
 * stay: the key is what refuses a second close of the same campaign. Dead jobs stay for the
 * operator. Returns how many rows went.
 */
export function pruneFinishedJobs(db: Db, now: number, keepMs = KEEP_FINISHED_MS): number {
  return db
    .delete(jobs)
    .where(and(eq(jobs.status, "done"), isNull(jobs.uniqueKey), lt(jobs.finishedAt, now - keepMs)))
    .run().changes;
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
