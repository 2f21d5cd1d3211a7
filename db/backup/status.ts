import { backupConfig, LAG_PROBLEM_MS, type BackupConfig } from "./config";
import { replicaStatus, type ReplicaStatus } from "./litestream";
import { listSnapshots } from "./snapshots";

/** What /healthz and the distributor admin's backup page show (decision 038). */
export type BackupHealth = {
  replica: ReplicaStatus;
  /** Where it goes, without any credentials a URL might carry. */
  replicaUrl: string | null;
  syncIntervalSeconds: number;
  lagLimitMs: number;
  latestSnapshot: { file: string; at: number; kind: string } | null;
  snapshotCount: number;
  /** A message when something needs the operator: no replica, a lag over a minute, Litestream failing. */
  problem: "no-replica" | "lagging" | "replica-error" | null;
};

const CACHE_MS = 2_000;
let cached: { key: string; at: number; value: Promise<BackupHealth> } | undefined;

/** Cheap enough for every health check: Litestream is asked at most every 2 s per process. */
export function backupHealth(config: BackupConfig = backupConfig()): Promise<BackupHealth> {
  const key = `${config.databaseFile}|${config.replicaUrl}|${config.snapshotDir}`;
  const at = performance.now();
  if (cached && cached.key === key && at - cached.at < CACHE_MS) return cached.value;
  const value = measure(config);
  cached = { key, at, value };
  return value;
}

async function measure(config: BackupConfig): Promise<BackupHealth> {
  const replica = await replicaStatus(config);
  const snapshots = listSnapshots(config.snapshotDir);
  const latest = snapshots[0];
  return {
    replica,
    replicaUrl: config.replicaUrl ? redact(config.replicaUrl) : null,
    syncIntervalSeconds: config.syncIntervalSeconds,
    lagLimitMs: LAG_PROBLEM_MS,
    latestSnapshot: latest ? { file: latest.file, at: latest.at, kind: latest.kind } : null,
    snapshotCount: snapshots.length,
    problem:
      replica.state === "off"
        ? "no-replica"
        : replica.state === "lagging"
          ? "lagging"
          : replica.state === "error"
            ? "replica-error"
            : null,
  };
}

function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, "//");
}
