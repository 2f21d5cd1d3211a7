import { and, asc, desc, eq } from "drizzle-orm";
import {
  campaigns,
  farmers,
  producePurchases,
  deliveryRuns,
  organisations,
  products,
  restockOrderLines,
  restockOrders,
  shippedLots,
  stockLots,
  stockMovements,
  supplierBatches,
  supplierCertificates,
  supplierOrders,
  suppliers,
  type LotSourceKind,
} from "@db/schema";
import type { Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import { NotFound } from "../errors";
import { requirePermission } from "../permission-check.server";
import { lotsFedBy, sourcesOfLot } from "./lot-sources.internal.server";

// One lot's chain in both directions (issue 15, decision 040): up to its origin (supplier batch,
// certificate, supplier order, campaign, or a farmer's produce) and down to where its units went
// (the stores that received them, the sales that sold them). Rows, not a tree: the page lists
// them and the authorities' spreadsheet is the same rows.
//
// Tenancy: the viewer opens only a lot it holds. Upstream is the origin of its own goods and is
// shown. Downstream is walked only from lots the viewer holds: another organisation's lot is
// one row (who, how much it received), never its sales or where it sent them on.

export const CHAIN_STEPS = [
  "supplier",
  "certificate",
  "campaign",
  "supplierOrder",
  "supplierBatch",
  "produce",
  "warehouseReceipt",
  "warehouseLot",
  "run",
  "storeReceipt",
  "storeLot",
  "sales",
] as const;
export type ChainStep = (typeof CHAIN_STEPS)[number];

export type ChainRow = {
  side: "up" | "lot" | "down";
  step: ChainStep;
  date: string;
  who: string;
  what: string;
  batchNo: string;
  expiryDate: string;
  qty: number | null;
  unit: string;
  document: string;
  certificate: string;
  /** An internal page of the viewer's own that this row opens, if any. */
  link: string | null;
};

type LotRow = typeof stockLots.$inferSelect;
type Walk = { ctx: Ctx; rows: ChainRow[]; seen: Set<string> };

const MAX_DEPTH = 6;

export type LotChain = {
  lot: { id: string; batchNo: string; expiryDate: string; onHand: number; product: string; unit: string };
  holder: { name: string; kind: string };
  up: ChainRow[];
  down: ChainRow[];
  salesHidden: boolean;
};

/** The viewer's own lot, or NotFound (another organisation's lot id is a 404). */
function ownLot(ctx: Ctx, lotId: string): LotRow {
  const lot = ctx.db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.id, lotId), eq(stockLots.orgId, ctx.org.id)))
    .get();
  if (!lot) throw new NotFound();
  return lot;
}

export function lotChain(ctx: Ctx, lotId: string): LotChain {
  requirePermission(ctx, "trace.view");
  const lot = ownLot(ctx, lotId);
  const product = productOf(ctx, lot);
  const up: Walk = { ctx, rows: [], seen: new Set([lot.id]) };
  walkUp(up, lot, 0);
  const down: Walk = { ctx, rows: [], seen: new Set([lot.id]) };
  const salesHidden = walkDown(down, lot, 0);
  return {
    lot: {
      id: lot.id,
      batchNo: lot.batchNo,
      expiryDate: lot.expiryDate,
      onHand: lot.onHand,
      product: product.name,
      unit: product.baseUnit,
    },
    holder: { name: ctx.org.name, kind: ctx.org.kind },
    // Furthest origin first: supplier → … → the lot.
    up: up.rows.reverse(),
    down: down.rows,
    salesHidden,
  };
}

function productOf(ctx: Ctx, lot: LotRow) {
  return ctx.db
    .select({ name: products.name, baseUnit: products.baseUnit, barcode: products.barcode })
    .from(products)
    .where(and(eq(products.id, lot.productId), eq(products.orgId, lot.orgId)))
    .get()!;
}

function orgName(ctx: Ctx, orgId: string): string {
  return (
    ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).get()?.name ?? ""
  );
}

function lotStep(ctx: Ctx, lot: LotRow): ChainStep {
  const kind = ctx.db
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, lot.orgId))
    .get()?.kind;
  return kind === "distributor" ? "warehouseLot" : "storeLot";
}

function lotRow(w: Walk, side: ChainRow["side"], lot: LotRow, qty: number | null, date: string): ChainRow {
  const product = productOf(w.ctx, lot);
  const own = lot.orgId === w.ctx.org.id;
  return {
    side,
    step: lotStep(w.ctx, lot),
    date,
    who: orgName(w.ctx, lot.orgId),
    what: product.name,
    batchNo: lot.batchNo,
    expiryDate: lot.expiryDate,
    qty,
    unit: product.baseUnit,
    document: "",
    certificate: "",
    link: own ? `/${w.ctx.org.kind}/trace/lots/${lot.id}` : null,
  };
}

const blank = { batchNo: "", expiryDate: "", qty: null, unit: "", document: "", certificate: "", link: null };

