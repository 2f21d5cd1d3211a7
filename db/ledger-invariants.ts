import { sql } from "drizzle-orm";
import type { Db } from "./client";

/**
 * The stock ledger's invariants (docs/architecture.md, "Stock ledger"): per product, the cached
 * level equals the sum of its movements and the sum of its lots. The tests assert them after
 * every concurrent and crashing write; a restore checks them before swapping a file in.
 * Products that break either: must be none.
 */
export function ledgerViolations(db: Db) {
  // One pass over each table (grouped), not a sub-query per product: a county's file has
  // millions of movements, and a restore runs this before it swaps the file in.
  return db.all<{ id: string }>(sql`
    with moved as (select product_id, sum(qty) as qty from stock_movements group by product_id),
         lots as (select product_id, sum(on_hand) as qty from stock_lots group by product_id)
    select p.id from products p
    left join moved on moved.product_id = p.id
    left join lots on lots.product_id = p.id
    where p.on_hand != coalesce(moved.qty, 0) or p.on_hand != coalesce(lots.qty, 0)`);
}
