import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { backupConfig, replicaUrl } from "@db/backup/config";
import { markerFile } from "@db/backup/holder";
import { goDurationMs, parseGenerations, startReplication } from "@db/backup/litestream";
import { checkRestoredFile, restoreDatabase, RestoreRefused } from "@db/backup/restore";
import {
  DAY_MS,
  HOUR_MS,
  hourHasSnapshot,
  integrityProblems,
  listSnapshots,
  pruneSnapshots,
  snapshotsToKeep,
  takeSnapshot,
  type Snapshot,
} from "@db/backup/snapshots";
import { openDatabase } from "@db/client";
import { migrateDatabase, MIGRATIONS_FOLDER, pendingMigrations } from "@db/migrate";
import { PINNED_NOW } from "../support/clock";
import { makeProduct, makeStore } from "../support/factories";
import { BASE_DB, TEST_OUTPUT } from "../support/paths";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A directory of its own per test: the database, its uploads and its snapshots. */
function place() {
  const dir = fs.mkdtempSync(path.join(TEST_OUTPUT, "backup-"));
  dirs.push(dir);
  const dbFile = path.join(dir, "villagelink.sqlite");
  fs.copyFileSync(BASE_DB, dbFile);
  const config = backupConfig({ DATABASE_PATH: dbFile, BACKUP_SNAPSHOT_DIR: path.join(dir, "snapshots") });
  return { dir, dbFile, config, uploads: path.join(dir, "uploads") };
}

describe("retention", () => {
  const snap = (at: number, kind: Snapshot["kind"] = "hourly"): Snapshot => ({
    file: `/s/${at}-${kind}.sqlite`,
    at,
    kind,
    uploads: null,
  });
  const now = Date.UTC(2026, 11, 5, 12, 30);

  it("keeps the newest snapshot of each hour for 2 days and of each day for 30 days", () => {
    // Two an hour for 40 days.
    const all = Array.from({ length: 40 * 48 }, (_, i) => snap(now - i * 30 * 60_000));
    const keep = snapshotsToKeep(all, now);
    const kept = all.filter((s) => keep.has(s.file));
    const recent = kept.filter((s) => now - s.at <= 2 * DAY_MS);
    expect(new Set(recent.map((s) => Math.floor(s.at / HOUR_MS))).size).toBe(recent.length);
    expect(recent.length).toBeGreaterThanOrEqual(48);
    const older = kept.filter((s) => now - s.at > 2 * DAY_MS);
    expect(new Set(older.map((s) => Math.floor(s.at / DAY_MS))).size).toBe(older.length);
    expect(kept.every((s) => now - s.at <= 30 * DAY_MS)).toBe(true);
    expect(kept.length).toBeLessThan(48 + 31 + 1);
    expect(keep.has(all[0].file)).toBe(true);
  });

  it("keeps migration snapshots for 30 days and always the newest snapshot, however old", () => {
    const migration = snap(now - 10 * DAY_MS - 5 * 60_000, "migration");
    const sameDay = snap(now - 10 * DAY_MS, "hourly");
    expect(snapshotsToKeep([migration, sameDay], now)).toEqual(new Set([migration.file, sameDay.file]));
    const ancient = snap(now - 90 * DAY_MS);
    expect(snapshotsToKeep([ancient, snap(now - 91 * DAY_MS)], now)).toEqual(new Set([ancient.file]));
  });
});

