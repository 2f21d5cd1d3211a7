import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@db/client";
import { campaigns, jobs, pledges } from "@db/schema";
import { copyBaseDb } from "../support/db";
import { groupBuyWorld, pledgeAs } from "../support/group-buy";
import { spawnScript, waitFor } from "../support/processes";
import { dbSnapshot } from "../support/snapshot";
import { fixedClock } from "~/domain/dates";
import { PINNED_NOW } from "../support/clock";

/**
 * Issue 5, "Killing a worker mid-close and restarting it leaves the result identical": the
 * production worker (workers/index.ts, the registry's `campaign.close`) closes the same campaign
 * on three copies of one database: undisturbed; killed with SIGKILL inside the close's
 * transaction (before its COMMIT) and restarted; killed after the close committed but before the
 * job was marked done, and restarted. The three results must be the same, row for row.
 */

const children: ChildProcess[] = [];
const opened: Db[] = [];
const files: string[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const d of opened) d.$client.close();
  for (const f of files) for (const x of [f, `${f}-wal`, `${f}-shm`]) fs.rmSync(x, { force: true });
});

function spawnWorker(dbFile: string, env: Record<string, string> = {}) {
  // A short lease: the restarted worker may take the killed one's job within the test.
  return spawnScript(children, "workers/index.ts", dbFile, { WORKER_POLL_MS: "50", WORKER_LEASE_MS: "1500", ...env });
}

let base: string;
let campaignId: string;
let baseIds: Set<string>;

beforeAll(async () => {
  base = copyBaseDb();
  files.push(base);
  const db = openDatabase(base);
  // Opened two hours before the pinned now with a deadline an hour before it: the close is due as
  // soon as a worker (whose clock starts at the pinned now) runs.
  const past = PINNED_NOW - 2 * 3600_000;
  const clock = fixedClock(past);
  const w = await groupBuyWorld(db, { clock, deadlineAt: past + 3600_000, depositBp: 0 });
  campaignId = w.campaignId;
  const [a, b, c] = w.stores;
  clock.advance(60_000);
  pledgeAs(a.ctx, w.campaignId, 150);
  pledgeAs(b.ctx, w.campaignId, 100);
  pledgeAs(c.ctx, w.campaignId, 80);
  baseIds = new Set(
    Object.values(dbSnapshot(db)).flatMap((rows) =>
      rows.flatMap((r) => Object.values(r as object).filter((v) => typeof v === "string")),
    ),
  );
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
});

function copyOfBase(): { file: string; db: Db } {
  const file = copyBaseDb();
  fs.copyFileSync(base, file);
  files.push(file);
  const db = openDatabase(file);
  opened.push(db);
  return { file, db };
}

const closeJob = (db: Db) =>
  db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, "campaign.close"), eq(jobs.uniqueKey, `campaign.close:${campaignId}`)))
    .get();
/** Member orders made by the close: each pledge points at its restock order. */
const memberOrders = (db: Db) =>
  db
    .select()
    .from(pledges)
    .where(eq(pledges.campaignId, campaignId))
    .all()
    .filter((p) => p.restockOrderId !== null);
const campaignStatus = (db: Db) => db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!.status;

/**
 * Every row of every table, with what differs between two honest runs taken out: ids created
 * by the run (numbered in order of appearance), times, random delivery codes; and the queue's
 * own bookkeeping (attempts and worker ids differ by design: that is what a crash is).
 */
function normalised(db: Db) {
  const names = new Map<string, string>();
  const snapshot = dbSnapshot(db);
  delete snapshot.jobs;
  const out: Record<string, unknown[]> = {};
  for (const [table, rows] of Object.entries(snapshot)) {
    out[table] = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row as Record<string, unknown>)
          .filter(([k]) => !/(_at|^at)$/.test(k) && k !== "delivery_code")
          .map(([k, v]) => {
            if (typeof v !== "string" || baseIds.has(v) || !/^[A-Za-z0-9_-]{16}$/.test(v)) return [k, v];
            if (!names.has(v)) names.set(v, `#${names.size + 1}`);
            return [k, names.get(v)];
          }),
      ),
    );
  }
  return out;
}

let reference: ReturnType<typeof normalised>;

describe("closing a campaign in the worker process", () => {
  it("undisturbed: the worker closes it (tier 2) and gives each member an order", async () => {
    const { file, db } = copyOfBase();
    const worker = spawnWorker(file);
    await waitFor(() => closeJob(db)?.status === "done", "the close job to be done", 30_000);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(campaignStatus(db)).toBe("ordered");
    expect(db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()).toMatchObject({
      totalPacks: 330,
      finalPriceFen: 4950,
    });
    expect(memberOrders(db)).toHaveLength(3);
    expect(closeJob(db)).toMatchObject({ attempts: 1 });
    reference = normalised(db);
  });

  for (const point of ["before-commit", "after-handler"] as const) {
    it(`killed ${point === "before-commit" ? "inside the close's transaction" : "after the close committed"}, then restarted: the same result`, async () => {
      const { file, db } = copyOfBase();
      const first = spawnWorker(file, { WORKER_CRASH_AT: point, WORKER_CRASH_KIND: "campaign.close" });
      expect(await first.exited).toMatchObject({ signal: "SIGKILL" });
      expect(first.output()).toContain(`"point":"${point}"`);
      expect(closeJob(db)).toMatchObject({ status: "running", attempts: 1 });
      // Inside the transaction: SQLite rolled the whole close back. After: all of it is there.
      expect(campaignStatus(db)).toBe(point === "before-commit" ? "open" : "ordered");
      expect(memberOrders(db)).toHaveLength(point === "before-commit" ? 0 : 3);

      const second = spawnWorker(file);
      await waitFor(() => closeJob(db)?.status === "done", "the restarted worker to finish the close", 30_000);
      second.child.kill("SIGTERM");
      expect(await second.exited).toEqual({ code: 0, signal: null });
      expect(closeJob(db)).toMatchObject({ status: "done", attempts: 2 });
      expect(normalised(db)).toEqual(reference);
    });
  }
});
