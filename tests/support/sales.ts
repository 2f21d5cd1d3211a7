import { execFile } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { Ctx } from "../../app/domain/context.server";
import type { RecordSaleInput, RecordSaleResult } from "../../app/domain/sales/record-sale.server";
import { ROOT } from "./paths";

/** Records a sale in a child process that starts writing at `startAt` (epoch ms). */
export function sellInAnotherProcess(
  dbFile: string,
  ctx: Ctx,
  sale: RecordSaleInput,
  startAt: number,
): Promise<RecordSaleResult> {
  const { db: _db, clock, ...plain } = ctx;
  // A clock does not travel as JSON: the worker gets the instant and pins its own.
  const job = JSON.stringify({ dbFile, ctx: plain, now: clock.now(), sale, startAt });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "tests/support/sell-worker.ts"), job],
      { cwd: ROOT },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as RecordSaleResult);
      },
    );
  });
}

/** Credit accounts whose sales and reversals disagree with the book: must be none. */
export function creditViolations(db: Db) {
  return db.all<{ customer_id: string }>(sql`
    select c.id as customer_id from customers c
    where coalesce((select sum(amount_fen) from credit_entries e where e.customer_id = c.id), 0) !=
      coalesce((select sum(s.total_fen) from sales s where s.customer_id = c.id and s.tender = 'credit'), 0)
      - coalesce((select sum(r.refund_fen) from sale_reversals r join sales s on s.id = r.sale_id
                  where s.customer_id = c.id and s.tender = 'credit'), 0)
      + coalesce((select sum(amount_fen) from credit_entries e where e.customer_id = c.id and e.kind = 'repayment'), 0)`);
}

/** Sale lines whose stock movements or reversal records disagree with sold − returned − voided: must be none. */
export function saleStockViolations(db: Db) {
  const reversed = (kind: string) => sql`coalesce((select sum(r.qty) from sale_reversal_lines r
    join sale_reversals v on v.id = r.reversal_id where r.sale_line_id = l.id and v.kind = ${kind}), 0)`;
  return db.all<{ id: string }>(sql`
    select l.id from sale_lines l
    where l.returned_qty != ${reversed("return")}
       or -(l.qty - l.returned_qty - ${reversed("void")}) != (select coalesce(sum(m.qty), 0) from stock_movements m
            where m.ref_type = 'sale' and m.ref_id = l.sale_id and m.product_id = l.product_id)`);
}
