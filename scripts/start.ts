import { appClock } from "../app/config.server";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { NotADemoDatabase, printDemoAccounts, seedDemo } from "../db/seed/demo";
import { startServer } from "../server";
import { startEmbeddedWorker } from "../workers/embedded";

/**
 * `npm start`: the embedded demo. Migrates the SQLite file, seeds the 兰考县 demo the first
 * time (never over real data), and serves. Production runs `npm run serve`, which only migrates.
 */
const db = openDatabase();
migrateDatabase(db);
try {
  // The demo ends at the app's now, so it looks current on a server started at CLOCK_START too.
  const outcome = await seedDemo(db, { now: appClock.now() });
  if (outcome === "seeded") console.log("demo data created");
  printDemoAccounts();
} catch (error) {
  if (!(error instanceof NotADemoDatabase)) throw error;
  console.log("database holds real organisations: demo seed skipped");
} finally {
  db.$client.close();
}
await startServer();
// The background worker runs beside the server (decision 022); EMBEDDED_WORKER=0 leaves it to `npm run workers`.
if (process.env.EMBEDDED_WORKER !== "0") startEmbeddedWorker();
