import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { NotADemoDatabase, printDemoAccounts, seedDemo } from "../db/seed/demo";
import { startServer } from "../server";

/**
 * `npm start`: the embedded demo. Migrates the SQLite file, seeds the 兰考县 demo the first
 * time (never over real data), and serves. Production runs `npm run serve`, which only migrates.
 */
const db = openDatabase();
migrateDatabase(db);
try {
  const outcome = await seedDemo(db);
  if (outcome === "seeded") console.log("demo data created");
  printDemoAccounts();
} catch (error) {
  if (!(error instanceof NotADemoDatabase)) throw error;
  console.log("database holds real organisations: demo seed skipped");
} finally {
  db.$client.close();
}
await startServer();
