import type { Db } from "../../db/client";
import { backupConfig } from "../../db/backup/config";
import { hourHasSnapshot, pruneSnapshots, takeSnapshot } from "../../db/backup/snapshots";
import { uploadsDirectory } from "../../db/files";
import type { RunnerLog } from "../runner";

/**
 * The hourly snapshot (decision 038), a schedule rather than a queued job: jobs belong to an
 * organisation, a snapshot to the whole machine. Idempotent by its hour — each worker looks
 * every few minutes whether this UTC hour has one, takes it if not (VACUUM INTO, integrity_check,
 * uploads linked beside it), then applies the retention (hourly for 2 days, daily for 30).
 */
export function snapshotIfDue(db: Db, now: number, log: RunnerLog = () => {}): void {
  const config = backupConfig(process.env, db.$client.name);
  if (!hourHasSnapshot(config.snapshotDir, now)) {
    const snapshot = takeSnapshot(
      db.$client,
      config,
      now,
      "hourly",
      uploadsDirectory({ ...process.env, DATABASE_PATH: config.databaseFile }),
    );
    log("backup.snapshot", { file: snapshot.file, bytes: snapshot.bytes, ms: Math.round(snapshot.ms) });
  }
  for (const file of pruneSnapshots(config.snapshotDir, now)) log("backup.snapshot.pruned", { file });
}
