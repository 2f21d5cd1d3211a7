import { and, desc, eq, sql } from "drizzle-orm";
import { creditEntries, users } from "@db/schema";
import type { Ctx } from "../context.server";
import { customerForUpdate } from "./customers.server";
import { balanceOf } from "./ledger.server";

/** A customer's account: balance and every entry, newest first. */
export function getCustomer(ctx: Ctx, customerId: string, { limit = 200 } = {}) {
  const customer = customerForUpdate(ctx.db, ctx, customerId);
  const entries = ctx.db
    .select({
      id: creditEntries.id,
      kind: creditEntries.kind,
      amountFen: creditEntries.amountFen,
      saleId: creditEntries.saleId,
      tender: creditEntries.tender,
      note: creditEntries.note,
      createdAt: creditEntries.createdAt,
      actorName: users.name,
    })
    .from(creditEntries)
    .leftJoin(users, eq(users.id, creditEntries.actorId))
    .where(and(eq(creditEntries.orgId, ctx.org.id), eq(creditEntries.customerId, customer.id)))
    .orderBy(desc(creditEntries.createdAt), desc(sql`${creditEntries}.rowid`))
    .limit(limit)
    .all();
  return {
    customer: { id: customer.id, name: customer.name, phone: customer.phone },
    balanceFen: balanceOf(ctx.db, ctx, customer.id),
    entries,
  };
}
