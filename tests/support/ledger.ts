import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";

/** Products whose cached level disagrees with their movements or with their lots: must be none. */
export function ledgerViolations(db: Db) {
  return db.all<{ id: string }>(sql`
    select p.id from products p
    where p.on_hand != (select coalesce(sum(qty), 0) from stock_movements m where m.product_id = p.id)
       or p.on_hand != (select coalesce(sum(on_hand), 0) from stock_lots l where l.product_id = p.id)`);
}
