import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client";
import { openDatabase } from "@db/client";
import type { Ctx } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { adjustStock } from "~/domain/inventory/adjust-stock.server";
import { countStock } from "~/domain/inventory/count-stock.server";
import { getProduct } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { SHARED_QTY, type WorkerJob, type WorkerReport } from "../support/ledger-worker";
import { ROOT } from "../support/paths";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const WORKER = path.join(ROOT, "tests/support/ledger-worker.ts");

/**
 * Starts a worker process. `ready` settles once it has loaded and waits; `go()` lets it write;
 * `done` is its report. The test starts all of them, waits for every `ready`, then says go: on a
 * busy machine one process may take seconds longer to start than another.
 */
function startWorker(job: WorkerJob) {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, JSON.stringify(job)], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (d) => {
    out += d;
    if (out.startsWith("ready\n")) markReady();
  });
  child.stderr.on("data", (d) => (err += d));
  const done = new Promise<WorkerReport>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => {
      markReady(); // a worker that died before it was ready must not hold up the others
      if (code !== 0) reject(new Error(`worker ${job.worker} exited with ${code}:\n${err}`));
      else resolve(JSON.parse(out.trim().split("\n").at(-1)!) as WorkerReport);
    });
  });
  return { ready, go: () => child.stdin.write("go\n"), done };
}

function movementSums(db: Db, orgId: string) {
  return db.all<{ productId: string; kind: string; qty: number; n: number }>(sql`
    select product_id as productId, kind, sum(qty) as qty, count(*) as n from stock_movements
    where org_id = ${orgId} group by product_id, kind`);
}

/**
 * Replays one product's movements in commit order (rowid): every count movement must take the
 * level from exactly what its count line saw (expected) to what was counted. A count that read
 * a stale level (a lost update between processes) breaks the chain.
 */
function countChainBreaks(db: Db, productId: string): string[] {
  const movements = db.all<{ kind: string; qty: number; refId: string | null }>(sql`
    select kind, qty, ref_id as refId from stock_movements where product_id = ${productId} order by rowid`);
  const lines = new Map(
    db
      .all<{ countId: string; expected: number; counted: number }>(
        sql`
        select count_id as countId, expected, counted from stock_count_lines where product_id = ${productId}`,
      )
      .map((l) => [l.countId, l]),
  );
  const breaks: string[] = [];
  let level = 0;
  // A decrease touches several lots (first-expiring-first): one count may write several
  // movements, always together in one transaction, so consecutive in rowid order.
  for (let i = 0; i < movements.length;) {
    const m = movements[i];
    let qty = 0;
    let j = i;
    while (j < movements.length && movements[j].kind === m.kind && movements[j].refId === m.refId)
      qty += movements[j++].qty;
    if (m.kind === "count") {
      const line = lines.get(m.refId ?? "");
      if (!line || line.expected !== level || line.counted !== level + qty) {
        breaks.push(`count ${m.refId}: level ${level}, change ${qty}, line ${JSON.stringify(line)}`);
      }
    }
    level += qty;
    i = j;
  }
  return breaks;
}

