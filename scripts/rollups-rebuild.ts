import { databasePath, openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { recomputeAllRollups } from "../app/domain/analysis/rollups.server";

/**
 * `npm run rollups:rebuild`: the repair tool. Rebuilds every store's sales rollups and every
 * distributor's demand from the ledger (one transaction per organisation), with the same SQL
 * as migration 0003's backfill. Safe to run while the server runs: each rebuild is atomic.
 */
const db = openDatabase();
migrateDatabase(db);
const started = performance.now();
const { stores, distributors } = recomputeAllRollups(db);
db.$client.close();
console.log(
  `rebuilt rollups of ${stores} stores and ${distributors} distributors in ${databasePath()} in ${Math.round(performance.now() - started)} ms`,
);
