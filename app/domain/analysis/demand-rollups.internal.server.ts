import { sql } from "drizzle-orm";
import type { Db } from "@db/client";
import type { WriteTx } from "../context.server";
import { SHIPPED_STATES } from "./rollups.server";

// An order's part of `demand_weekly` (db/schema/analysis.ts), kept in the order's transaction
// (rollups.server.ts says how the rollups are kept and rebuilt). These take a bare order id and
// no organisation: the caller has already found the order within its own organisation, so only
// the domain may call them (internal module: routes and components cannot import it).

type Writer = WriteTx | Db;

/**
 * Adds (+1) or takes away (−1) an order's contribution to `demand_weekly`, as the backfill
 * computes it from the order's CURRENT delivery date, status and lines. Call +1 once the order
 * and its lines are written (submitted, backorder, group-buy order); call −1 BEFORE the order
 * is moved to rejected or cancelled (or before its delivery date changes, then +1 after), so
 * that what it had shipped comes off too. Rows no counted order backs any more are removed.
 */
export function bookOrderDemand(tx: Writer, orderId: string, sign: 1 | -1): void {
  tx.run(sql`INSERT INTO demand_weekly (distributor_org_id, week, product_id, store_org_id, packs_ordered, packs_shipped, value_fen)
    SELECT o.distributor_org_id, date(o.delivery_date, 'weekday 0', '-6 days'), l.product_id, o.store_org_id,
      ${sign} * sum(l.qty_packs),
      ${sign} * sum(CASE WHEN o.status IN ${SHIPPED_STATES} THEN coalesce(l.picked_packs, l.qty_packs) ELSE 0 END),
      ${sign} * sum(l.qty_packs * l.case_price_fen)
    FROM restock_orders o JOIN restock_order_lines l ON l.order_id = o.id
    WHERE o.id = ${orderId}
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (distributor_org_id, week, product_id, store_org_id) DO UPDATE SET
      packs_ordered = packs_ordered + excluded.packs_ordered,
      packs_shipped = packs_shipped + excluded.packs_shipped,
      value_fen = value_fen + excluded.value_fen`);
  if (sign < 0) {
    tx.run(sql`DELETE FROM demand_weekly WHERE packs_ordered = 0 AND packs_shipped = 0 AND value_fen = 0
      AND (distributor_org_id, week, product_id, store_org_id) IN (
        SELECT o.distributor_org_id, date(o.delivery_date, 'weekday 0', '-6 days'), l.product_id, o.store_org_id
        FROM restock_orders o JOIN restock_order_lines l ON l.order_id = o.id WHERE o.id = ${orderId})`);
  }
}

/** The van left with this order: its picked packs (all ordered packs where none were entered) count as shipped. */
export function bookOrderShipped(tx: Writer, orderId: string): void {
  tx.run(sql`INSERT INTO demand_weekly (distributor_org_id, week, product_id, store_org_id, packs_ordered, packs_shipped, value_fen)
    SELECT o.distributor_org_id, date(o.delivery_date, 'weekday 0', '-6 days'), l.product_id, o.store_org_id,
      0, sum(coalesce(l.picked_packs, l.qty_packs)), 0
    FROM restock_orders o JOIN restock_order_lines l ON l.order_id = o.id
    WHERE o.id = ${orderId}
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (distributor_org_id, week, product_id, store_org_id) DO UPDATE SET
      packs_shipped = packs_shipped + excluded.packs_shipped`);
}
