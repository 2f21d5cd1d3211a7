import { and, eq } from "drizzle-orm";
import { organisations, products, type stockLots } from "@db/schema";
import type { Ctx } from "../context.server";
import type { ChainRow, ChainStep } from "./chain-types";

// The walks' shared parts (decision 040). Internal: organisations are named by bare id, and the
// callers have scoped the lots they pass to what the viewer may see.

export type LotRow = typeof stockLots.$inferSelect;
export type Walk = { ctx: Ctx; rows: ChainRow[]; seen: Set<string> };

export const MAX_DEPTH = 6;

export function productOf(ctx: Ctx, lot: LotRow) {
  return ctx.db
    .select({ name: products.name, baseUnit: products.baseUnit, barcode: products.barcode })
    .from(products)
    .where(and(eq(products.id, lot.productId), eq(products.orgId, lot.orgId)))
    .get()!;
}

export function orgName(ctx: Ctx, orgId: string): string {
  return (
    ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, orgId)).get()?.name ?? ""
  );
}

export function lotStep(ctx: Ctx, lot: LotRow): ChainStep {
  const kind = ctx.db
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, lot.orgId))
    .get()?.kind;
  return kind === "distributor" ? "warehouseLot" : "storeLot";
}

export function lotRow(w: Walk, side: ChainRow["side"], lot: LotRow, qty: number | null, date: string): ChainRow {
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

export const blank = { batchNo: "", expiryDate: "", qty: null, unit: "", document: "", certificate: "", link: null };
