import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { backupConfig } from "./backup/config";
import { takeSnapshot } from "./backup/snapshots";
import { uploadsDirectory } from "./files";
import { openDatabase, databasePath, type Db } from "./client";

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Migrations in the journal that this database has not applied (drizzle compares by their `when`). */
export function pendingMigrations(db: Db, folder = MIGRATIONS_FOLDER): { tags: string[]; applied: number } {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string; when: number }[];
  };
  const table = db.$client
    .prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!table) return { tags: journal.entries.map((e) => e.tag), applied: 0 };
  const { applied, last } = db.$client
    .prepare("select count(*) as applied, coalesce(max(created_at), 0) as last from __drizzle_migrations")
    .get() as { applied: number; last: number };
  return { tags: journal.entries.filter((e) => e.when > last).map((e) => e.tag), applied };
}

/**
 * Applies pending migrations. A database that already holds data gets a snapshot first
 * (decision 038): a migration that goes wrong is undone by `npm run restore -- --snapshot`.
 */
export function migrateDatabase(db: Db, now: number = Date.now(), folder = MIGRATIONS_FOLDER): void {
  const pending = pendingMigrations(db, folder);
  const file = db.$client.name;
  if (pending.tags.length && pending.applied > 0 && file !== ":memory:" && !db.$client.memory) {
    const config = backupConfig(process.env, file);
    const snapshot = takeSnapshot(
      db.$client,
      config,
      now,
      "migration",
      uploadsDirectory({ ...process.env, DATABASE_PATH: file }),
    );
    console.log(`snapshot before migrating (${pending.tags.join(", ")}): ${snapshot.file}`);
  }
  migrate(db, { migrationsFolder: folder });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const db = openDatabase();
  migrateDatabase(db);
  db.$client.close();
  console.log(`migrated ${databasePath()}`);
}
