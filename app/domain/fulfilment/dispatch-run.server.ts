import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { restockOrderLines, restockOrders } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { because } from "../timeline-reason";
import { changeReservation } from "../distribution/warehouse.server";
import { heldUnits, shippableUnits } from "../recall/warehouse-stock.server";
import { moveRun, transitionOrder } from "./moves.server";
import { packsText } from "./reasons.server";
import { findRun } from "./runs.server";
import { orderLines, runOrders, type RunOrder } from "./run-rows.server";

type OrderLine = ReturnType<typeof orderLines>[number];
import type { runActionSchema } from "./start-picking.server";

/** Where the short part of an order went, for its timeline; null when nothing was short. */
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
      ? because("fulfilment.reason.noneBackordered", { date: backorder.deliveryDate })
      : because("fulfilment.reason.noneCancelled");
  }
  return backorder
    ? because("fulfilment.reason.shortBackordered", { qty, date: backorder.deliveryDate })
    : because("fulfilment.reason.shortCancelled", { qty });
}

/**
 * Packs of a line that may leave the warehouse now. Recalled (quarantined) lots never ship
 * (decision 046): when the clean stock does not cover the line, it is short-picked down to what
 * the clean stock covers, the rest of its reservation released, and the reason is the recall's.
 */
function clampToShippable(tx: WriteTx, ctx: Ctx, line: OrderLine, picked: number) {
  if (picked === 0 || !heldUnits(tx, ctx.org.id, line.productId)) return { picked, recalled: null };
  const { units, hold } = shippableUnits(tx, ctx, line.productId);
  const can = Math.max(0, Math.min(picked, Math.floor(units / line.packSize)));
  if (can === picked || !hold) return { picked, recalled: null };
  changeReservation(tx, ctx, line.productId, -(picked - can) * line.packSize);
  return { picked: can, recalled: { packs: picked - can, packUnit: line.packUnit, reason: hold.reason } };
}

/**
 * The van leaves. Lines whose picks were not entered count as picked in full; the order process
 * then takes each order's picked packs off the warehouse ledger and its reservation
 * (picking → out_for_delivery). An order with nothing picked is cancelled with the reason instead.
 */
export function dispatchRun(ctx: Ctx, runId: string, input: z.infer<typeof runActionSchema>) {
  requirePermission(ctx, "run.dispatch");
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
        const recalled: { packs: number; packUnit: string | null; reason: string }[] = [];
        for (const line of orderLines(tx, ctx, order.id)) {
          const clamped = clampToShippable(tx, ctx, line, line.pickedPacks ?? line.qtyPacks);
          const picked = clamped.picked;
          if (clamped.recalled) recalled.push(clamped.recalled);
          if (line.pickedPacks !== picked)
            tx.update(restockOrderLines).set({ pickedPacks: picked }).where(eq(restockOrderLines.id, line.id)).run();
          if (picked < line.qtyPacks) short.push({ packs: line.qtyPacks - picked, packUnit: line.packUnit });
          totalFen += picked * line.casePriceFen;
          if (picked > 0) pickedAny = true;
        }
        const nothingPicked = !pickedAny;
        const why = recalled.length
          ? because("recall.reason.notShipped", { qty: packsText(recalled), reason: recalled[0]!.reason })
          : shortfallReason(tx, ctx, order, short, nothingPicked);
        if (nothingPicked) {
          transitionOrder(tx, ctx, order, "cancelled", why, { totalFen: 0 });
          cancelled++;
        } else {
          transitionOrder(tx, ctx, order, "out_for_delivery", why, { totalFen });
          shipped++;
        }
      }
      return { id: run.id, shipped, cancelled };
    }),
  );
}
