import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import {
  lotSources,
  organisations,
  products,
  recallLots,
  recalls,
  stockLots,
  supplierBatches,
  suppliers,
} from "@db/schema";
import type { Ctx } from "../context.server";

export type RecallSource = { value: string; label: string };

/**
 * What this organisation may flag: an alliance its supplier batches; a distributor the supplier
 * batches its warehouse received and its own lots (a warehouse lot, graded produce).
 */
export function recallSources(ctx: Ctx): RecallSource[] {
  const batchRows = (where: ReturnType<typeof eq>) =>
    ctx.db
      .select({ id: supplierBatches.id, batchNo: supplierBatches.batchNo, supplier: suppliers.name })
      .from(supplierBatches)
      .innerJoin(suppliers, eq(suppliers.id, supplierBatches.supplierId))
      .where(where)
      .orderBy(desc(supplierBatches.createdAt))
      .limit(100)
      .all()
      .map((b) => ({ value: `supplier_batch:${b.id}`, label: `${b.supplier} · ${b.batchNo}` }));
  if (ctx.org.kind === "alliance") return batchRows(eq(supplierBatches.orgId, ctx.org.id));
  const received = ctx.db
    .selectDistinct({ id: lotSources.sourceId })
    .from(lotSources)
    .where(and(eq(lotSources.orgId, ctx.org.id), eq(lotSources.sourceKind, "supplier_batch")))
    .all()
    .map((r) => r.id);
  const batches = received.length ? batchRows(inArray(supplierBatches.id, received)) : [];
  const lots = ctx.db
    .select({ id: stockLots.id, name: products.name, batchNo: stockLots.batchNo, expiryDate: stockLots.expiryDate })
    .from(stockLots)
    .innerJoin(products, eq(products.id, stockLots.productId))
    .where(and(eq(stockLots.orgId, ctx.org.id), ne(stockLots.batchNo, "")))
    .orderBy(desc(stockLots.createdAt))
    .limit(200)
    .all()
    .map((l) => ({ value: `stock_lot:${l.id}`, label: [l.name, l.batchNo, l.expiryDate].filter(Boolean).join(" · ") }));
  return [...batches, ...lots];
}

/** The recalls and drills this organisation flagged, newest first, with how far the stores got. */
export function recallsOf(ctx: Ctx) {
  return ctx.db
    .select({
      id: recalls.id,
      kind: recalls.kind,
      status: recalls.status,
      label: recalls.sourceLabel,
      reason: recalls.reason,
      createdAt: recalls.createdAt,
      stores: sql<number>`(select count(distinct rl.org_id) from recall_lots rl join organisations o on o.id = rl.org_id and o.kind = 'store' where rl.recall_id = "recalls"."id")`,
      confirmed: sql<number>`(select count(distinct rl.org_id) from recall_lots rl join organisations o on o.id = rl.org_id and o.kind = 'store' where rl.recall_id = "recalls"."id" and rl.confirmed_at is not null)`,
    })
    .from(recalls)
    .where(eq(recalls.orgId, ctx.org.id))
    .orderBy(desc(recalls.createdAt))
    .limit(100)
    .all();
}

/** The open recalls and drills that reached this store: its home page's notices. */
export function storeRecallNotices(ctx: Ctx) {
  return ctx.db
    .select({
      id: recalls.id,
      kind: recalls.kind,
      label: recalls.sourceLabel,
      reason: recalls.reason,
      from: organisations.name,
      createdAt: recalls.createdAt,
      units: sql<number>`sum(${stockLots.onHand})`,
      confirmed: sql<number>`min(${recallLots.confirmedAt} is not null)`,
    })
    .from(recallLots)
    .innerJoin(recalls, eq(recalls.id, recallLots.recallId))
    .innerJoin(organisations, eq(organisations.id, recalls.orgId))
    .innerJoin(stockLots, eq(stockLots.id, recallLots.lotId))
    .where(and(eq(recallLots.orgId, ctx.org.id), eq(recalls.status, "open")))
    .groupBy(recalls.id)
    .orderBy(desc(recalls.createdAt))
    .all()
    .map((r) => ({ ...r, confirmed: r.confirmed === 1 }));
}
