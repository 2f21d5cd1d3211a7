import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";

/**
 * Yardstick (a): the rows a 3-line cash sale really writes in the app, straight to better-sqlite3
 * with prepared statements and nothing else — no reads, no validation, no ORM. One sale row,
 * three sale lines, three stock movements, three lot levels, three product levels, three
 * `sales_daily` upserts and one `sales_hourly` upsert, and the idempotency row: 18 writes.
 * The lots are the products' unnamed lots, found once before the clock starts.
 */
export type RawSaleTarget = { orgId: string; actorId: string; products: { id: string; lotId: string }[] };

const id = () => randomBytes(16).toString("base64url");

export function rawSaleWriter(sqlite: Database.Database, target: RawSaleTarget) {
  const sale = sqlite.prepare(
    `INSERT INTO sales (id, org_id, tender, total_fen, cash_received_fen, change_fen, customer_id, status, oversold, actor_id, created_at)
     VALUES (?, ?, 'cash', ?, ?, 0, NULL, 'completed', 0, ?, ?)`,
  );
  const line = sqlite.prepare(
    `INSERT INTO sale_lines (id, org_id, sale_id, product_id, qty, price_fen, cost_fen, returned_qty, oversold)
     VALUES (?, ?, ?, ?, ?, 450, 350, 0, 0)`,
  );
  const movement = sqlite.prepare(
    `INSERT INTO stock_movements (id, org_id, product_id, lot_id, kind, reason, qty, unit_cost_fen, batch_no, expiry_date, actor_id, ref_type, ref_id, note, created_at)
     VALUES (?, ?, ?, ?, 'sale', NULL, ?, 350, '', '', ?, 'sale', ?, NULL, ?)`,
  );
  const lot = sqlite.prepare(`UPDATE stock_lots SET on_hand = on_hand + ? WHERE id = ?`);
  const product = sqlite.prepare(
    `UPDATE products SET on_hand = on_hand + ?, updated_at = ? WHERE id = ? AND org_id = ?`,
  );
  const daily = sqlite.prepare(`INSERT INTO sales_daily (org_id, product_id, day, qty, revenue_fen, cost_fen)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, product_id, day) DO UPDATE SET qty = qty + excluded.qty,
      revenue_fen = revenue_fen + excluded.revenue_fen, cost_fen = cost_fen + excluded.cost_fen`);
  const hourly = sqlite.prepare(`INSERT INTO sales_hourly (org_id, day, hour, sales, revenue_fen, cost_fen)
    VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (org_id, day, hour) DO UPDATE SET sales = sales + excluded.sales,
      revenue_fen = revenue_fen + excluded.revenue_fen, cost_fen = cost_fen + excluded.cost_fen`);
  const key = sqlite.prepare(
    `INSERT INTO idempotent_requests (org_id, key, operation, result, created_at) VALUES (?, ?, 'sales.record', ?, ?)`,
  );
  const { orgId, actorId } = target;
  let n = 0;

  /** One sale's writes (the caller holds the transaction). */
  const writeOne = () => {
    const now = Date.now();
    const saleId = id();
    const day = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
    const hour = new Date(now + 8 * 3600_000).getUTCHours();
    const picks = [0, 1, 2].map((i) => target.products[(n + i) % target.products.length]);
    n += 3;
    sale.run(saleId, orgId, 1350, 1350, actorId, now);
    for (const p of picks) {
      line.run(id(), orgId, saleId, p.id, 1);
      movement.run(id(), orgId, p.id, p.lotId, -1, actorId, saleId, now);
      lot.run(-1, p.lotId);
      product.run(-1, now, p.id, orgId);
      daily.run(orgId, p.id, day, 1, 450, 350);
    }
    hourly.run(orgId, day, hour, 1350, 1050);
    key.run(orgId, `sale:${saleId}`, JSON.stringify({ saleId, totalFen: 1350, changeFen: 0, oversold: false }), now);
    return saleId;
  };
  const one = sqlite.transaction(writeOne);
  const batch = sqlite.transaction((count: number) => {
    for (let i = 0; i < count; i++) writeOne();
  });
  return { one: () => one.immediate(), batch: (count: number) => batch.immediate(count) };
}

/** The products to sell and their unnamed lots (created if missing), as the app would find them. */
export function rawSaleTarget(sqlite: Database.Database, orgId: string, actorId: string, count = 30): RawSaleTarget {
  const rows = sqlite
    .prepare(`SELECT id FROM products WHERE org_id = ? AND active = 1 ORDER BY id LIMIT ?`)
    .all(orgId, count) as { id: string }[];
  const products = rows.map((p) => {
    let lot = sqlite
      .prepare(`SELECT id FROM stock_lots WHERE product_id = ? AND batch_no = '' AND expiry_date = ''`)
      .get(p.id) as { id: string } | undefined;
    if (!lot) {
      lot = { id: id() };
      sqlite
        .prepare(
          `INSERT INTO stock_lots (id, org_id, product_id, batch_no, expiry_date, on_hand, created_at) VALUES (?, ?, ?, '', '', 0, ?)`,
        )
        .run(lot.id, orgId, p.id, Date.now());
    }
    return { id: p.id, lotId: lot.id };
  });
  return { orgId, actorId, products };
}
