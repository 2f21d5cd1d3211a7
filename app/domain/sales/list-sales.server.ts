import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { customers, saleLines, saleReversals, sales, TENDERS, type Tender } from "@db/schema";
import type { Ctx } from "../context.server";
import { addDays, shanghaiDate, shanghaiDayStart } from "../dates";

const refunded = sql<number>`coalesce((select sum(${saleReversals.refundFen}) from ${saleReversals}
  where ${saleReversals.saleId} = ${sales.id} and ${saleReversals.orgId} = ${sales.orgId}), 0)`;

/** One Shanghai day's sales, newest first, and the day's takings per tender after voids and returns. */
export function listSales(
  ctx: Ctx,
  { date = shanghaiDate(ctx.clock.now()), limit = 100 }: { date?: string; limit?: number } = {},
) {
  const from = shanghaiDayStart(date);
  const to = shanghaiDayStart(addDays(date, 1));
  const inDay = and(eq(sales.orgId, ctx.org.id), gte(sales.createdAt, from), lt(sales.createdAt, to));
  const items = ctx.db
    .select({
      id: sales.id,
      tender: sales.tender,
      totalFen: sales.totalFen,
      refundedFen: refunded,
      status: sales.status,
      oversold: sales.oversold,
      createdAt: sales.createdAt,
      customerName: customers.name,
      items: sql<number>`(select coalesce(sum(${saleLines.qty}), 0) from ${saleLines}
        where ${saleLines.saleId} = ${sales.id} and ${saleLines.orgId} = ${sales.orgId})`,
    })
    .from(sales)
    .leftJoin(customers, eq(customers.id, sales.customerId))
    .where(inDay)
    .orderBy(desc(sales.createdAt), desc(sales.id))
    .limit(Math.min(Math.max(limit, 1), 1000))
    .all();
  const rows = ctx.db
    .select({
      tender: sales.tender,
      count: sql<number>`count(*)`,
      netFen: sql<number>`coalesce(sum(${sales.totalFen} - ${refunded}), 0)`,
    })
    .from(sales)
    .where(and(inDay, eq(sales.status, "completed")))
    .groupBy(sales.tender)
    .all();
  const byTender = Object.fromEntries(TENDERS.map((t) => [t, 0])) as Record<Tender, number>;
  for (const r of rows) byTender[r.tender] = r.netFen;
  const count = rows.reduce((n, r) => n + r.count, 0);
  const total = rows.reduce((n, r) => n + r.netFen, 0);
  return { date, items, summary: { count, totalFen: total, byTender } };
}
