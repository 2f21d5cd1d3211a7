/**
 * `npm run workers`: the background worker process. Opens the app's SQLite file (DATABASE_PATH),
 * takes jobs from the queue and runs the registered handlers and schedules until SIGTERM/SIGINT,
 * which let the job in hand finish first. Run as many as you like: claims are atomic.
 */
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { handlers } from "./registry";
import { startRunner } from "./runner";
import { schedules } from "./schedules";

const db = openDatabase();
migrateDatabase(db);

// Signals are handled from the first moment: a SIGTERM that arrives while the first job runs
// must wait for it, not kill the process in the middle.
// eslint-disable-next-line prefer-const -- assigned below, after the handlers that read it exist
let runner: ReturnType<typeof startRunner> | undefined;
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event: "worker.signal", signal })}\n`);
  // A job that hangs must not keep the process alive for ever.
  setTimeout(() => process.exit(1), Number(process.env.WORKER_STOP_TIMEOUT_MS ?? 60_000)).unref();
  await runner?.stop();
  db.$client.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

runner = startRunner({
  db,
  handlers,
  schedules,
  pollMs: Number(process.env.WORKER_POLL_MS ?? 500),
  // How long a claimed job stays locked to this worker; a crashed worker's jobs wait this long.
  leaseMs: process.env.WORKER_LEASE_MS ? Number(process.env.WORKER_LEASE_MS) : undefined,
  timeoutMs: process.env.WORKER_JOB_TIMEOUT_MS ? Number(process.env.WORKER_JOB_TIMEOUT_MS) : undefined,
  log: (event, fields = {}) => {
    const line = JSON.stringify({ at: new Date().toISOString(), event, ...fields });
    if (event.endsWith("failed") || event.endsWith("error")) process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  },
});
