import type { RunStatus } from "@db/schema";
import type { Ctx } from "../context.server";
import { findRun } from "./runs.server";
import { byShelf, runLines } from "./run-rows.server";
import { heldUnits, type WarehouseHold } from "../recall/warehouse-stock.server";

export type PickStop = { orderId: string; storeName: string; stopSeq: number; packs: number };
export type PickItem = {
  productId: string;
  name: string;
  barcode: string | null;
  shelfLocation: string;
  packUnit: string | null;
  baseUnit: string;
  packSize: number;
  totalPacks: number;
  stops: PickStop[];
  /**
   * Units of this SKU kept apart under a recall: left on the shelf, never picked (decision 046).
   * Only on a run still to be dispatched: a run already on the road or done shipped before, and
   * its pick list, printed again, says what it was.
   */
  recalled: WarehouseHold | null;
};

/**
 * The consolidated pick list: one row per SKU with the packs of every store on the run added up
 * and split per store (in stop order, as the van is loaded), sorted the way a picker walks the
 * shelves. Built in memory from one query.
 */
export function pickList(ctx: Ctx, runId: string) {
  const run = findRun(ctx.db, ctx, runId);
  const bySku = new Map<string, PickItem>();
  for (const line of runLines(ctx.db, ctx, run.id)) {
    let item = bySku.get(line.productId);
    if (!item) {
      item = {
        productId: line.productId,
        name: line.name,
        barcode: line.barcode,
        shelfLocation: line.shelfLocation ?? "",
        packUnit: line.packUnit,
        baseUnit: line.baseUnit,
        packSize: line.packSize,
        totalPacks: 0,
        stops: [],
        recalled: null,
      };
      bySku.set(line.productId, item);
    }
    item.totalPacks += line.qtyPacks;
    item.stops.push({ orderId: line.orderId, storeName: line.storeName, stopSeq: line.stopSeq, packs: line.qtyPacks });
  }
  const holds = recallHoldsOnRun(ctx, run, bySku.keys());
  for (const [productId, hold] of holds) bySku.get(productId)!.recalled = hold;
  const items = [...bySku.values()].sort(byShelf);
  for (const item of items) item.stops.sort((a, b) => a.stopSeq - b.stopSeq || (a.storeName < b.storeName ? -1 : 1));
  const totalPacks = items.reduce((n, i) => n + i.totalPacks, 0);
  return { run, items, totalPacks };
}

/**
 * The warehouse units of these products kept apart under a recall (decision 046), while the run
 * is still to be dispatched; none once it has left: a run on the road or done shipped what it
 * shipped, and its lists, printed again, say what it was.
 */
export function recallHoldsOnRun(ctx: Ctx, run: { status: RunStatus }, productIds: Iterable<string>) {
  const holds = new Map<string, WarehouseHold>();
  if (run.status !== "planned" && run.status !== "picking") return holds;
  for (const productId of new Set(productIds)) {
    const hold = heldUnits(ctx.db, ctx.org.id, productId);
    if (hold) holds.set(productId, hold);
  }
  return holds;
}
