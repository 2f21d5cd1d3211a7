import { sql } from "drizzle-orm";
import type { Db } from "./client";

/**
 * The stock ledger's invariants (docs/architecture.md, "Stock ledger"): per product, the cached
 * level equals the sum of its movements and the sum of its lots. The tests assert them after
 * every concurrent and crashing write; a restore checks them before swapping a file in.
 * Products that break either: must be none.
 */
export function ledgerViolations(db: Db) {
  return db.all<{ id: string }>(sql`
    select p.id from products p
    where p.on_hand != (select coalesce(sum(qty), 0) from stock_movements m where m.product_id = p.id)
       or p.on_hand != (select coalesce(sum(on_hand), 0) from stock_lots l where l.product_id = p.id)`);
}
