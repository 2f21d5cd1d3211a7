import { backupConfig } from "./config";
import { writeServerMarker } from "./holder";
import { startReplication } from "./litestream";

/**
 * What the server starts beside itself (server.ts, so both `npm start` and `npm run serve`):
 * Litestream when BACKUP_REPLICA_URL names a replica (or a clear line that there is no backup),
 * and the marker that tells `npm run restore` this database is in use. `stop()` at shutdown.
 */
export function startBackupBesideServer(now: number): { stop: () => Promise<void> } {
  const config = backupConfig();
  const removeMarker = writeServerMarker(config.databaseFile, now);
  if (!config.replicaUrl) {
    console.warn(
      "WARNING: running WITHOUT a backup — set BACKUP_REPLICA_URL (a directory or s3://bucket/path) to replicate " +
        "the database continuously (README, 'Backups and restore')",
    );
    return { stop: async () => removeMarker() };
  }
  const replication = startReplication(config);
  console.log(
    `backup: replicating ${config.databaseFile} to ${config.replicaUrl} every ${config.syncIntervalSeconds} s (Litestream)`,
  );
  return {
    stop: async () => {
      await replication.stop();
      removeMarker();
    },
  };
}
