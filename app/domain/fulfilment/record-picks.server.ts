import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { restockOrderLines, restockOrders } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Conflict, Invalid, InvalidTransition, NotFound } from "../errors";
import { intField, requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { because } from "../timeline-reason";
import { changeReservation } from "../distribution/warehouse.server";
import { createFollowUpOrder } from "./follow-up-order.server";
import { findRun } from "./runs.server";
import { orderLines } from "./run-rows.server";

export const SHORTFALL_CHOICES = ["backorder", "cancel"] as const;
export const MAX_PACKS = 100_000;

/** The form sends `picked.<lineId>` per line; a line left out was picked in full. */
export const recordPicksSchema = z
  .object({
    requestId: requestIdField(),
    orderId: z.string().min(1).max(64),
    shortfall: z.enum(SHORTFALL_CHOICES).default("backorder"),
  })
  .catchall(intField({ min: 0, max: MAX_PACKS }))
  .transform(({ requestId, orderId, shortfall, ...rest }) => ({
    requestId: requestId as string,
    orderId: orderId as string,
    shortfall: shortfall as (typeof SHORTFALL_CHOICES)[number],
    picked: Object.fromEntries(
      Object.entries(rest as Record<string, number>)
        .filter(([k]) => k.startsWith("picked."))
        .map(([k, v]) => [k.slice("picked.".length), v]),
    ),
  }));
export type RecordPicksInput = z.output<typeof recordPicksSchema>;

/**
 * What was actually taken off the shelf for one order. The order's total becomes the picked
 * total; the short remainder is either carried to the route's next open delivery as a new
 * order or dropped, as the distributor chooses, and its reservation moves or is released now.
 * Picks are recorded once per order: a second entry would carry the same shortfall twice.
 */
export function recordPicks(ctx: Ctx, runId: string, input: RecordPicksInput) {
  requirePermission(ctx, "run.pick");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "fulfilment.recordPicks", () => {
      const run = findRun(tx, ctx, runId);
      const order = tx
        .select()
        .from(restockOrders)
        .where(
          and(
            eq(restockOrders.id, input.orderId),
            eq(restockOrders.runId, run.id),
            eq(restockOrders.distributorOrgId, ctx.org.id),
          ),
        )
        .get();
      if (!order) throw new NotFound();
      if (run.status !== "picking" || order.status !== "picking") throw new InvalidTransition("fulfilment.notPicking");
      const lines = orderLines(tx, ctx, order.id);
      if (lines.some((l) => l.pickedPacks !== null)) throw new Conflict("fulfilment.picksRecorded");
      const fieldErrors: Record<string, "fulfilment.pickedTooMany"> = {};
      for (const [lineId, packs] of Object.entries(input.picked)) {
        const line = lines.find((l) => l.id === lineId);
        if (!line) throw new NotFound();
        if (packs > line.qtyPacks) fieldErrors[`picked.${lineId}`] = "fulfilment.pickedTooMany";
      }
      if (Object.keys(fieldErrors).length) throw new Invalid("fulfilment.pickedTooMany", {}, fieldErrors);

      const short: { line: (typeof lines)[number]; packs: number }[] = [];
      let totalFen = 0;
      for (const line of lines) {
        const picked = input.picked[line.id] ?? line.qtyPacks;
        totalFen += picked * line.casePriceFen;
        tx.update(restockOrderLines).set({ pickedPacks: picked }).where(eq(restockOrderLines.id, line.id)).run();
        if (picked < line.qtyPacks) {
          short.push({ line, packs: line.qtyPacks - picked });
          changeReservation(tx, ctx, line.productId, -(line.qtyPacks - picked) * line.packSize);
        }
      }
      tx.update(restockOrders)
        .set({ totalFen, updatedAt: ctx.clock.now() })
        .where(eq(restockOrders.id, order.id))
        .run();
      const backorder =
        short.length && input.shortfall === "backorder"
          ? createFollowUpOrder(
              tx,
              ctx,
              order,
              short,
              because("fulfilment.reason.backorderOf", { date: order.deliveryDate }),
            )
          : null;
      return {
        orderId: order.id,
        totalFen,
        shortLines: short.length,
        backorderId: backorder?.id ?? null,
        backorderDate: backorder?.deliveryDate ?? null,
      };
    }),
  );
}
