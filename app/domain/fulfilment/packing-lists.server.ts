import type { Ctx } from "../context.server";
import { heldUnits, type WarehouseHold } from "../recall/warehouse-stock.server";
import { findRun } from "./runs.server";
import { byShelf, runLines, runOrders, type RunLine, type RunOrder } from "./run-rows.server";

export type PackingList = RunOrder & { lines: RunLine[]; packs: number };

/**
 * One list per store, in stop order (the last stop is packed first, loaded deepest). `held`: on
 * a run still to be dispatched, the warehouse units of its products kept apart under a recall
 * (decision 046), so the picker entering quantities sees what dispatch will not ship.
 */
export function packingLists(ctx: Ctx, runId: string) {
  const run = findRun(ctx.db, ctx, runId);
  const toDispatch = run.status === "planned" || run.status === "picking";
  const linesByOrder = new Map<string, RunLine[]>();
  const held: Record<string, WarehouseHold> = {};
  const looked = new Set<string>();
  for (const line of runLines(ctx.db, ctx, run.id)) {
    const list = linesByOrder.get(line.orderId);
    if (list) list.push(line);
    else linesByOrder.set(line.orderId, [line]);
    if (toDispatch && !looked.has(line.productId)) {
      looked.add(line.productId);
      const hold = heldUnits(ctx.db, ctx.org.id, line.productId);
      if (hold) held[line.productId] = hold;
    }
  }
  const lists: PackingList[] = runOrders(ctx.db, ctx, run.id).map((order) => {
    const lines = (linesByOrder.get(order.id) ?? []).sort(byShelf);
    return { ...order, lines, packs: lines.reduce((n, l) => n + (l.pickedPacks ?? l.qtyPacks), 0) };
  });
  return { run, lists, held };
}
