import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const DEFAULT_DATABASE_PATH = "data/villagelink.sqlite";

export function databasePath(): string {
  return process.env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH;
}

export function openDatabase(file: string = databasePath()): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // WAL lets readers run beside the writer; NORMAL sync in WAL mode loses nothing on a
  // process crash (kill -9), only possibly the last commits on power loss.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return drizzle(sqlite, { schema }) as Db;
}

let shared: Db | undefined;

/** The process-wide connection; better-sqlite3 is synchronous, so one is enough. */
export function getDb(): Db {
  shared ??= openDatabase();
  return shared;
}

export function closeDb(): void {
  shared?.$client.close();
  shared = undefined;
}