/** Upstream rows are pushed nearest-first and reversed by the caller. */
function walkUp(w: Walk, lot: LotRow, depth: number): void {
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

/** The supplier batch, its supplier order and campaign, certificate and supplier (the origin). */
function supplierBatchRows(w: Walk, batchId: string, allianceOrgId: string): void {
  const b = w.ctx.db
    .select({
      batchNo: supplierBatches.batchNo,
      productionDate: supplierBatches.productionDate,
      expiryDate: supplierBatches.expiryDate,
      supplier: suppliers.name,
      licenceNo: suppliers.licenceNo,
      certTitle: supplierCertificates.title,
      certNo: supplierCertificates.number,
      orderDate: supplierOrders.createdAt,
      packs: supplierOrders.packs,
      campaign: campaigns.title,
      product: campaigns.productName,
      packUnit: campaigns.packUnit,
      deadlineAt: campaigns.deadlineAt,
    })
    .from(supplierBatches)
    .innerJoin(supplierOrders, eq(supplierOrders.id, supplierBatches.supplierOrderId))
    .innerJoin(campaigns, eq(campaigns.id, supplierOrders.campaignId))
    .innerJoin(suppliers, eq(suppliers.id, supplierBatches.supplierId))
    .leftJoin(supplierCertificates, eq(supplierCertificates.id, supplierBatches.certificateId))
    .where(and(eq(supplierBatches.id, batchId), eq(supplierBatches.orgId, allianceOrgId)))
    .get();
  if (!b) return;
  const alliance = orgName(w.ctx, allianceOrgId);
  w.rows.push({
    ...blank,
    side: "up",
    step: "supplierBatch",
    date: b.productionDate ?? "",
    who: b.supplier,
    what: b.product,
    batchNo: b.batchNo,
    expiryDate: b.expiryDate ?? "",
    certificate: b.certNo ?? "",
  });
  w.rows.push({
    ...blank,
    side: "up",
    step: "supplierOrder",
    date: shanghaiDate(b.orderDate),
    who: alliance,
    what: b.product,
    qty: b.packs,
    unit: b.packUnit,
  });
  w.rows.push({
    ...blank,
    side: "up",
    step: "campaign",
    date: shanghaiDate(b.deadlineAt),
    who: alliance,
    what: b.campaign,
  });
  if (b.certNo || b.certTitle)
    w.rows.push({
      ...blank,
      side: "up",
      step: "certificate",
      date: "",
      who: b.supplier,
      what: b.certTitle ?? "",
      certificate: b.certNo ?? "",
    });
  w.rows.push({
    ...blank,
    side: "up",
    step: "supplier",
    date: "",
    who: b.supplier,
    what: "",
    certificate: b.licenceNo ?? "",
  });
}

/** Downstream: where the lot's units went. Returns whether another holder's sales were left out. */
function walkDown(w: Walk, lot: LotRow, depth: number): boolean {
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

/** The viewer's lots of a product or all its lots with stock or a chain, newest first (the entry list). */
export function listLots(ctx: Ctx, limit = 200) {
  requirePermission(ctx, "trace.view");
  return ctx.db
    .select({
      id: stockLots.id,
      batchNo: stockLots.batchNo,
      expiryDate: stockLots.expiryDate,
      onHand: stockLots.onHand,
      product: products.name,
      unit: products.baseUnit,
      createdAt: stockLots.createdAt,
    })
    .from(stockLots)
    .innerJoin(products, and(eq(products.id, stockLots.productId), eq(products.orgId, ctx.org.id)))
    .where(eq(stockLots.orgId, ctx.org.id))
    .all()
    .filter((l) => l.batchNo !== "" || l.expiryDate !== "" || l.onHand !== 0)
    .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id))
    .slice(0, limit);
}

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

/** (recallui) The alliance's supplier batches, newest first: each opens its chain. */
export function listSupplierBatches(ctx: Ctx, limit = 200) {
  requirePermission(ctx, "allianceTrace.view");
  return ctx.db
    .select({
      id: supplierBatches.id,
      batchNo: supplierBatches.batchNo,
      expiryDate: supplierBatches.expiryDate,
      product: campaigns.productName,
      unit: campaigns.packUnit,
      supplier: suppliers.name,
      createdAt: supplierBatches.createdAt,
    })
    .from(supplierBatches)
    .innerJoin(supplierOrders, eq(supplierOrders.id, supplierBatches.supplierOrderId))
    .innerJoin(campaigns, eq(campaigns.id, supplierOrders.campaignId))
    .innerJoin(suppliers, eq(suppliers.id, supplierBatches.supplierId))
    .where(eq(supplierBatches.orgId, ctx.org.id))
    .orderBy(desc(supplierBatches.createdAt), asc(supplierBatches.id))
    .limit(limit)
    .all()
    .map((b) => ({ ...b, expiryDate: b.expiryDate ?? "" }));
}
