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
  // Temporary storage in memory, not in temp files (this build's default): a savepoint's
  // statement journal (the sync's savepoint per sale) and the B-trees of an ORDER BY without an
  // index. Raw sale writes with a savepoint each ran at 4,773/s with temp files, 6,336/s in
  // memory, 7,026/s without savepoints (decision 033, afternoon amendment).
  sqlite.pragma("temp_store = MEMORY");
  // With a replica, Litestream checkpoints: the app must not checkpoint WAL it has not copied yet
  // (Litestream's tips: busy_timeout 5 s, above, and no autocheckpoint; decision 038).
  if (process.env.BACKUP_REPLICA_URL) sqlite.pragma("wal_autocheckpoint = 0");
  cacheStatements(sqlite);
  return drizzle(sqlite, { schema }) as Db;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle prepares every query it runs, and SQLite's prepare is a large share of a request's
 * time (a sale runs a few dozen queries). The same SQL text gets the same compiled statement back.
 * A reused statement is put back in its default (object-row) mode, since drizzle switches
 * statements to raw rows with `.raw()` when it wants arrays. Bounded: queries whose text varies
 * (IN lists of different lengths) push the oldest out.
 */
function cacheStatements(sqlite: Database.Database) {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof sqlite.prepare;
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
