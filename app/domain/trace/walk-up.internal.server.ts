import { and, eq } from "drizzle-orm";
import {
  deliveryRuns,
  farmers,
  producePurchases,
  restockOrderLines,
  restockOrders,
  stockLots,
  type LotSourceKind,
} from "@db/schema";
import { shanghaiDate } from "../dates";
import { blank, lotRow, MAX_DEPTH, orgName, productOf, type LotRow, type Walk } from "./chain-rows.internal.server";
import { sourcesOfLot } from "./lot-sources.internal.server";
import { supplierBatchRows } from "./supplier-batch-rows.internal.server";

// Upstream of a lot (decision 040): the lots, carriers and origins its units came from. The
// tenancy of the walk is lotChain's (lot-chain.server.ts): the origin of the viewer's own goods.

/** Upstream rows are pushed nearest-first and reversed by the caller. */
export function walkUp(w: Walk, lot: LotRow, depth: number): void {
  if (depth >= MAX_DEPTH) return;
  for (const edge of sourcesOfLot(w.ctx.db, lot.orgId, lot.id)) {
    const date = shanghaiDate(edge.createdAt);
    const kind: LotSourceKind = edge.sourceKind;
    if (kind === "stock_lot") {
      carrier(w, edge.refType, edge.refId, lot, edge.qty, date);
      const source = w.ctx.db
        .select()
        .from(stockLots)
        .where(and(eq(stockLots.id, edge.sourceId), eq(stockLots.orgId, edge.sourceOrgId)))
        .get();
      if (!source || w.seen.has(source.id)) continue;
      w.seen.add(source.id);
      w.rows.push(lotRow(w, "up", source, null, shanghaiDate(source.createdAt)));
      walkUp(w, source, depth + 1);
    } else if (kind === "supplier_batch") {
      const who = orgName(w.ctx, lot.orgId);
      w.rows.push({
        ...blank,
        side: "up",
        step: "warehouseReceipt",
        date,
        who,
        what: "",
        qty: edge.qty,
        unit: productOf(w.ctx, lot).baseUnit,
      });
      supplierBatchRows(w, edge.sourceId, edge.sourceOrgId);
    } else {
      produceRows(w, edge.sourceId, edge.sourceOrgId, { qty: edge.qty, unit: productOf(w.ctx, lot).baseUnit }, date);
    }
  }
}

/**
 * A farmer's produce bought by a store (decision 039): the purchase with its grade, harvest date
 * and the farmer's certificate number. The farmer is named by village only: the chain is read
 * upstream by the distributor too, and the farmer's name and phone are the store's business.
 */
function produceRows(
  w: Walk,
  purchaseId: string,
  storeOrgId: string,
  amount: { qty: number; unit: string },
  date: string,
): void {
  const p = w.ctx.db
    .select({
      produce: producePurchases.produce,
      grade: producePurchases.grade,
      harvestDate: producePurchases.harvestDate,
      certNo: producePurchases.certNo,
      village: farmers.village,
    })
    .from(producePurchases)
    .innerJoin(farmers, eq(farmers.id, producePurchases.farmerId))
    .where(and(eq(producePurchases.id, purchaseId), eq(producePurchases.orgId, storeOrgId)))
    .get();
  if (!p) {
    w.rows.push({ ...blank, side: "up", step: "produce", date, who: orgName(w.ctx, storeOrgId), what: "" });
    return;
  }
  w.rows.push({
    ...blank,
    side: "up",
    step: "produce",
    date: p.harvestDate,
    who: p.village,
    what: `${p.produce} ${p.grade}`,
    ...amount,
    certificate: p.certNo,
  });
}

/** What carried units from one lot to the next: an order line → its run and the store's receipt. */
function carrier(w: Walk, refType: string, refId: string, lot: LotRow, qty: number, date: string): void {
  if (refType !== "restock_order_line") return;
  const row = w.ctx.db
    .select({ orderId: restockOrders.id, storeOrgId: restockOrders.storeOrgId, runDate: deliveryRuns.deliveryDate })
    .from(restockOrderLines)
    .innerJoin(restockOrders, eq(restockOrders.id, restockOrderLines.orderId))
    .leftJoin(deliveryRuns, eq(deliveryRuns.id, restockOrders.runId))
    .where(and(eq(restockOrderLines.id, refId), eq(restockOrderLines.storeOrgId, lot.orgId)))
    .get();
  if (!row) return;
  const mine = row.storeOrgId === w.ctx.org.id;
  const unit = productOf(w.ctx, lot).baseUnit;
  w.rows.push({
    ...blank,
    side: "up",
    step: "storeReceipt",
    date,
    who: orgName(w.ctx, row.storeOrgId),
    what: "",
    qty,
    unit,
    document: mine ? row.orderId : "",
    link: mine ? `/store/restock/orders/${row.orderId}` : null,
  });
  if (row.runDate) w.rows.push({ ...blank, side: "up", step: "run", date: row.runDate, who: "", what: "" });
}
