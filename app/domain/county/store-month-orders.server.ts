import { sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { addDays, shanghaiDayStart } from "../dates";
import { addMonths } from "./months";

// What a store's restock orders say about a closed month, for the county (issue 16): the
// delivery network (deliveries, on time, fill), whether the store stopped ordering, what it
// restocked by category, and what its group buys saved it. Read once at month close.

export type OrderFacts = {
  deliveries: number;
  onTime: number;
  packsOrdered: number;
  packsShipped: number;
  stopped: number;
  savedFen: number;
  /** Restock value by the distributor's category of each line; adds up to `restockFen`. */
  categories: { category: string; restockFen: number }[];
  restockFen: number;
};

/** A consent of `org` (a column or value) that covers `month`. */
const consentCovers = (org: ReturnType<typeof sql.raw>, month: string) =>
  sql`exists (select 1 from aggregate_consents c where c.org_id = ${org} and c.from_month <= ${month} and (c.until_month is null or c.until_month > ${month}))`;

export function storeMonthOrderFacts(db: Db, orgId: string, month: string): OrderFacts {
  const from = `${month}-01`;
  const to = `${addMonths(month, 1)}-01`;
  // Delivered orders of the month from distributors that consented for it (a distributor's
  // performance names the firm: without its consent it is not counted).
  const delivered = db.all<{ deliveryDate: string; at: number | null; ordered: number; shipped: number }>(sql`
    SELECT o.delivery_date AS deliveryDate,
      (SELECT min(t.at) FROM state_transitions t WHERE t.entity = 'order' AND t.entity_id = o.id AND t.to_state = 'delivered') AS at,
      (SELECT coalesce(sum(l.qty_packs), 0) FROM restock_order_lines l WHERE l.order_id = o.id) AS ordered,
      (SELECT coalesce(sum(coalesce(l.picked_packs, l.qty_packs)), 0) FROM restock_order_lines l WHERE l.order_id = o.id) AS shipped
    FROM restock_orders o
    WHERE o.store_org_id = ${orgId} AND o.status IN ('delivered', 'received')
      AND o.delivery_date >= ${from} AND o.delivery_date < ${to}
      AND ${consentCovers(sql.raw("o.distributor_org_id"), month)}`);
  let onTime = 0;
  for (const d of delivered) {
    // On time: delivered before the end of the delivery date, Shanghai time (as the distributor's view).
    if (d.at !== null && d.at < shanghaiDayStart(addDays(d.deliveryDate, 1))) onTime += 1;
  }
  // Stopped ordering: a counted order (not rejected or cancelled) in the three months before, none this month.
  const ordering = db.get<{ before: number; now: number }>(sql`
    SELECT
      coalesce(sum(CASE WHEN delivery_date < ${from} THEN 1 ELSE 0 END), 0) AS before,
      coalesce(sum(CASE WHEN delivery_date >= ${from} THEN 1 ELSE 0 END), 0) AS now
    FROM restock_orders
    WHERE store_org_id = ${orgId} AND status NOT IN ('rejected', 'cancelled')
      AND delivery_date >= ${`${addMonths(month, -3)}-01`} AND delivery_date < ${to}`);
  const categories = db.all<{ category: string; restockFen: number }>(sql`
    SELECT coalesce(p.category, '') AS category,
      sum(coalesce(l.picked_packs, l.qty_packs) * l.case_price_fen) AS restockFen
    FROM restock_orders o
    JOIN restock_order_lines l ON l.order_id = o.id
    LEFT JOIN products p ON p.id = l.product_id
    WHERE o.store_org_id = ${orgId} AND o.status IN ('delivered', 'received')
      AND o.delivery_date >= ${from} AND o.delivery_date < ${to}
    GROUP BY 1 HAVING sum(coalesce(l.picked_packs, l.qty_packs) * l.case_price_fen) <> 0
    ORDER BY 1`);
  const saved = db.get<{ fen: number }>(sql`
    SELECT coalesce(sum(p.savings_fen), 0) AS fen
    FROM pledges p JOIN restock_orders o ON o.id = p.restock_order_id
    WHERE p.store_org_id = ${orgId} AND p.status = 'active' AND p.savings_fen IS NOT NULL
      AND o.delivery_date >= ${from} AND o.delivery_date < ${to}`);
  return {
    deliveries: delivered.length,
    onTime,
    packsOrdered: delivered.reduce((n, d) => n + d.ordered, 0),
    packsShipped: delivered.reduce((n, d) => n + d.shipped, 0),
    stopped: (ordering?.before ?? 0) > 0 && (ordering?.now ?? 0) === 0 ? 1 : 0,
    savedFen: saved?.fen ?? 0,
    categories,
    restockFen: categories.reduce((n, c) => n + c.restockFen, 0),
  };
}
