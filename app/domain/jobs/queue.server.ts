import { and, desc, eq, sql } from "drizzle-orm";
import { jobs } from "@db/schema";
import type { JobStatus } from "@db/schema/alliance-enums";
import { inTransaction, type Ctx } from "../context.server";
import { requirePermission } from "../permission-check.server";
import { requeue, rowColumns, type JobRow } from "./queue.internal.server";

// An organisation's view of the job queue (decision 022): every function here is scoped by
// ctx.org.id. Claiming, finishing and the operator's cross-organisation tools are internal.
export { enqueue, type JobRow, type NewJob } from "./queue.internal.server";

export type JobFilters = { status?: JobStatus; kind?: string; limit?: number };

/** The organisation's own jobs, newest first (the operator page). */
export function listJobs(ctx: Ctx, filters: JobFilters = {}): JobRow[] {
  const conditions = [eq(jobs.orgId, ctx.org.id)];
  if (filters.status) conditions.push(eq(jobs.status, filters.status));
  if (filters.kind) conditions.push(eq(jobs.kind, filters.kind));
  return ctx.db
    .select(rowColumns)
    .from(jobs)
    .where(and(...conditions))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(Math.min(Math.max(filters.limit ?? 100, 1), 500))
    .all();
}

/** Counts per organisation's job status, for the page's summary line. */
export function countJobs(ctx: Ctx): Record<JobStatus, number> {
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, dead: 0 };
  const rows = ctx.db
    .select({ status: jobs.status, n: sql<number>`count(*)` })
    .from(jobs)
    .where(eq(jobs.orgId, ctx.org.id))
    .groupBy(jobs.status)
    .all();
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/**
 * A dead job back to the queue with fresh attempts. Pressing retry twice is harmless: a job that
 * is already queued or running again is left as it is. A finished job is not run twice.
 */
export function retryJob(ctx: Ctx, jobId: string): JobStatus {
  requirePermission(ctx, "job.retry");
  return inTransaction(ctx.db, (tx) =>
    requeue(tx, and(eq(jobs.id, jobId), eq(jobs.orgId, ctx.org.id))!, ctx.clock.now()),
  );
}
