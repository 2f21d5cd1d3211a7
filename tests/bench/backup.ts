/**
 * Backup figures (decision 038, docs/BENCHMARKS.md "Backups and restore"): for the demo database
 * and for a county-sized one (the demo's sales cloned to a few hundred thousand, with their lines
 * and stock movements, the ledger kept consistent), the time to write and check a snapshot, and
 * the time `npm run restore` spends bringing the file back — from the Litestream replica (a
 * directory here) and from a snapshot — including integrity_check and the ledger invariants.
 *
 * Usage: node --import tsx tests/bench/backup.ts   or   BENCH_SCENARIO=backup npm run bench
 * BACKUP_BENCH_SALES (default 300000) sets the county's size; BENCH_ROUNDS (default 3) the repeats.
 */
import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { backupConfig, type BackupConfig } from "../../db/backup/config";
import { replicaStatus, startReplication } from "../../db/backup/litestream";
import { restoreDatabase } from "../../db/backup/restore";
import { takeSnapshot } from "../../db/backup/snapshots";
import { openDatabase } from "../../db/client";
import { ledgerViolations } from "../../db/ledger-invariants";
import { migrateDatabase } from "../../db/migrate";
import { seedDemo } from "../../db/seed/demo";
import { TEST_OUTPUT } from "../support/paths";
import { median } from "./stats";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COUNTY_SALES = Number(process.env.BACKUP_BENCH_SALES ?? 300_000);

const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

