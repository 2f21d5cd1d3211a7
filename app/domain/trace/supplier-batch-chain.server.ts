import { and, eq } from "drizzle-orm";
import { campaigns, stockLots, supplierBatches, supplierOrders } from "@db/schema";
import type { Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import { NotFound } from "../errors";
import { requirePermission } from "../permission-check.server";
import { lotRow, type Walk } from "./chain-rows.internal.server";
import type { LotChain } from "./chain-types";
import { lotsFedBy } from "./lot-sources.internal.server";
import { supplierBatchRows } from "./supplier-batch-rows.internal.server";

/**
 * (recallui) The alliance's chain of one of its supplier batches: up to the supplier, its order,
 * campaign and certificate; down to the warehouse lots that received it. Those lots are other
 * organisations' (the distributors'): one row each (who, how much), never their sales.
 */
export function supplierBatchChain(ctx: Ctx, batchId: string): LotChain {
  requirePermission(ctx, "allianceTrace.view");
  const batch = ctx.db
    .select({ batch: supplierBatches, product: campaigns.productName, packUnit: campaigns.packUnit })
    .from(supplierBatches)
    .innerJoin(supplierOrders, eq(supplierOrders.id, supplierBatches.supplierOrderId))
    .innerJoin(campaigns, eq(campaigns.id, supplierOrders.campaignId))
    .where(and(eq(supplierBatches.id, batchId), eq(supplierBatches.orgId, ctx.org.id)))
    .get();
  if (!batch) throw new NotFound();
  const up: Walk = { ctx, rows: [], seen: new Set() };
  supplierBatchRows(up, batch.batch.id, ctx.org.id);
  // supplierBatchRows pushes the batch first and the supplier last: furthest origin first is the reverse.
  const upRows = up.rows.filter((r) => r.step !== "supplierBatch").reverse();
  const down: Walk = { ctx, rows: [], seen: new Set() };
  let received = 0;
  for (const edge of lotsFedBy(ctx.db, "supplier_batch", batch.batch.id)) {
    const lot = ctx.db
      .select()
      .from(stockLots)
      .where(and(eq(stockLots.id, edge.lotId), eq(stockLots.orgId, edge.orgId)))
      .get();
    if (!lot || down.seen.has(lot.id)) continue;
    down.seen.add(lot.id);
    received += edge.qty;
    down.rows.push(lotRow(down, "down", lot, edge.qty, shanghaiDate(edge.createdAt)));
  }
  const unit = down.rows[0]?.unit ?? batch.packUnit;
  return {
    lot: {
      id: batch.batch.id,
      batchNo: batch.batch.batchNo,
      expiryDate: batch.batch.expiryDate ?? "",
      onHand: received,
      product: batch.product,
      unit,
    },
    holder: { name: ctx.org.name, kind: ctx.org.kind },
    up: upRows,
    down: down.rows,
    salesHidden: down.rows.length > 0,
  };
}
