import { and, eq } from "drizzle-orm";
import { restockOrderLines, restockOrders } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { once } from "../idempotency.server";
import { changeReservation } from "../distribution/warehouse.server";
import { applyMovement } from "../inventory/ledger.server";
import { moveOrder, moveRun } from "./moves.server";
import { bookOrderDemand, bookOrderShipped } from "../analysis/demand-rollups.internal.server";
import { dayOf, packsText, reason } from "./reasons.server";
import { findRun } from "./runs.server";
import { orderLines, runOrders, type RunOrder } from "./run-rows.server";
import type { z } from "zod";
import type { runActionSchema } from "./start-picking.server";

/** Where the short part of an order went, in words for its timeline; null when nothing was short. */
function shortfallReason(
  tx: WriteTx,
  ctx: Ctx,
  order: RunOrder,
  short: { packs: number; packUnit: string | null }[],
  nothingPicked: boolean,
) {
  if (short.length === 0) return null;
  const backorder = tx
    .select({ deliveryDate: restockOrders.deliveryDate })
    .from(restockOrders)
    .where(
      and(
        eq(restockOrders.backorderOf, order.id),
        eq(restockOrders.distributorOrgId, ctx.org.id),
        eq(restockOrders.source, "backorder"),
      ),
    )
    .get();
  const qty = packsText(short);
  if (nothingPicked) {
    return backorder
      ? reason("fulfilment.reason.noneBackordered", { date: dayOf(backorder.deliveryDate) })
      : reason("fulfilment.reason.noneCancelled");
  }
  return backorder
    ? reason("fulfilment.reason.shortBackordered", { qty, date: dayOf(backorder.deliveryDate) })
    : reason("fulfilment.reason.shortCancelled", { qty });
}

/**
 * The van leaves. Every picked line leaves the warehouse ledger (a sale movement referencing the
 * order) and its reservation is released; lines whose picks were not entered count as picked in
 * full. An order with nothing picked is cancelled with the reason instead of shipped.
 */
export function dispatchRun(ctx: Ctx, runId: string, input: z.infer<typeof runActionSchema>) {
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "fulfilment.dispatch", () => {
      const run = findRun(tx, ctx, runId);
      moveRun(tx, ctx, run, "out_for_delivery");
      let shipped = 0;
      let cancelled = 0;
      for (const order of runOrders(tx, ctx, run.id, ["picking"])) {
        const short: { packs: number; packUnit: string | null }[] = [];
        let totalFen = 0;
        let pickedAny = false;
        for (const line of orderLines(tx, ctx, order.id)) {
          const picked = line.pickedPacks ?? line.qtyPacks;
          if (line.pickedPacks === null)
            tx.update(restockOrderLines).set({ pickedPacks: picked }).where(eq(restockOrderLines.id, line.id)).run();
          if (picked < line.qtyPacks) short.push({ packs: line.qtyPacks - picked, packUnit: line.packUnit });
          if (picked === 0) continue;
          pickedAny = true;
          totalFen += picked * line.casePriceFen;
          changeReservation(tx, ctx, line.productId, -picked * line.packSize);
          applyMovement(tx, ctx, {
            productId: line.productId,
            kind: "sale",
            qty: -picked * line.packSize,
            refType: "restock_order",
            refId: order.id,
          });
        }
        const nothingPicked = !pickedAny;
        const why = shortfallReason(tx, ctx, order, short, nothingPicked);
        if (nothingPicked) {
          bookOrderDemand(tx, order.id, -1);
          moveOrder(tx, ctx, order, "cancelled", why, { totalFen: 0 });
          cancelled++;
        } else {
          moveOrder(tx, ctx, order, "out_for_delivery", why, { totalFen });
          bookOrderShipped(tx, order.id);
          shipped++;
        }
      }
      return { id: run.id, shipped, cancelled };
    }),
  );
}
