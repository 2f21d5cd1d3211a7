import { and, asc, eq, sql } from "drizzle-orm";
import { saleLines, saleReversalLines, saleReversals, sales, stockMovements, type SaleReversalKind } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { addCreditEntry } from "../credit/ledger.server";
import { NotFound } from "../errors";
import { newId } from "../ids.server";
import { applyMovement } from "../inventory/ledger.server";

export type SaleRow = typeof sales.$inferSelect;
export type SaleLineRow = typeof saleLines.$inferSelect;

export function saleForUpdate(tx: Pick<WriteTx, "select">, ctx: Ctx, saleId: string): SaleRow {
  const sale = tx
    .select()
    .from(sales)
    .where(and(eq(sales.id, saleId), eq(sales.orgId, ctx.org.id)))
    .get();
  if (!sale) throw new NotFound("sale.notFound");
  return sale;
}

export function linesOf(tx: Pick<WriteTx, "select">, ctx: Ctx, saleId: string): SaleLineRow[] {
  return tx
    .select()
    .from(saleLines)
    .where(and(eq(saleLines.saleId, saleId), eq(saleLines.orgId, ctx.org.id)))
    .orderBy(asc(sql`${saleLines}.rowid`))
    .all();
}

/**
 * Puts `qty` of a sold line back on the shelf, into the lots the sale took it from: the lot
 * taken last is refilled first, so a return first cancels any oversold (negative) part and
 * batch and expiry stay true for what is left.
 */
function restock(tx: WriteTx, ctx: Ctx, saleId: string, line: SaleLineRow, qty: number, note: string | null) {
  const movements = tx
    .select({
      lotId: stockMovements.lotId,
      qty: stockMovements.qty,
      batchNo: stockMovements.batchNo,
      expiryDate: stockMovements.expiryDate,
    })
    .from(stockMovements)
    .where(
      and(
        eq(stockMovements.orgId, ctx.org.id),
        eq(stockMovements.refType, "sale"),
        eq(stockMovements.refId, saleId),
        eq(stockMovements.productId, line.productId),
      ),
    )
    .orderBy(asc(sql`${stockMovements}.rowid`))
    .all();
  const lots = new Map<string, { batchNo: string; expiryDate: string; out: number }>();
  for (const m of movements) {
    const lot = lots.get(m.lotId) ?? { batchNo: m.batchNo, expiryDate: m.expiryDate, out: 0 };
    lot.out -= m.qty;
    lots.set(m.lotId, lot);
  }
  let remaining = qty;
  for (const lot of [...lots.values()].reverse()) {
    const back = Math.min(lot.out, remaining);
    if (back <= 0) continue;
    applyMovement(tx, ctx, {
      productId: line.productId,
      kind: "return",
      qty: back,
      unitCostFen: line.costFen,
      batchNo: lot.batchNo,
      expiryDate: lot.expiryDate,
      refType: "sale",
      refId: saleId,
      note,
    });
    remaining -= back;
  }
  // Only if the movements were tampered with; the stock still has to come back somewhere.
  if (remaining > 0)
    applyMovement(tx, ctx, {
      productId: line.productId,
      kind: "return",
      qty: remaining,
      unitCostFen: line.costFen,
      refType: "sale",
      refId: saleId,
      note,
    });
}

/**
 * Records a void or return of `qty` per line: stock back, a reversal record with its lines,
 * and, for a credit sale, the refund taken off the customer's account.
 */
export function reverseLines(
  tx: WriteTx,
  ctx: Ctx,
  sale: SaleRow,
  kind: SaleReversalKind,
  parts: { line: SaleLineRow; qty: number }[],
  reason: string | null,
): { reversalId: string; refundFen: number } {
  const reversalId = newId();
  const refundFen = parts.reduce((sum, p) => sum + p.qty * p.line.priceFen, 0);
  tx.insert(saleReversals)
    .values({
      id: reversalId,
      orgId: ctx.org.id,
      saleId: sale.id,
      kind,
      refundFen,
      reason,
      actorId: ctx.actor.id,
      createdAt: ctx.clock.now(),
    })
    .run();
  for (const { line, qty } of parts) {
    tx.insert(saleReversalLines)
      .values({ id: newId(), orgId: ctx.org.id, reversalId, saleLineId: line.id, qty, refundFen: qty * line.priceFen })
      .run();
    restock(tx, ctx, sale.id, line, qty, reason);
  }
  if (sale.tender === "credit" && sale.customerId && refundFen > 0) {
    addCreditEntry(tx, ctx, { customerId: sale.customerId, kind, amountFen: -refundFen, saleId: sale.id, reversalId });
  }
  return { reversalId, refundFen };
}
