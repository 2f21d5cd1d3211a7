import cluster from "node:cluster";
import { openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { appClock } from "../../app/config.server";
import { createApp } from "../../server";

/**
 * The measurement of issue 12's "second process" (decision 033, amended): the real app in
 * `WEB_WORKERS` (default 2) node:cluster workers sharing one port and one SQLite file (WAL, each
 * worker its own connection, IMMEDIATE write transactions waiting on busy_timeout). The primary
 * migrates and forks; no backup, no graceful drain — a bench entry, not how the app is started.
 * `node --import tsx tests/bench/cluster-server.ts` with PORT and DATABASE_PATH.
 */
const WORKERS = Number(process.env.WEB_WORKERS ?? 2);
if (cluster.isPrimary) {
  const migrator = openDatabase();
  migrateDatabase(migrator, appClock.now());
  migrator.$client.close();
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
    setTimeout(() => process.exit(0), 500);
  });
} else {
  const { app } = await createApp();
  app.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
}
