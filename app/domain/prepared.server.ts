import type { Db } from "@db/client";

/**
 * A query the write path runs on every sale, built once per database and then only executed
 * (decision 033). drizzle builds the SQL text of a query every time it runs one — walking the
 * columns, escaping names, merging chunks — and on the sale path that cost more than SQLite's
 * own work. `build` receives the connection and returns drizzle prepared queries with
 * `sql.placeholder(...)` for the values; they run inside whatever transaction is open on that
 * connection (better-sqlite3 has one connection per Db, and a transaction is that connection).
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let queries = cache.get(db);
    if (!queries) {
      queries = build(db);
      cache.set(db, queries);
    }
    return queries;
  };
}