describe("snapshots", () => {
  it("writes a checked copy with the uploads beside it, once an hour, and prunes by the retention", async () => {
    const { dbFile, config, uploads } = place();
    const db = openDatabase(dbFile);
    const { ctx } = await makeStore(db);
    makeProduct(ctx);
    fs.mkdirSync(path.join(uploads, "certificates"), { recursive: true });
    fs.writeFileSync(path.join(uploads, "certificates", "licence.jpg"), "a photo");

    expect(hourHasSnapshot(config.snapshotDir, PINNED_NOW)).toBe(false);
    const snapshot = takeSnapshot(db.$client, config, PINNED_NOW, "hourly", uploads);
    expect(integrityProblems(snapshot.file)).toEqual([]);
    expect(() => checkRestoredFile(snapshot.file)).not.toThrow();
    expect(fs.readFileSync(path.join(snapshot.uploads!, "certificates", "licence.jpg"), "utf8")).toBe("a photo");
    // A hard link: the snapshot's upload is the same file, no second copy on disk.
    expect(fs.statSync(path.join(snapshot.uploads!, "certificates", "licence.jpg")).ino).toBe(
      fs.statSync(path.join(uploads, "certificates", "licence.jpg")).ino,
    );
    expect(hourHasSnapshot(config.snapshotDir, PINNED_NOW + 10 * 60_000)).toBe(true);
    expect(hourHasSnapshot(config.snapshotDir, PINNED_NOW + HOUR_MS)).toBe(false);

    const old = takeSnapshot(db.$client, config, PINNED_NOW - 40 * DAY_MS, "hourly", uploads);
    const pruned = pruneSnapshots(config.snapshotDir, PINNED_NOW);
    expect(pruned).toEqual([old.file]);
    expect(fs.existsSync(old.uploads!)).toBe(false);
    expect(listSnapshots(config.snapshotDir).map((s) => s.file)).toEqual([snapshot.file]);
    db.$client.close();
  });

  it("takes a snapshot before pending migrations run on a database with data, never on a new one", () => {
    const { dir } = place();
    // A folder with the first migrations only: the database is "an older version" of the app.
    const older = path.join(dir, "older-migrations");
    fs.cpSync(MIGRATIONS_FOLDER, older, { recursive: true });
    const journalFile = path.join(older, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: unknown[] };
    fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 2) }));

    const dbFile = path.join(dir, "old.sqlite");
    const db = openDatabase(dbFile);
    migrateDatabase(db, PINNED_NOW, older);
    const snapshots = path.join(dir, "snapshots");
    expect(listSnapshots(snapshots)).toEqual([]); // a new database: nothing to keep
    expect(pendingMigrations(db).tags.length).toBe(journal.entries.length - 2);

    migrateDatabase(db, PINNED_NOW);
    const [taken] = listSnapshots(snapshots);
    expect(taken.kind).toBe("migration");
    expect(pendingMigrations(db).tags).toEqual([]);
    // The snapshot is the database as it was before: the older schema.
    const before = openDatabase(taken.file);
    expect(pendingMigrations(before).tags.length).toBe(journal.entries.length - 2);
    before.$client.close();
    migrateDatabase(db, PINNED_NOW + HOUR_MS); // nothing pending: no snapshot
    expect(listSnapshots(snapshots).length).toBe(1);
    db.$client.close();
  });
});

describe("restore", () => {
  it("swaps a checked snapshot in and keeps the file it replaced", async () => {
    const { dbFile, config, uploads } = place();
    const db = openDatabase(dbFile);
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx);
    takeSnapshot(db.$client, config, PINNED_NOW, "hourly", uploads);
    db.$client.prepare("update products set name = 'written after the snapshot' where id = ?").run(product.id);
    db.$client.close();

    const result = await restoreDatabase(config, { from: "snapshot" }, { uploadsDir: uploads, now: PINNED_NOW });
    expect(result.keptAside).toMatch(/before-restore/);
    expect(fs.existsSync(result.keptAside!)).toBe(true);
    expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);
    const back = openDatabase(dbFile);
    const row = back.$client.prepare("select name from products where id = ?").get(product.id) as { name: string };
    expect(row.name).toBe(product.name);
    back.$client.close();
  });

  it("refuses a restored file that breaks the ledger invariants, and leaves the database alone", async () => {
    const { dbFile, config, uploads } = place();
    const db = openDatabase(dbFile);
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx);
    db.$client.prepare("update products set on_hand = on_hand + 1 where id = ?").run(product.id);
    takeSnapshot(db.$client, config, PINNED_NOW, "hourly", uploads);
    db.$client.close();
    const before = fs.readFileSync(dbFile);

    await expect(
      restoreDatabase(config, { from: "snapshot" }, { uploadsDir: uploads, now: PINNED_NOW }),
    ).rejects.toThrow(/ledger invariants broken for 1 product/);
    expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
  });

  it("refuses to touch a database that a running server holds", async () => {
    const { dbFile, config, uploads } = place();
    const db = openDatabase(dbFile);
    takeSnapshot(db.$client, config, PINNED_NOW, "hourly", uploads);
    db.$client.close();
    // Another live process is "the server" in the marker.
    const other = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(markerFile(dbFile), JSON.stringify({ pid: other.pid, startedAt: PINNED_NOW }));
      const refused = restoreDatabase(config, { from: "snapshot" }, { uploadsDir: uploads, now: PINNED_NOW });
      await expect(refused).rejects.toBeInstanceOf(RestoreRefused);
      await expect(refused).rejects.toThrow(new RegExp(`pid ${other.pid} \\(server marker`));
    } finally {
      other.kill("SIGKILL");
    }
    // A marker left by a killed server is stale: the restore goes ahead.
    await new Promise((r) => other.once("exit", r));
    const result = await restoreDatabase(config, { from: "snapshot" }, { uploadsDir: uploads, now: PINNED_NOW });
    expect(result.databaseFile).toBe(dbFile);
  });
});

