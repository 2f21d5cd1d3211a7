import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Db } from "../client";
import { ledgerViolations } from "../ledger-invariants";
import * as schema from "../schema";
import type { BackupConfig } from "./config";
import { databaseHolders } from "./holder";
import { litestreamDirectory, restoreFromReplica, writeLitestreamConfig } from "./litestream";
import { integrityProblems, linkTree, listSnapshots, type Snapshot } from "./snapshots";

/**
 * `npm run restore` (scripts/restore.ts): bring the database back into a NEW file, check it, and
 * only then swap it in (decision 038). The file it replaces, if any, is kept beside it.
 */
export type RestoreSource = { from: "replica"; at?: number } | { from: "snapshot"; file?: string; at?: number };

export type RestoreResult = {
  source: string;
  databaseFile: string;
  keptAside: string | null;
  uploads: string | null;
  bytes: number;
  /** Fetching the file (Litestream's restore, or the snapshot copy). */
  fetchMs: number;
  /** integrity_check and the ledger invariants. */
  checkMs: number;
  totalMs: number;
};

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefused";
  }
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
}

function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`];
}

/** The snapshot to restore: the named file, the newest at or before `at`, or the newest. */
export function chooseSnapshot(dir: string, source: { file?: string; at?: number }): Snapshot {
  const all = listSnapshots(dir);
  if (source.file) {
    const wanted = path.resolve(source.file);
    const found = all.find((s) => s.file === wanted);
    if (found) return found;
    if (!fs.existsSync(wanted)) throw new RestoreRefused(`no snapshot ${wanted}`);
    return { file: wanted, at: fs.statSync(wanted).mtimeMs, kind: "manual", uploads: null };
  }
  const at = source.at;
  const pick = at === undefined ? all[0] : all.find((s) => s.at <= at);
  if (!pick)
    throw new RestoreRefused(
      at === undefined ? `no snapshot in ${dir}` : `no snapshot in ${dir} at or before ${new Date(at).toISOString()}`,
    );
  return pick;
}

/** integrity_check, then the ledger invariants, on the candidate file (read-only). Throws what is wrong. */
export function checkRestoredFile(file: string): void {
  const problems = integrityProblems(file);
  if (problems.length) throw new RestoreRefused(`integrity_check failed: ${problems.slice(0, 5).join("; ")}`);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const db = drizzle(sqlite, { schema }) as unknown as Db;
    let broken: { id: string }[];
    try {
      broken = ledgerViolations(db);
    } catch (error) {
      throw new RestoreRefused(`not a VillageLink database? the ledger check failed: ${(error as Error).message}`);
    }
    if (broken.length)
      throw new RestoreRefused(`ledger invariants broken for ${broken.length} product(s), e.g. ${broken[0].id}`);
  } finally {
    sqlite.close();
  }
}

export async function restoreDatabase(
  config: BackupConfig,
  source: RestoreSource,
  options: { uploadsDir: string; now: number; log?: (line: string) => void },
): Promise<RestoreResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const target = config.databaseFile;
  const holders = databaseHolders(target);
  if (holders.length)
    throw new RestoreRefused(
      `${target} is in use — stop it first: ${holders.map((h) => `pid ${h.pid} (${h.how}: ${h.command || "?"})`).join(", ")}`,
    );

  fs.mkdirSync(path.dirname(target), { recursive: true });
  const candidate = `${target}.restoring-${stamp(options.now)}`;
  for (const f of sqliteFiles(candidate)) fs.rmSync(f, { force: true });

  let label: string;
  let snapshot: Snapshot | null = null;
  if (source.from === "replica") {
    if (!config.replicaUrl) throw new RestoreRefused("no replica: set BACKUP_REPLICA_URL (or pass --from URL)");
    label = `replica ${config.replicaUrl}${source.at === undefined ? " (latest)" : ` as of ${new Date(source.at).toISOString()}`}`;
    log(`restoring from ${label}…`);
    // A config of our own (same replica, endpoint and region as the server's) in a temp directory.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "villagelink-restore-"));
    try {
      const yml = writeLitestreamConfig({ ...config, litestreamConfigFile: path.join(dir, "litestream.yml") });
      await restoreFromReplica(yml, target, candidate, source.at);
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new RestoreRefused(`litestream restore failed: ${stderr || (error as Error).message}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } else {
    snapshot = chooseSnapshot(config.snapshotDir, source);
    label = `snapshot ${snapshot.file}`;
    log(`restoring from ${label}…`);
    fs.copyFileSync(snapshot.file, candidate);
  }
  if (!fs.existsSync(candidate)) throw new RestoreRefused(`nothing was restored from ${label}`);
  const fetched = performance.now();

  log("checking: integrity_check and the ledger invariants…");
  try {
    checkRestoredFile(candidate);
  } catch (error) {
    fs.renameSync(candidate, `${candidate}.rejected`);
    for (const f of [...sqliteFiles(candidate).slice(1), ...sqliteFiles(`${candidate}.tmp`)])
      fs.rmSync(f, { force: true });
    throw error;
  }
  const checked = performance.now();

  // The swap: the old file (and its WAL) aside, Litestream's shadow WAL of the old file gone
  // (it describes a database that no longer exists), the checked file renamed in.
  let keptAside: string | null = null;
  if (fs.existsSync(target)) {
    keptAside = `${target}.before-restore-${stamp(options.now)}`;
    fs.renameSync(target, keptAside);
    if (fs.existsSync(`${target}-wal`)) fs.renameSync(`${target}-wal`, `${keptAside}-wal`);
  }
  fs.rmSync(`${target}-wal`, { force: true });
  fs.rmSync(`${target}-shm`, { force: true });
  fs.rmSync(litestreamDirectory(target), { recursive: true, force: true });
  fs.renameSync(candidate, target);
  // What Litestream's restore leaves of its temporary file (`<output>.tmp-wal`, `-shm`) and ours.
  for (const f of [...sqliteFiles(candidate).slice(1), ...sqliteFiles(`${candidate}.tmp`)])
    fs.rmSync(f, { force: true });

  const uploads = restoreUploads(config, snapshot, options.uploadsDir, options.now, log);
  const done = performance.now();
  return {
    source: label,
    databaseFile: target,
    keptAside,
    uploads,
    bytes: fs.statSync(target).size,
    fetchMs: fetched - started,
    checkMs: checked - fetched,
    totalMs: done - started,
  };
}

/**
 * Uploads are not in the database, so not in Litestream's replica: they come from a snapshot —
 * the restored one, or, after a replica restore, the newest one — when the directory is lost
 * (after a snapshot restore they replace the current ones, which are kept aside).
 */
function restoreUploads(
  config: BackupConfig,
  snapshot: Snapshot | null,
  uploadsDir: string,
  now: number,
  log: (line: string) => void,
): string | null {
  const from = snapshot ?? (fs.existsSync(uploadsDir) ? null : (listSnapshots(config.snapshotDir)[0] ?? null));
  if (!from?.uploads) return null;
  if (fs.existsSync(uploadsDir)) fs.renameSync(uploadsDir, `${uploadsDir}.before-restore-${stamp(now)}`);
  linkTree(from.uploads, uploadsDir);
  log(`uploads restored from ${from.uploads}`);
  return from.uploads;
}
