import { is, Param, Placeholder } from "drizzle-orm";
import type { Db } from "@db/client";

/**
 * A query the write path runs on every sale, built once per database and then only executed
 * (decision 033). drizzle builds the SQL text of a query every time it runs one — walking the
 * columns, escaping names, merging chunks — and on the sale path that cost more than SQLite's
 * own work. `build` receives the connection and returns drizzle prepared queries with
 * `sql.placeholder(...)` for the values; they run inside whatever transaction is open on that
 * connection (better-sqlite3 has one connection per Db, and a transaction is that connection).
 */
export function preparedFor<T extends object>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let queries = cache.get(db);
    if (!queries) {
      queries = build(db);
      for (const query of Object.values(queries)) fastRun(query);
      cache.set(db, queries);
    }
    return queries;
  };
}

type Values = Record<string, unknown>;
type Step = (values: Values) => unknown;
type RunnableQuery = {
  run: (values?: Values) => unknown;
  stmt: { run: (...params: unknown[]) => unknown };
  query: { params: unknown[] };
};

const valueOf = (name: string, values: Values) => {
  if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
  return values[name];
};

/**
 * A write's placeholders, worked out once (decision 033, afternoon amendment). drizzle's
 * `run` asks of every parameter, on every execution, whether it is a placeholder or an encoded
 * column value (`is()` walks the class chain): a sale runs about twenty writes of up to fifteen
 * parameters. Here each parameter's step (the named value, through the column's encoder where
 * drizzle would use one, or the constant) is decided when the query is prepared; the statement
 * and the values bound are drizzle's own.
 */
function fastRun(query: unknown) {
  if (!isRunnable(query)) return;
  const steps: Step[] = query.query.params.map((param): Step => {
    if (is(param, Placeholder)) return (values) => valueOf(param.name, values);
    if (is(param, Param) && is(param.value, Placeholder)) {
      const { encoder } = param;
      const name = param.value.name;
      return (values) => encoder.mapToDriverValue(valueOf(name, values));
    }
    return () => param;
  });
  const { stmt } = query;
  query.run = (values = {}) => stmt.run(...steps.map((step) => step(values)));
}

function isRunnable(query: unknown): query is RunnableQuery {
  if (typeof query !== "object" || query === null) return false;
  const q = query as Partial<RunnableQuery>;
  return typeof q.run === "function" && typeof q.stmt?.run === "function" && Array.isArray(q.query?.params);
}