describe("the stock ledger under concurrent writers", () => {
  it("keeps sum(movements) == on_hand == sum(lots) with four processes writing the same products", async () => {
    const { ctx, org } = await makeStore(db);
    const exact = [makeProduct(ctx, { name: "甲" }).id, makeProduct(ctx, { name: "乙" }).id];
    const counted = makeProduct(ctx, { name: "丙" }).id;
    const WORKERS = 4;
    const ITERATIONS = 250;
    const workers = Array.from({ length: WORKERS }, (_, worker) =>
      startWorker({ dbFile: testDb.file, worker, iterations: ITERATIONS, org, actor: ctx.actor, exact, counted }),
    );
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    // Wait for every worker, even when one fails, so none is still writing during the next test.
    const settled = await Promise.allSettled(workers.map((w) => w.done));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
    const reports = settled.map((s) => (s as PromiseFulfilledResult<WorkerReport>).value);

    // The processes really overlapped: every one started before any finished.
    expect(Math.max(...reports.map((r) => r.startedAt))).toBeLessThan(Math.min(...reports.map((r) => r.finishedAt)));

    // A fresh connection sees every acknowledged write.
    const check = openDatabase(testDb.file);
    try {
      expect(ledgerViolations(check)).toEqual([]);

      const written = (productId: string) => reports.reduce((sum, r) => sum + (r.deltas[productId] ?? 0), 0);
      const sharedKeys = new Set(reports.flatMap((r) => r.sharedKeys));
      expect(sharedKeys.size).toBeGreaterThan(0);
      expect(reports.every((r) => r.sharedKeys.length === sharedKeys.size)).toBe(true);

      // Products without counts end exactly where the writes put them; each shared key wrote once.
      expect(getProduct({ ...ctx, db: check }, exact[0]).onHand).toBe(written(exact[0]) + sharedKeys.size * SHARED_QTY);
      expect(getProduct({ ...ctx, db: check }, exact[1]).onHand).toBe(written(exact[1]));

      const sums = movementSums(check, org.id);
      const sumOf = (productId: string, kinds: string[]) =>
        sums.filter((s) => s.productId === productId && kinds.includes(s.kind)).reduce((t, s) => t + s.qty, 0);
      // One movement per receipt, so the receipt rows are exactly the receipts made.
      const receiptRows = sums.filter((s) => s.kind === "receipt").reduce((t, s) => t + s.n, 0);
      expect(receiptRows).toBe(reports.reduce((t, r) => t + r.receipts, 0) + sharedKeys.size);
      // The counted product: receipts and adjustments are all there, and every count
      // corrected from the level it actually saw.
      expect(sumOf(counted, ["receipt", "adjustment"])).toBe(written(counted));
      expect(countChainBreaks(check, counted)).toEqual([]);
      const counts = check.all<{ n: number }>(sql`select count(*) as n from stock_counts where org_id = ${org.id}`)[0]
        .n;
      expect(counts).toBe(reports.reduce((t, r) => t + r.counts, 0));
      const keys = check.all<{ n: number }>(
        sql`select count(*) as n from idempotent_requests where org_id = ${org.id}`,
      )[0].n;
      const operations = reports.reduce((t, r) => t + r.receipts + r.adjustments + r.counts, 0);
      expect(keys).toBe(operations + sharedKeys.size);
    } finally {
      check.$client.close();
    }
  }, 120_000);

  it("keeps the invariants and exact totals with interleaved async writers on two connections in one process", async () => {
    const { ctx } = await makeStore(db);
    const second = openDatabase(testDb.file);
    try {
      const products = [makeProduct(ctx, { name: "丁" }).id, makeProduct(ctx, { name: "戊" }).id];
      const contexts: Ctx[] = [ctx, { ...ctx, db: second }];
      const expected = new Map(products.map((id) => [id, 0]));
      const tick = () => new Promise((resolve) => setImmediate(resolve));

      const writer = async (w: number) => {
        for (let i = 0; i < 50; i++) {
          await tick();
          const c = contexts[(w + i) % 2];
          const productId = products[(w * 3 + i) % products.length];
          if (i % 3 === 0) {
            receiveStock(c, productId, {
              requestId: newId(),
              qty: 5,
              unit: "base",
              costFen: 200,
              batchNo: `W${w}`,
              expiryDate: "2031-01-01",
            });
            expected.set(productId, expected.get(productId)! + 5);
          } else {
            const { delta } = adjustStock(c, productId, {
              requestId: newId(),
              reason: i % 3 === 1 ? "damaged" : "found",
              qty: 2,
              note: null,
            });
            expected.set(productId, expected.get(productId)! + delta);
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));

      for (const [productId, onHand] of expected) {
        expect(getProduct(ctx, productId).onHand).toBe(onHand);
        expect(getProduct(contexts[1], productId).onHand).toBe(onHand);
      }
      expect(ledgerViolations(db)).toEqual([]);

      // And a count taken in the middle of it all lands on the counted figure.
      const [a] = products;
      await Promise.all([
        (async () => {
          await tick();
          countStock(contexts[1], { requestId: newId(), note: null, lines: [{ productId: a, counted: 40 }] });
        })(),
        (async () => {
          await tick();
          await tick();
          receiveStock(ctx, a, { requestId: newId(), qty: 3, unit: "base", costFen: 200, batchNo: "", expiryDate: "" });
        })(),
      ]);
      expect(getProduct(ctx, a).onHand).toBe(43);
      expect(countChainBreaks(db, a)).toEqual([]);
      expect(ledgerViolations(db)).toEqual([]);
    } finally {
      second.$client.close();
    }
  }, 60_000);
});
