import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { BackupConfig } from "./config";

/**
 * Snapshots (decision 038): a consistent copy of the database written with `VACUUM INTO` (one
 * read transaction: the server keeps selling meanwhile), checked with `PRAGMA integrity_check`
 * before it gets its final name, and the files the app owns (uploads) hard-linked beside it.
 * Names carry the instant (UTC) and why it was taken:
 *   villagelink-20261205T030000Z-hourly.sqlite  (+ villagelink-20261205T030000Z-hourly.uploads/)
 */
export type SnapshotKind = "hourly" | "migration" | "manual";

export type Snapshot = { file: string; at: number; kind: SnapshotKind; uploads: string | null };

const NAME = /^(.+)-(\d{8}T\d{6})Z-(hourly|migration|manual)\.sqlite$/;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Retention: the newest snapshot of each hour for 2 days, of each day for 30 days. */
export const RETENTION = { hourlyForMs: 2 * DAY_MS, dailyForMs: 30 * DAY_MS };

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, "").slice(0, 15);
}

function parseStamp(text: string): number {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(text)!;
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
}

export function snapshotFileName(databaseFile: string, at: number, kind: SnapshotKind): string {
  const base = path.basename(databaseFile).replace(/\.(sqlite3?|db)$/, "");
  return `${base}-${stamp(at)}Z-${kind}.sqlite`;
}

export function uploadsDirFor(snapshotFile: string): string {
  return snapshotFile.replace(/\.sqlite$/, ".uploads");
}

/** Every finished snapshot in the directory, newest first (a `.partial` file is one being written or abandoned). */
export function listSnapshots(dir: string): Snapshot[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, match: NAME.exec(name) }))
    .filter((x): x is { name: string; match: RegExpExecArray } => x.match !== null)
    .map(({ name, match }) => {
      const file = path.join(dir, name);
      const uploads = uploadsDirFor(file);
      return {
        file,
        at: parseStamp(match[2]),
        kind: match[3] as SnapshotKind,
        uploads: fs.existsSync(uploads) ? uploads : null,
      };
    })
    .sort((a, b) => b.at - a.at);
}

/** `PRAGMA integrity_check` on a file, read-only: "ok", or the first problems SQLite reports. */
export function integrityProblems(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    const found = rows.map((r) => r.integrity_check);
    return found.length === 1 && found[0] === "ok" ? [] : found;
  } finally {
    db.close();
  }
}

export class SnapshotFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotFailed";
  }
}

/**
 * Writes a snapshot of the database `sqlite` is connected to, checks it, then names it, and
 * hard-links the uploads directory beside it (a copy where links are not possible). A snapshot
 * that fails the check is deleted and the error thrown: no bad file is ever kept as a backup.
 */
export function takeSnapshot(
  sqlite: Database.Database,
  config: Pick<BackupConfig, "databaseFile" | "snapshotDir">,
  at: number,
  kind: SnapshotKind,
  uploadsDir?: string,
): Snapshot & { bytes: number; ms: number } {
  const started = performance.now();
  fs.mkdirSync(config.snapshotDir, { recursive: true });
  const file = path.join(config.snapshotDir, snapshotFileName(config.databaseFile, at, kind));
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  sqlite.prepare("VACUUM INTO ?").run(partial);
  const problems = integrityProblems(partial);
  if (problems.length) {
    fs.rmSync(partial, { force: true });
    throw new SnapshotFailed(`snapshot failed its integrity check: ${problems.slice(0, 5).join("; ")}`);
  }
  const uploads = uploadsDir && fs.existsSync(uploadsDir) ? linkTree(uploadsDir, uploadsDirFor(file)) : null;
  fs.renameSync(partial, file);
  return { file, at, kind, uploads, bytes: fs.statSync(file).size, ms: performance.now() - started };
}

/** Copies a directory tree as hard links (uploads are written once and never changed in place). */
export function linkTree(from: string, to: string): string {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isFile()) {
      try {
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target); // another file system, or links not allowed
      }
    }
  }
  return to;
}

/**
 * Which snapshots the retention keeps at `now`: the newest of each UTC hour within 2 days, the
 * newest of each UTC day within 30 days, every migration snapshot within 30 days, and always
 * the newest of all (a machine that stopped for a month still has its last one).
 */
export function snapshotsToKeep(snapshots: Snapshot[], now: number): Set<string> {
  const keep = new Set<string>();
  const newestPer = (bucket: (at: number) => number, withinMs: number) => {
    const seen = new Set<number>();
    for (const s of [...snapshots].sort((a, b) => b.at - a.at)) {
      if (now - s.at > withinMs) continue;
      const key = bucket(s.at);
      if (seen.has(key)) continue;
      seen.add(key);
      keep.add(s.file);
    }
  };
  newestPer((at) => Math.floor(at / HOUR_MS), RETENTION.hourlyForMs);
  newestPer((at) => Math.floor(at / DAY_MS), RETENTION.dailyForMs);
  for (const s of snapshots) if (s.kind === "migration" && now - s.at <= RETENTION.dailyForMs) keep.add(s.file);
  const newest = [...snapshots].sort((a, b) => b.at - a.at)[0];
  if (newest) keep.add(newest.file);
  return keep;
}

/** Deletes what the retention no longer keeps (and its uploads). Returns the deleted files. */
export function pruneSnapshots(dir: string, now: number): string[] {
  const snapshots = listSnapshots(dir);
  const keep = snapshotsToKeep(snapshots, now);
  const dropped = snapshots.filter((s) => !keep.has(s.file));
  for (const s of dropped) {
    fs.rmSync(s.file, { force: true });
    if (s.uploads) fs.rmSync(s.uploads, { recursive: true, force: true });
  }
  return dropped.map((s) => s.file);
}

/** Whether this UTC hour already has a snapshot (two workers, or a restarted one, take one an hour). */
export function hourHasSnapshot(dir: string, now: number): boolean {
  const hour = Math.floor(now / HOUR_MS);
  return listSnapshots(dir).some((s) => s.kind === "hourly" && Math.floor(s.at / HOUR_MS) === hour);
}
