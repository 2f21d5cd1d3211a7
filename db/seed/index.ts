import { databasePath, openDatabase } from "../client";
import { migrateDatabase } from "../migrate";
import { printDemoAccounts, seedDemo } from "./demo";

/** `npm run db:seed`: migrates, then seeds the demo unless the database holds real data. */
const db = openDatabase();
migrateDatabase(db);
const started = performance.now();
const outcome = await seedDemo(db);
db.$client.close();
console.log(`${outcome} ${databasePath()} in ${Math.round(performance.now() - started)} ms`);
printDemoAccounts();
