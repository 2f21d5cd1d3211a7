import { z } from "zod";
import { JOB_STATUSES, type JobStatus } from "@db/schema/alliance-enums";
import type { Ctx } from "../context.server";
import { countJobs, listJobs } from "./queue.server";

export const jobsQuerySchema = z.object({ status: z.enum(JOB_STATUSES).optional().catch(undefined) });

export const retryJobSchema = z.object({ jobId: z.string({ error: "validation.required" }).trim().min(1).max(64) });

export type JobsScreen = {
  status: JobStatus | null;
  counts: Record<JobStatus, number>;
  jobs: {
    id: string;
    kind: string;
    status: JobStatus;
    attempts: number;
    maxAttempts: number;
    /** When it runs next (queued). */
    runAt: number;
    /** Until when its worker holds it (running). */
    lockedUntil: number | null;
    finishedAt: number | null;
    createdAt: number;
    /** The first line only: an organisation's staff see what went wrong, not the server's stack. */
    error: string | null;
  }[];
};

/** The operator page of an organisation: its own jobs, newest first, optionally of one status. */
export function jobsScreen(ctx: Ctx, query: { status?: JobStatus }): JobsScreen {
  const rows = listJobs(ctx, { status: query.status, limit: 200 });
  return {
    status: query.status ?? null,
    counts: countJobs(ctx),
    jobs: rows.map((j) => ({
      id: j.id,
      kind: j.kind,
      status: j.status,
      attempts: j.attempts,
      maxAttempts: j.maxAttempts,
      runAt: j.runAt,
      lockedUntil: j.lockedUntil,
      finishedAt: j.finishedAt,
      createdAt: j.createdAt,
      error: j.lastError ? j.lastError.split("\n")[0].slice(0, 300) : null,
    })),
  };
}
