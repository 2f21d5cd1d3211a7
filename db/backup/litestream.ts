import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { LAG_PROBLEM_MS, type BackupConfig } from "./config";

const run = promisify(execFile);

/**
 * Litestream (0.3.x, the binary the npm package @flydotio/litestream ships) replicates the
 * SQLite file continuously: it copies each new WAL frame to the replica every sync interval and
 * keeps a read transaction open so that nothing is checkpointed before it was copied (decision 038).
 */
export function litestreamBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LITESTREAM_BIN) return env.LITESTREAM_BIN;
  const require = createRequire(import.meta.url);
  const pkg = require.resolve(`@flydotio/litestream-${process.platform}-${process.arch}/package.json`);
  return path.join(path.dirname(pkg), "litestream");
}

/** The YAML Litestream reads. S3-compatible endpoints (MinIO, OSS, COS…) come from BACKUP_S3_ENDPOINT. */
export function litestreamYaml(config: BackupConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (!config.replicaUrl) throw new Error("no BACKUP_REPLICA_URL: nothing to replicate to");
  const s = `${config.syncIntervalSeconds}s`;
  const replica = [
    `      - url: ${JSON.stringify(config.replicaUrl)}`,
    `        sync-interval: ${s}`,
    // A fresh snapshot every 6 h bounds how much WAL a restore replays; 72 h of point-in-time history.
    `        snapshot-interval: 6h`,
    `        retention: 72h`,
    ...(env.BACKUP_S3_ENDPOINT
      ? [`        endpoint: ${JSON.stringify(env.BACKUP_S3_ENDPOINT)}`, `        force-path-style: true`]
      : []),
    ...(env.BACKUP_S3_REGION ? [`        region: ${JSON.stringify(env.BACKUP_S3_REGION)}`] : []),
  ];
  return [
    "# Written by VillageLink at start-up from BACKUP_REPLICA_URL (db/backup/litestream.ts). Edits are overwritten.",
    "dbs:",
    `  - path: ${JSON.stringify(config.databaseFile)}`,
    // Look at the WAL every 100 ms, so a write waits at most ~one sync interval (+0.1 s) for the replica.
    `    monitor-interval: 100ms`,
    "    replicas:",
    ...replica,
    "",
  ].join("\n");
}

export function writeLitestreamConfig(config: BackupConfig, env: NodeJS.ProcessEnv = process.env): string {
  fs.mkdirSync(path.dirname(config.litestreamConfigFile), { recursive: true });
  fs.writeFileSync(config.litestreamConfigFile, litestreamYaml(config, env));
  return config.litestreamConfigFile;
}

/**
 * Runs `litestream replicate` under a small sh watchdog: the watchdog holds a pipe from this
 * process on its stdin, so when this process ends in any way (a clean stop, a crash, kill -9),
 * the pipe closes and Litestream gets SIGTERM (its final sync, then exit). When Litestream
 * itself exits, so does the watchdog, and the caller sees it.
 */
const WATCHDOG = [
  "exec 3<&0",
  '"$0" replicate -config "$1" </dev/null &',
  "pid=$!",
  "( read _ <&3; kill -TERM $pid 2>/dev/null ) &",
  "watcher=$!",
  "wait $pid",
  "status=$?",
  "kill $watcher 2>/dev/null",
  "exit $status",
].join("\n");

export type Replication = { stop: () => Promise<void>; running: () => boolean };

/**
 * Replicates beside the server for as long as this process lives: Litestream is started again
 * after a pause if it dies (up to a minute between tries), and `stop()` ends it cleanly.
 */
