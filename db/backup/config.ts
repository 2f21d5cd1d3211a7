import path from "node:path";
import { fileURLToPath } from "node:url";
import { databasePath } from "../client";

/**
 * Where backups go (decision 038). `BACKUP_REPLICA_URL`: Litestream's continuous replica, a
 * directory (a path or a file:// URL) or an S3-compatible bucket (s3://bucket/path; credentials
 * and endpoint from the usual AWS_* / LITESTREAM_* environment). `BACKUP_SNAPSHOT_DIR`: the
 * worker's hourly and daily snapshots, beside the database by default.
 */
export type BackupConfig = {
  databaseFile: string;
  /** Litestream's replica URL, normalised (a bare path becomes file://…); null: no replica. */
  replicaUrl: string | null;
  snapshotDir: string;
  /** Litestream's config, written at start-up beside the database. */
  litestreamConfigFile: string;
  /** How often Litestream ships the WAL: the recovery point. */
  syncIntervalSeconds: number;
};

export const SYNC_INTERVAL_SECONDS = 1;

/** A lag beyond this is a problem (healthz, the admin's page). */
export const LAG_PROBLEM_MS = 60_000;

export function backupConfig(
  env: Record<string, string | undefined> = process.env,
  file = env.DATABASE_PATH ?? databasePath(),
) {
  const databaseFile = path.resolve(file);
  const replica = env.BACKUP_REPLICA_URL?.trim();
  return {
    databaseFile,
    replicaUrl: replica ? replicaUrl(replica) : null,
    snapshotDir: path.resolve(env.BACKUP_SNAPSHOT_DIR ?? path.join(path.dirname(databaseFile), "snapshots")),
    litestreamConfigFile: `${databaseFile}.litestream.yml`,
    syncIntervalSeconds: SYNC_INTERVAL_SECONDS,
  } satisfies BackupConfig;
}

/** A bare directory becomes an absolute file:// URL; s3://, file:// and others pass as given. */
export function replicaUrl(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    if (!value.startsWith("file://")) return value;
    return `file://${path.resolve(fileURLToPath(value))}`;
  }
  return `file://${path.resolve(value)}`;
}
