import type { Ctx } from "../context.server";
import { recallHoldsOnRun } from "./pick-list.server";
import { findRun } from "./runs.server";
import { byShelf, runLines, runOrders, type RunLine, type RunOrder } from "./run-rows.server";

export type PackingList = RunOrder & { lines: RunLine[]; packs: number };

/** One list per store, in stop order (the last stop is packed first, loaded deepest). */
export function packingLists(ctx: Ctx, runId: string) {
  const run = findRun(ctx.db, ctx, runId);
  const linesByOrder = new Map<string, RunLine[]>();
  for (const line of runLines(ctx.db, ctx, run.id)) {
    const list = linesByOrder.get(line.orderId);
    if (list) list.push(line);
    else linesByOrder.set(line.orderId, [line]);
  }
  const lists: PackingList[] = runOrders(ctx.db, ctx, run.id).map((order) => {
    const lines = (linesByOrder.get(order.id) ?? []).sort(byShelf);
    return { ...order, lines, packs: lines.reduce((n, l) => n + (l.pickedPacks ?? l.qtyPacks), 0) };
  });
  return { run, lists };
}

/**
 * The picks page: the packing lists, and the recall holds of their products while the run is
 * still to be dispatched, so the picker entering quantities sees what dispatch will not ship.
 */
export function picksSheet(ctx: Ctx, runId: string) {
  const { run, lists } = packingLists(ctx, runId);
  const productIds = lists.flatMap((list) => list.lines.map((line) => line.productId));
  return { run, lists, held: Object.fromEntries(recallHoldsOnRun(ctx, run, productIds)) };
}