export function startReplication(
  config: BackupConfig,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Replication {
  const file = writeLitestreamConfig(config);
  let child: ChildProcess | undefined;
  let stopping = false;
  let restartMs = 1_000;
  const start = () => {
    const startedAt = performance.now();
    child = spawn("sh", ["-c", WATCHDOG, litestreamBinary(), file], { stdio: ["pipe", "pipe", "pipe"] });
    const forward = (chunk: Buffer) =>
      chunk
        .toString()
        .split("\n")
        .filter((line) => line.trim() && !/level=DEBUG/.test(line))
        .forEach((line) => log(`litestream: ${line}`));
    child.stdout?.on("data", forward);
    child.stderr?.on("data", forward);
    child.on("exit", (code, signal) => {
      if (stopping) return;
      restartMs = performance.now() - startedAt > 60_000 ? 1_000 : Math.min(restartMs * 2, 60_000);
      log(`litestream exited (${signal ?? code}); restarting in ${restartMs / 1000} s — the replica is falling behind`);
      setTimeout(() => stopping || start(), restartMs).unref();
    });
  };
  start();
  return {
    running: () => !!child && child.exitCode === null && child.signalCode === null,
    stop: () => {
      stopping = true;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return Promise.resolve();
      const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
      current.stdin?.end("stop\n");
      return exited;
    },
  };
}

// —— Where the replica stands ——

export type ReplicaStatus =
  | { state: "off" }
  | { state: "starting" }
  | { state: "ok" | "lagging"; lagMs: number; lastSyncAt: number; generation: string }
  | { state: "error"; message: string };

/**
 * Litestream's own account of the replica (`litestream generations`, ~20 ms): for the generation
 * being written now, how far the replica's last WAL segment trails the local database's last
 * write ("lag"), and when that segment was written ("end": the last successful sync). A dead
 * Litestream shows as a lag that grows with every write the replica misses.
 */
export async function replicaStatus(config: BackupConfig): Promise<ReplicaStatus> {
  if (!config.replicaUrl) return { state: "off" };
  if (!fs.existsSync(config.litestreamConfigFile)) return { state: "starting" };
  const generation = currentGeneration(config.databaseFile);
  if (!generation) return { state: "starting" };
  try {
    const { stdout } = await run(
      litestreamBinary(),
      ["generations", "-config", config.litestreamConfigFile, config.databaseFile],
      { timeout: 10_000 },
    );
    const row = parseGenerations(stdout).find((r) => r.generation === generation);
    if (!row) return { state: "starting" };
    const lagMs = Math.max(0, row.lagMs);
    return { state: lagMs > LAG_PROBLEM_MS ? "lagging" : "ok", lagMs, lastSyncAt: row.endAt, generation };
  } catch (error) {
    return { state: "error", message: error instanceof Error ? error.message.split("\n")[0] : String(error) };
  }
}

/** The generation Litestream is writing, from its directory beside the database (`.<name>-litestream`). */
export function currentGeneration(databaseFile: string): string | null {
  const file = path.join(path.dirname(databaseFile), `.${path.basename(databaseFile)}-litestream`, "generation");
  try {
    return fs.readFileSync(file, "utf8").trim() || null;
  } catch {
    return null;
  }
}

export function litestreamDirectory(databaseFile: string): string {
  return path.join(path.dirname(databaseFile), `.${path.basename(databaseFile)}-litestream`);
}

export type GenerationRow = { replica: string; generation: string; lagMs: number; startAt: number; endAt: number };

/** `name generation lag start end` rows, the lag a Go duration ("-942ms", "1m2.5s"). */
export function parseGenerations(stdout: string): GenerationRow[] {
  return stdout
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length === 5)
    .map(([replica, generation, lag, start, end]) => ({
      replica,
      generation,
      lagMs: goDurationMs(lag),
      startAt: Date.parse(start),
      endAt: Date.parse(end),
    }));
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 1e-3, µs: 1e-3, ns: 1e-6 };

export function goDurationMs(text: string): number {
  const sign = text.startsWith("-") ? -1 : 1;
  let total = 0;
  for (const [, n, unit] of text.replace(/^[-+]/, "").matchAll(/([\d.]+)(h|ms|us|µs|ns|m|s)/g))
    total += Number(n) * UNIT_MS[unit];
  return sign * total;
}

/**
 * `litestream restore`: the replica's latest state, or its state at `at` (epoch ms), into a new
 * file. The config names the replica (and its endpoint); nothing else of the lost machine is needed.
 */
export async function restoreFromReplica(
  configFile: string,
  databaseFile: string,
  output: string,
  at?: number,
): Promise<void> {
  const timestamp = at === undefined ? [] : ["-timestamp", new Date(at).toISOString()];
  await run(litestreamBinary(), ["restore", "-config", configFile, "-o", output, ...timestamp, databaseFile], {
    timeout: 30 * 60_000,
  });
}