function columns(sqlite: Database.Database, table: string): string[] {
  return (sqlite.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

/** `insert into T select …` with some columns rewritten (ids get the copy's suffix). */
function cloneSql(sqlite: Database.Database, table: string, rewrite: Record<string, string>, where: string) {
  const cols = columns(sqlite, table);
  const select = cols.map((c) => rewrite[c] ?? c).join(", ");
  return `insert into ${table} (${cols.join(", ")}) select ${select} from ${table} where ${where}`;
}

/**
 * Grows the demo to `target` sales: completed cash/WeChat/Alipay sales with no returns are
 * copied with their lines and stock movements; then each lot and product level is set to the sum
 * of its movements, so the ledger invariants hold as they would in a real county's file.
 */
function growToCountySize(sqlite: Database.Database, target: number): number {
  const original = "status = 'completed' and tender != 'credit' and instr(id, '~') = 0";
  const base = (sqlite.prepare(`select count(*) as n from sales where ${original}`).get() as { n: number }).n;
  const copies = Math.max(0, Math.ceil((target - base) / base));
  const inTx = sqlite.transaction((k: number) => {
    const suffix = `'~${k}'`;
    sqlite.exec(`create temp table if not exists pick (id text primary key)`);
    sqlite.exec(`delete from pick`);
    sqlite.exec(
      `insert into pick select id from sales s where ${original} and not exists (select 1 from sale_lines l where l.sale_id = s.id and l.returned_qty != 0)`,
    );
    sqlite.exec(cloneSql(sqlite, "sales", { id: `id || ${suffix}` }, "id in (select id from pick)"));
    sqlite.exec(
      cloneSql(
        sqlite,
        "sale_lines",
        { id: `id || ${suffix}`, sale_id: `sale_id || ${suffix}` },
        "sale_id in (select id from pick)",
      ),
    );
    sqlite.exec(
      cloneSql(
        sqlite,
        "stock_movements",
        { id: `id || ${suffix}`, ref_id: `ref_id || ${suffix}` },
        "ref_type = 'sale' and ref_id in (select id from pick)",
      ),
    );
  });
  for (let k = 1; k <= copies; k++) inTx(k);
  // Grouped once, then joined by key: a correlated sum per lot would scan millions of movements per lot.
  sqlite.exec(`
    create temp table lot_sums (lot_id text primary key, qty integer);
    insert into lot_sums select lot_id, sum(qty) from stock_movements group by lot_id;
    update stock_lots set on_hand = coalesce((select qty from lot_sums where lot_id = stock_lots.id), 0);
    create temp table product_sums (product_id text primary key, qty integer);
    insert into product_sums select product_id, sum(qty) from stock_movements group by product_id;
    update products set on_hand = coalesce((select qty from product_sums where product_id = products.id), 0);`);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  return (sqlite.prepare("select count(*) as n from sales").get() as { n: number }).n;
}

async function waitForReplica(config: BackupConfig) {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const status = await replicaStatus(config);
    if (status.state === "ok") return;
    if (performance.now() > deadline) throw new Error(`replica never caught up: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

type Figures = {
  database: string;
  sales: number;
  bytes: number;
  snapshotMs: number;
  snapshotBytes: number;
  replicaRestoreMs: number;
  replicaFetchMs: number;
  snapshotRestoreMs: number;
  checkMs: number;
};

async function measure(label: string, dir: string, dbFile: string, sqlite: Database.Database): Promise<Figures> {
  const config = backupConfig(
    { BACKUP_REPLICA_URL: path.join(dir, `${label}-replica`), BACKUP_SNAPSHOT_DIR: path.join(dir, `${label}-snaps`) },
    dbFile,
  );
  const uploadsDir = path.join(dir, `${label}-uploads`);
  const snapshotTimes: number[] = [];
  let snapshotBytes = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const snap = takeSnapshot(sqlite, config, Date.UTC(2026, 11, 5, i), "hourly", uploadsDir);
    snapshotTimes.push(snap.ms);
    snapshotBytes = snap.bytes;
  }

  const replication = startReplication(config, () => {});
  await waitForReplica(config);
  await replication.stop();

  const replicaTimes: number[] = [];
  const fetchTimes: number[] = [];
  const checkTimes: number[] = [];
  const snapshotRestoreTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const target = backupConfig(
      { BACKUP_REPLICA_URL: config.replicaUrl!, BACKUP_SNAPSHOT_DIR: config.snapshotDir },
      path.join(dir, `${label}-restored-${i}.sqlite`),
    );
    const fromReplica = await restoreDatabase(target, { from: "replica" }, { uploadsDir, now: Date.now() });
    replicaTimes.push(fromReplica.totalMs);
    fetchTimes.push(fromReplica.fetchMs);
    checkTimes.push(fromReplica.checkMs);
    fs.rmSync(fromReplica.databaseFile);
    const fromSnapshot = await restoreDatabase(target, { from: "snapshot" }, { uploadsDir, now: Date.now() });
    snapshotRestoreTimes.push(fromSnapshot.totalMs);
    fs.rmSync(fromSnapshot.databaseFile);
  }
  return {
    database: label,
    sales: (sqlite.prepare("select count(*) as n from sales").get() as { n: number }).n,
    bytes: fs.statSync(dbFile).size,
    snapshotMs: median(snapshotTimes),
    snapshotBytes,
    replicaRestoreMs: median(replicaTimes),
    replicaFetchMs: median(fetchTimes),
    snapshotRestoreMs: median(snapshotRestoreTimes),
    checkMs: median(checkTimes),
  };
}

export async function backupBench(): Promise<{ result: Figures[]; markdown: string }> {
  const dir = path.join(TEST_OUTPUT, "bench", `backup-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  try {
    const dbFile = path.join(dir, "villagelink.sqlite");
    const db = openDatabase(dbFile);
    migrateDatabase(db);
    await seedDemo(db);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const demo = await measure("demo", dir, dbFile, db.$client);

    const grown = growToCountySize(db.$client, COUNTY_SALES);
    const broken = ledgerViolations(db).length;
    if (broken) throw new Error(`the county-sized database breaks the ledger for ${broken} products`);
    const county = await measure("county", dir, dbFile, db.$client);
    db.$client.close();
    if (grown !== county.sales) throw new Error("sales changed while measuring");

    const rows = [demo, county].map(
      (f) =>
        `| ${f.database} (${f.sales.toLocaleString("en")} sales, ${mb(f.bytes)} MB) | ${s(f.snapshotMs)} s (${mb(f.snapshotBytes)} MB) | ${s(f.replicaRestoreMs)} s (fetch ${s(f.replicaFetchMs)} s + checks ${s(f.checkMs)} s) | ${s(f.snapshotRestoreMs)} s |`,
    );
    const markdown = [
      `| database | snapshot (VACUUM INTO + integrity_check) | restore from the replica (litestream restore + checks + swap) | restore from a snapshot (copy + checks + swap) |`,
      "| --- | ---: | ---: | ---: |",
      ...rows,
      "",
      `Medians of ${ROUNDS} rounds; the replica is a local directory (an S3 bucket adds the download).`,
    ].join("\n");
    return { result: [demo, county], markdown };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve("tests/bench/backup.ts")) {
  const { result, markdown } = await backupBench();
  fs.mkdirSync(path.join(TEST_OUTPUT, "bench"), { recursive: true });
  fs.writeFileSync(path.join(TEST_OUTPUT, "bench", "backup.json"), JSON.stringify(result, null, 2));
  console.log(markdown);
}
