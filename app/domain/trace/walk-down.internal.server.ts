import { and, eq } from "drizzle-orm";
import { deliveryRuns, restockOrders, shippedLots, stockLots, stockMovements } from "@db/schema";
import { shanghaiDate } from "../dates";
import {
  blank,
  lotRow,
  lotStep,
  MAX_DEPTH,
  orgName,
  productOf,
  type LotRow,
  type Walk,
} from "./chain-rows.internal.server";
import { lotsFedBy } from "./lot-sources.internal.server";

// Downstream of a lot (decision 040): the runs, lots and sales its units went to. The tenancy of
// the walk is lotChain's (lot-chain.server.ts): only from lots the viewer holds.

/** Downstream: where the lot's units went. Returns whether another holder's sales were left out. */
export function walkDown(w: Walk, lot: LotRow, depth: number): boolean {
  let hidden = false;
  if (depth >= MAX_DEPTH) return hidden;
  const own = lot.orgId === w.ctx.org.id;
  if (!own) return true;
  for (const edge of lotsFedBy(w.ctx.db, "stock_lot", lot.id)) {
    if (edge.sourceOrgId !== lot.orgId) continue;
    const next = w.ctx.db
      .select()
      .from(stockLots)
      .where(and(eq(stockLots.id, edge.lotId), eq(stockLots.orgId, edge.orgId)))
      .get();
    if (!next || w.seen.has(next.id)) continue;
    w.seen.add(next.id);
    dispatchRows(w, lot, edge.refType, edge.refId);
    w.rows.push(lotRow(w, "down", next, edge.qty, shanghaiDate(edge.createdAt)));
    if (next.orgId === w.ctx.org.id) hidden = walkDown(w, next, depth + 1) || hidden;
    else hidden = true;
  }
  salesRows(w, lot);
  return hidden;
}

/** The run that carried an order line out of the viewer's warehouse (the distributor's own rows). */
function dispatchRows(w: Walk, lot: LotRow, refType: string, refId: string): void {
  if (refType !== "restock_order_line") return;
  const shipped = w.ctx.db
    .select({ qty: shippedLots.qty, orderId: shippedLots.orderId, runDate: deliveryRuns.deliveryDate })
    .from(shippedLots)
    .innerJoin(restockOrders, eq(restockOrders.id, shippedLots.orderId))
    .leftJoin(deliveryRuns, eq(deliveryRuns.id, restockOrders.runId))
    .where(
      and(eq(shippedLots.lineId, refId), eq(shippedLots.lotId, lot.id), eq(shippedLots.distributorOrgId, lot.orgId)),
    )
    .get();
  if (!shipped) return;
  w.rows.push({
    ...blank,
    side: "down",
    step: "run",
    date: shipped.runDate ?? "",
    who: orgName(w.ctx, lot.orgId),
    what: "",
    qty: shipped.qty,
    unit: productOf(w.ctx, lot).baseUnit,
    document: shipped.orderId,
    link: `/distributor/orders/${shipped.orderId}`,
  });
}

/** The viewer's own sales out of this lot, by Shanghai day (the ledger's first-expiring-first attribution). */
function salesRows(w: Walk, lot: LotRow): void {
  if (lotStep(w.ctx, lot) !== "storeLot") return;
  const moves = w.ctx.db
    .select({ qty: stockMovements.qty, kind: stockMovements.kind, createdAt: stockMovements.createdAt })
    .from(stockMovements)
    .where(
      and(eq(stockMovements.orgId, w.ctx.org.id), eq(stockMovements.lotId, lot.id), eq(stockMovements.refType, "sale")),
    )
    .all();
  const byDay = new Map<string, number>();
  for (const m of moves) {
    const day = shanghaiDate(m.createdAt);
    byDay.set(day, (byDay.get(day) ?? 0) - m.qty);
  }
  const unit = productOf(w.ctx, lot).baseUnit;
  for (const [day, qty] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
    if (qty === 0) continue;
    w.rows.push({
      ...blank,
      side: "down",
      step: "sales",
      date: day,
      who: orgName(w.ctx, lot.orgId),
      what: productOf(w.ctx, lot).name,
      batchNo: lot.batchNo,
      expiryDate: lot.expiryDate,
      qty,
      unit,
    });
  }
}
