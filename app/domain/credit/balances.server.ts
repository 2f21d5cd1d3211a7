import { sql } from "drizzle-orm";
import type { Ctx } from "../context.server";

export type CreditBookRow = {
  id: string;
  name: string;
  phone: string | null;
  balanceFen: number;
  owingSince: number | null;
};

/**
 * Who owes what. Repayments settle the oldest debts first (how a shopkeeper reckons a 赊账本),
 * so "owing since" is the earliest charge not yet covered; the longest-owed come first.
 */
export function creditBook(ctx: Ctx): { owing: CreditBookRow[]; settled: CreditBookRow[]; totalOwedFen: number } {
  const rows = ctx.db.all<CreditBookRow>(sql`
    with charges as (
      select customer_id, created_at,
        sum(amount_fen) over (partition by customer_id order by created_at, rowid) as running
      from credit_entries where org_id = ${ctx.org.id} and amount_fen > 0
    ),
    paid as (
      select customer_id, -sum(amount_fen) as paid
      from credit_entries where org_id = ${ctx.org.id} and amount_fen < 0 group by customer_id
    ),
    since as (
      select c.customer_id, min(c.created_at) as owing_since
      from charges c left join paid p on p.customer_id = c.customer_id
      where c.running > coalesce(p.paid, 0) group by c.customer_id
    )
    select cu.id, cu.name, cu.phone,
      coalesce((select sum(e.amount_fen) from credit_entries e where e.org_id = cu.org_id and e.customer_id = cu.id), 0) as balanceFen,
      s.owing_since as owingSince
    from customers cu left join since s on s.customer_id = cu.id
    where cu.org_id = ${ctx.org.id}
    order by cu.name`);
  const owing = rows
    .filter((r) => r.balanceFen > 0)
    .sort((a, b) => (a.owingSince ?? 0) - (b.owingSince ?? 0) || b.balanceFen - a.balanceFen);
  const settled = rows.filter((r) => r.balanceFen <= 0);
  return { owing, settled, totalOwedFen: owing.reduce((sum, r) => sum + r.balanceFen, 0) };
}
