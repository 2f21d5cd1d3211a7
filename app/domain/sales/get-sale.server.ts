import { and, asc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { customers, products, saleLines, saleReversals, sales, users } from "@db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { mayVoid } from "./void-sale.server";
import { may } from "../permission-check.server";

const voider = alias(users, "voider");

/** A sale as the detail page shows it: lines with what came back, and every void or return. */
export function getSale(ctx: Ctx, saleId: string) {
  const sale = ctx.db
    .select({
      id: sales.id,
      tender: sales.tender,
      totalFen: sales.totalFen,
      cashReceivedFen: sales.cashReceivedFen,
      changeFen: sales.changeFen,
      status: sales.status,
      oversold: sales.oversold,
      createdAt: sales.createdAt,
      voidedAt: sales.voidedAt,
      actorId: sales.actorId,
      actorName: users.name,
      voidedByName: voider.name,
      customerId: sales.customerId,
      customerName: customers.name,
    })
    .from(sales)
    .leftJoin(users, eq(users.id, sales.actorId))
    .leftJoin(voider, eq(voider.id, sales.voidedBy))
    .leftJoin(customers, eq(customers.id, sales.customerId))
    .where(and(eq(sales.id, saleId), eq(sales.orgId, ctx.org.id)))
    .get();
  if (!sale) throw new NotFound("sale.notFound");
  const lines = ctx.db
    .select({
      id: saleLines.id,
      productId: saleLines.productId,
      name: products.name,
      baseUnit: products.baseUnit,
      qty: saleLines.qty,
      returnedQty: saleLines.returnedQty,
      priceFen: saleLines.priceFen,
      costFen: saleLines.costFen,
      oversold: saleLines.oversold,
    })
    .from(saleLines)
    .innerJoin(products, eq(products.id, saleLines.productId))
    .where(and(eq(saleLines.saleId, sale.id), eq(saleLines.orgId, ctx.org.id)))
    .orderBy(asc(sql`${saleLines}.rowid`))
    .all();
  const reversals = ctx.db
    .select({
      id: saleReversals.id,
      kind: saleReversals.kind,
      refundFen: saleReversals.refundFen,
      reason: saleReversals.reason,
      createdAt: saleReversals.createdAt,
      actorName: users.name,
    })
    .from(saleReversals)
    .leftJoin(users, eq(users.id, saleReversals.actorId))
    .where(and(eq(saleReversals.saleId, sale.id), eq(saleReversals.orgId, ctx.org.id)))
    .orderBy(asc(saleReversals.createdAt))
    .all();
  const refundedFen = reversals.reduce((sum, r) => sum + r.refundFen, 0);
  const open = sale.status === "completed";
  return {
    sale: { ...sale, refundedFen, netFen: sale.totalFen - refundedFen },
    lines,
    reversals,
    canVoid: open && mayVoid(ctx, sale),
    canReturn: open && may(ctx, "sale.return") && lines.some((l) => l.qty > l.returnedQty),
  };
}

/** What the sell page says after a sale ("received ¥20, change ¥5.50"); null if not this store's. */
export function saleReceipt(ctx: Ctx, saleId: string) {
  const row = ctx.db
    .select({
      id: sales.id,
      tender: sales.tender,
      totalFen: sales.totalFen,
      changeFen: sales.changeFen,
      oversold: sales.oversold,
      customerName: customers.name,
    })
    .from(sales)
    .leftJoin(customers, eq(customers.id, sales.customerId))
    .where(and(eq(sales.id, saleId), eq(sales.orgId, ctx.org.id)))
    .get();
  return row ?? null;
}
