/**
 * A separate OS process hammering one store's stock (run by tests/domain/ledger-concurrency.test.ts
 * with `node --import tsx`): it opens the same SQLite file as its siblings and records receipts,
 * adjustments and counts on the same products, then prints what it wrote as one line of JSON.
 *
 * Usage: node --import tsx tests/support/ledger-worker.ts '<WorkerJob JSON>'
 */
import { pathToFileURL } from "node:url";
import { openDatabase } from "../../db/client";
import type { Ctx } from "../../app/domain/context.server";
import { adjustStock } from "../../app/domain/inventory/adjust-stock.server";
import { countStock } from "../../app/domain/inventory/count-stock.server";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import { newId } from "../../app/domain/ids.server";
import { pinnedClock } from "./clock";

export type WorkerJob = {
  dbFile: string;
  worker: number;
  iterations: number;
  org: Ctx["org"];
  actor: Ctx["actor"];
  /** Receipts and adjustments only: their final level is exactly the sum of what was written. */
  exact: string[];
  /** Also counted: a count sets the level, so only the ledger's consistency can be checked. */
  counted: string;
};

export type WorkerReport = {
  worker: number;
  /** Signed base units written per product by receipts and adjustments (shared keys excluded). */
  deltas: Record<string, number>;
  receipts: number;
  adjustments: number;
  counts: number;
  /** Keys every worker sends for the same receipt; exactly one of them may write it. */
  sharedKeys: string[];
  sharedQty: number;
  startedAt: number;
  finishedAt: number;
};

const BATCHES = [
  { batchNo: "", expiryDate: "" },
  { batchNo: "A", expiryDate: "2030-01-01" },
  { batchNo: "B", expiryDate: "2030-06-01" },
];
const REASONS = ["damaged", "expired", "lost", "found"] as const;

export const SHARED_QTY = 2;
export const sharedKey = (i: number) => `shared-receipt-${String(i).padStart(4, "0")}`;

function run(job: WorkerJob): WorkerReport {
  const db = openDatabase(job.dbFile);
  // SQLite's busy wait is not fair: with four writers on two busy cores one of them can wait
  // out the app's 5 s now and then. This test is about correctness under contention, not
  // latency, so the workers wait longer rather than fail with "database is locked".
  db.$client.pragma("busy_timeout = 60000");
  const ctx: Ctx = { db, actor: job.actor, org: job.org, role: "owner", locale: "zh-CN", clock: pinnedClock() };
  const report: WorkerReport = {
    worker: job.worker,
    deltas: {},
    receipts: 0,
    adjustments: 0,
    counts: 0,
    sharedKeys: [],
    sharedQty: SHARED_QTY,
    startedAt: 0,
    finishedAt: 0,
  };
  const all = [...job.exact, job.counted];
  const add = (productId: string, qty: number) => (report.deltas[productId] = (report.deltas[productId] ?? 0) + qty);

  report.startedAt = Date.now();
  for (let i = 0; i < job.iterations; i++) {
    const productId = all[(i + job.worker) % all.length];
    const step = (i * 7 + job.worker * 3) % 9;
    if (step < 5) {
      const qty = 1 + ((i + job.worker) % 5);
      receiveStock(ctx, productId, {
        requestId: newId(),
        qty,
        unit: "base",
        costFen: 100 + step,
        ...BATCHES[i % BATCHES.length],
      });
      add(productId, qty);
      report.receipts++;
    } else if (step < 8) {
      const reason = REASONS[(i + job.worker) % REASONS.length];
      const qty = 1 + (i % 4);
      const { delta } = adjustStock(ctx, productId, { requestId: newId(), reason, qty, note: null });
      add(productId, delta);
      report.adjustments++;
    } else {
      countStock(ctx, { requestId: newId(), note: null, lines: [{ productId: job.counted, counted: 20 + (i % 30) }] });
      report.counts++;
    }
    if (i % 8 === 0) {
      // Every worker sends the same keyed receipt: a double tap arriving through two processes.
      const key = sharedKey(i);
      receiveStock(ctx, job.exact[0], {
        requestId: key,
        qty: SHARED_QTY,
        unit: "base",
        costFen: 100,
        batchNo: "",
        expiryDate: "",
      });
      report.sharedKeys.push(key);
    }
  }
  report.finishedAt = Date.now();
  db.$client.close();
  return report;
}

// Run only as a script: the test imports this file for its types and constants.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const job = JSON.parse(process.argv[2] ?? "{}") as WorkerJob;
  // Loaded (compiled, imported, connected): say so and wait for the test's "go", sent once every
  // sibling is ready, so that all of them write at the same time however slowly each started.
  process.stdout.write("ready\n");
  process.stdin.once("data", () => {
    process.stdout.write(`${JSON.stringify(run(job))}\n`);
    process.stdin.destroy();
  });
}