describe("litestream", () => {
  it("restores the replica as of a moment (--at) and its latest state", { timeout: 90_000 }, async () => {
    const { dir, dbFile } = place();
    const config = backupConfig({ DATABASE_PATH: dbFile, BACKUP_REPLICA_URL: path.join(dir, "replica") });
    const db = openDatabase(dbFile);
    const replication = startReplication(config, () => {});
    const shipped = () => new Promise((r) => setTimeout(r, 2_500)); // sync interval + monitor interval, with room
    try {
      const { ctx } = await makeStore(db);
      const before = makeProduct(ctx, { name: "写在时间点之前" });
      await shipped();
      // The moment on the kernel's clock (a file's time), which Litestream uses, also under faketime.
      fs.writeFileSync(path.join(dir, "moment"), "");
      const moment = fs.statSync(path.join(dir, "moment")).mtimeMs;
      await new Promise((r) => setTimeout(r, 1_200));
      const after = makeProduct(ctx, { name: "写在时间点之后" });
      await shipped();
      const names = async (at: number | undefined, name: string) => {
        const target = backupConfig(
          { DATABASE_PATH: path.join(dir, name), BACKUP_REPLICA_URL: config.replicaUrl! },
          path.join(dir, name),
        );
        await restoreDatabase(
          target,
          { from: "replica", at },
          { uploadsDir: path.join(dir, "uploads"), now: PINNED_NOW },
        );
        const restored = openDatabase(target.databaseFile);
        const rows = restored.$client
          .prepare("select id from products where id in (?, ?)")
          .all(before.id, after.id) as { id: string }[];
        restored.$client.close();
        return rows.map((r) => r.id).sort();
      };
      expect(await names(moment, "as-of.sqlite")).toEqual([before.id]);
      expect(await names(undefined, "latest.sqlite")).toEqual([before.id, after.id].sort());
    } finally {
      await replication.stop();
      db.$client.close();
    }
  });

  it("reads the lag and the last sync from `litestream generations`", () => {
    const rows = parseGenerations(
      "name  generation        lag     start                 end\n" +
        "file  8f2d3ae1d1fb40dc  1m2.5s  2026-12-05T03:32:34Z  2026-12-05T03:32:36Z\n",
    );
    expect(rows).toEqual([
      {
        replica: "file",
        generation: "8f2d3ae1d1fb40dc",
        lagMs: 62_500,
        startAt: Date.UTC(2026, 11, 5, 3, 32, 34),
        endAt: Date.UTC(2026, 11, 5, 3, 32, 36),
      },
    ]);
    expect(goDurationMs("-942ms")).toBe(-942);
    expect(goDurationMs("1h0m3s")).toBe(3_603_000);
    expect(goDurationMs("250µs")).toBeCloseTo(0.25);
  });

  it("takes a directory, a file:// URL or a bucket as the replica", () => {
    expect(replicaUrl("/srv/backup")).toBe("file:///srv/backup");
    expect(replicaUrl("file:///srv/backup/")).toBe("file:///srv/backup");
    expect(replicaUrl("s3://county-backups/lankao")).toBe("s3://county-backups/lankao");
  });
});
