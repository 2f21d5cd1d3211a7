/**
 * The production runner (workers/runner.ts) in an OS process of its own, with a handler made from
 * a real use case: a stock receipt keyed by the job id (idempotent through `once`). Run by
 * tests/http/workers.test.ts, which kills it with SIGKILL mid-job (WORKER_CRASH_AT, read by the
 * runner) and starts it again. The production entry, workers/index.ts, is the same runner with
 * the production registry.
 *
 * Usage: DATABASE_PATH=<file> node --import tsx tests/support/job-worker.ts
 */
import { openDatabase } from "../../db/client";
import { firstMemberCtx } from "./factories";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import type { JobHandler } from "../../workers/registry";
import { startRunner } from "../../workers/runner";

export const RECEIVE_KIND = "test.stock.receive";
export type ReceivePayload = { productId: string; qty: number; delayMs?: number };

const receive: JobHandler = async (job, env) => {
  const { productId, qty, delayMs = 0 } = job.payload as ReceivePayload;
  // Stands for a call to an outside service before the write: the window a SIGTERM lands in.
  if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  receiveStock(firstMemberCtx(env.db, job.orgId, { now: env.now }), productId, {
    requestId: `job-${job.id}`,
    qty,
    unit: "base",
    costFen: 100,
    batchNo: "",
    expiryDate: "",
  });
};

if (process.env.DATABASE_PATH && process.argv[1]?.endsWith("job-worker.ts")) {
  const db = openDatabase();
  const runner = startRunner({
    db,
    handlers: { [RECEIVE_KIND]: receive },
    pollMs: 50,
    leaseMs: Number(process.env.WORKER_LEASE_MS ?? 60_000),
    timeoutMs: 5_000,
    log: (event, fields = {}) => process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`),
  });
  const stop = async () => {
    await runner.stop();
    db.$client.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}
