import type { Db } from "../client";

// Every timestamp column the restock and fulfilment use cases write (directly or through the
// stock ledger and `once`).
const STAMPED: [table: string, column: string][] = [
  ["restock_orders", "created_at"],
  ["restock_orders", "updated_at"],
  ["state_transitions", "at"],
  ["delivery_runs", "created_at"],
  ["delivery_claims", "created_at"],
  ["delivery_claims", "resolved_at"],
  ["account_entries", "created_at"],
  ["stock_movements", "created_at"],
  ["stock_lots", "created_at"],
  ["products", "created_at"],
  ["products", "updated_at"],
  ["distributor_links", "requested_at"],
  ["distributor_links", "decided_at"],
  ["idempotent_requests", "created_at"],
];

/**
 * `at(time, write)` runs a use case as it is, then moves everything it stamped with the real
 * clock to `time`. The use cases take their time from Date.now() and the seed replays a month;
 * whatever a call wrote carries a stamp no earlier than the moment it started, while everything
 * the seed wrote before has already been moved into the past, so "stamped since the call began"
 * is exactly what the call wrote (including an order's updated_at bumped by a later step).
 */
export function backdater(db: Db) {
  const statements = STAMPED.map(([table, column]) =>
    db.$client.prepare(`update ${table} set ${column} = ? where ${column} >= ?`),
  );
  return function at<T>(time: number, write: () => T): T {
    const since = Date.now();
    const result = write();
    for (const statement of statements) statement.run(time, since);
    return result;
  };
}
export type At = ReturnType<typeof backdater>;
