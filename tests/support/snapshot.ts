import { expect } from "vitest";
import type { Db } from "../../db/client";

/**
 * Every row of every table, in rowid order: compare a snapshot taken before a refused request
 * with one taken after to prove that "nothing was written" (not merely that one count held).
 */
export function dbSnapshot(db: Db): Record<string, unknown[]> {
  const tables = db.$client
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != '__drizzle_migrations' order by name`,
    )
    .pluck()
    .all() as string[];
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) {
    snapshot[table] = db.$client.prepare(`select * from "${table}" order by rowid`).all();
  }
  return snapshot;
}

/** Rows per table: a compact view for asserting what a request did write. */
export function rowCounts(db: Db): Record<string, number> {
  return Object.fromEntries(Object.entries(dbSnapshot(db)).map(([table, rows]) => [table, rows.length]));
}

/**
 * A request that must be refused: sends it, proves with a snapshot before and after that it
 * wrote nothing, and gives its status and body for the caller's own checks.
 */
export async function refusedWithoutWriting(db: Db, send: () => Promise<Response>) {
  const before = dbSnapshot(db);
  const res = await send();
  const body = await res.text();
  expect(dbSnapshot(db)).toEqual(before);
  return { status: res.status, body };
}
