import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Db } from "../db/client";
import { appClock } from "../app/config.server";
import {
  claimNext,
  completeJob,
  DEFAULT_LEASE_MS,
  failJob,
  type ClaimedJob,
} from "../app/domain/jobs/queue.internal.server";
import type { JobHandler } from "./registry";
import type { Schedule } from "./schedules";

export type RunnerLog = (event: string, fields?: Record<string, unknown>) => void;

export type RunOptions = {
  /** "Now" for the queue and the handlers; the app's clock (CLOCK_START or the wall clock) by default. */
  now?: () => number;
  /** How long a claim lasts. Longer than `timeoutMs`, so a live worker never loses its job. */
  leaseMs?: number;
  /** An async handler still pending after this long fails its attempt (a sync one cannot be cut short). */
  timeoutMs?: number;
  log?: RunnerLog;
};

export type RunResult = {
  jobId: string;
  kind: string;
  attempts: number;
  /** `lost`: the lease ran out and another worker took the job before this one finished. */
  outcome: "done" | "queued" | "dead" | "lost";
  error?: string;
};

export const DEFAULT_TIMEOUT_MS = 30_000;

export function newWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export class UnknownJobKind extends Error {
  constructor(kind: string) {
    super(`no handler registered for job kind "${kind}" (workers/registry.ts)`);
    this.name = "UnknownJobKind";
  }
}

export class JobTimeout extends Error {
  constructor(ms: number) {
    super(`handler did not finish within ${ms} ms`);
    this.name = "JobTimeout";
  }
}

/** Claims one due job and runs it to the end: done, queued again after a backoff, or dead. Null when nothing is due. */
export async function runOnce(
  db: Db,
  handlers: Record<string, JobHandler>,
  workerId: string,
  options: RunOptions = {},
): Promise<RunResult | null> {
  const now = options.now ?? (() => appClock.now());
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const leaseMs = options.leaseMs ?? Math.max(DEFAULT_LEASE_MS, timeoutMs * 2);
  const log = options.log ?? (() => {});
  const job = claimNext(db, workerId, now(), leaseMs);
  if (!job) return null;
  const started = performance.now();
  log("job.start", { id: job.id, kind: job.kind, orgId: job.orgId, attempt: job.attempts });
  try {
    const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
    if (!handler) throw new UnknownJobKind(job.kind);
    await withFaultInjection(db, job, () =>
      withTimeout(
        Promise.resolve().then(() =>
          handler(
            { id: job.id, orgId: job.orgId, kind: job.kind, payload: job.payload, attempts: job.attempts },
            { db, now },
          ),
        ),
        timeoutMs,
      ),
    );
  } catch (error) {
    const status = failJob(db, job, error, now());
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log("job.failed", { id: job.id, kind: job.kind, attempt: job.attempts, next: status ?? "lost", error: message });
    return { jobId: job.id, kind: job.kind, attempts: job.attempts, outcome: status ?? "lost", error: message };
  }
  crashIfAsked("after-handler", job);
  const done = completeJob(db, job, now());
  log(done ? "job.done" : "job.lost", { id: job.id, kind: job.kind, ms: Math.round(performance.now() - started) });
  return { jobId: job.id, kind: job.kind, attempts: job.attempts, outcome: done ? "done" : "lost" };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JobTimeout(ms)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Fault injection, for the crash tests only (tests/http/worker-crash.test.ts). Harmless in
// production: nothing happens unless WORKER_CRASH_AT is set in the worker's environment.
//   WORKER_CRASH_AT=after-handler   the handler's writes are committed, the job is not marked done
//   WORKER_CRASH_AT=before-commit   inside the handler's first transaction, after its writes and
//                                   before COMMIT (the writes must roll back)
//   WORKER_CRASH_KIND=<kind>        only jobs of this kind (default: any)
// The process kills itself with SIGKILL: no exit handlers, no finally blocks — a real crash.
// ---------------------------------------------------------------------------------------------

function crashPoint(job: ClaimedJob): string | undefined {
  const at = process.env.WORKER_CRASH_AT;
  if (!at) return undefined;
  const kind = process.env.WORKER_CRASH_KIND;
  return !kind || kind === job.kind ? at : undefined;
}

function crashIfAsked(point: string, job: ClaimedJob) {
  if (crashPoint(job) === point) die(point, job);
}

function die(point: string, job: ClaimedJob): never {
  process.stdout.write(`${JSON.stringify({ event: "worker.crash", point, id: job.id, kind: job.kind })}\n`);
  process.kill(process.pid, "SIGKILL");
  // SIGKILL to oneself is delivered at once; never carry on past this point meanwhile.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_000);
}

async function withFaultInjection<T>(db: Db, job: ClaimedJob, run: () => Promise<T>): Promise<T> {
  if (crashPoint(job) !== "before-commit") return run();
  // drizzle runs every transaction through better-sqlite3's `transaction(fn)`: wrap the function
  // so that the process dies after it returned (writes done) and before the COMMIT that follows.
  const client = db.$client;
  const original = client.transaction;
  client.transaction = function (this: typeof client, fn: (...args: never[]) => unknown) {
    return original.call(this, (...args: never[]) => {
      const result = fn(...args);
      die("before-commit", job);
      return result;
    });
  } as typeof client.transaction;
  try {
    return await run();
  } finally {
    client.transaction = original;
  }
}

// ---------------------------------------------------------------------------------------------

export type Runner = { workerId: string; stop: () => Promise<void>; stopped: Promise<void> };

export type RunnerOptions = RunOptions & {
  db: Db;
  handlers: Record<string, JobHandler>;
  schedules?: Schedule[];
  workerId?: string;
  /** Pause between polls when no job is due. */
  pollMs?: number;
};

/**
 * The worker loop: run due jobs one after another; when none is due, run the schedules whose
 * interval has passed and sleep `pollMs`. `stop()` lets the current job finish, then resolves.
 */
export function startRunner(options: RunnerOptions): Runner {
  const workerId = options.workerId ?? newWorkerId();
  const now = options.now ?? (() => appClock.now());
  const pollMs = options.pollMs ?? 500;
  const log = options.log ?? (() => {});
  const lastRun = new Map<string, number>();
  let stopping = false;
  let wake: (() => void) | undefined;

  const runSchedules = () => {
    for (const schedule of options.schedules ?? []) {
      const at = now();
      const last = lastRun.get(schedule.name);
      if (last !== undefined && at - last < schedule.everyMs) continue;
      lastRun.set(schedule.name, at);
      try {
        schedule.run(options.db, at, log);
      } catch (error) {
        log("schedule.failed", { name: schedule.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  const loop = async () => {
    // Begin on the next turn of the event loop: the caller gets the runner (to stop it, to wire
    // signals) before the first job can start.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopping) return;
    log("worker.start", { workerId });
    while (!stopping) {
      runSchedules();
      let result: RunResult | null = null;
      try {
        result = await runOnce(options.db, options.handlers, workerId, options);
      } catch (error) {
        // The queue itself failed (database locked past busy_timeout, disk full): wait and retry.
        log("worker.error", { error: error instanceof Error ? error.message : String(error) });
      }
      if (result || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    log("worker.stop", { workerId });
  };

  const stopped = loop();
  return {
    workerId,
    stopped,
    stop: () => {
      stopping = true;
      wake?.();
      return stopped;
    },
  };
}
