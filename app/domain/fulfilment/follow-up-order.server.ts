import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { deliveryRoutes, deliveryRuns, restockOrderLines, restockOrders } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { Conflict } from "../errors";
import { newId } from "../ids.server";
import { followingDelivery } from "../distribution/delivery-dates";
import { changeReservation } from "../distribution/warehouse.server";
import { recordCreation } from "../state-machine.server";
import { bookOrderDemand } from "../analysis/demand-rollups.internal.server";
import { attachToRun } from "./runs.server";

type OrderRow = typeof restockOrders.$inferSelect;
type LineRow = typeof restockOrderLines.$inferSelect;

/** The 6 digits the store reads out to the driver at the door. */
export function newDeliveryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * The next delivery of the order's route whose run has not started: a short-picked remainder
 * (or a stop that failed) cannot join a van that is already being loaded.
 */
export function nextOpenDelivery(tx: WriteTx, ctx: Ctx, order: Pick<OrderRow, "routeId" | "deliveryDate">): string {
  const route = order.routeId
    ? tx
        .select()
        .from(deliveryRoutes)
        .where(and(eq(deliveryRoutes.id, order.routeId), eq(deliveryRoutes.orgId, ctx.org.id)))
        .get()
    : undefined;
  let date: string | null = order.deliveryDate;
  for (let i = 0; route && i < 8; i++) {
    date = followingDelivery(route, date!);
    if (!date) break;
    const run = tx
      .select({ status: deliveryRuns.status })
      .from(deliveryRuns)
      .where(
        and(
          eq(deliveryRuns.orgId, ctx.org.id),
          eq(deliveryRuns.routeId, route.id),
          eq(deliveryRuns.deliveryDate, date),
        ),
      )
      .get();
    if (!run || run.status === "planned") return date;
  }
  throw new Conflict("fulfilment.noFollowingDelivery");
}

/**
 * A new confirmed order that carries `lines` (packs each) of `original` to the route's next open
 * delivery: same store, link and snapshotted prices, its own delivery code, stock reserved, put
 * on that run. `backorder_of` keeps the trail back to the original.
 */
export function createFollowUpOrder(
  tx: WriteTx,
  ctx: Ctx,
  original: OrderRow,
  lines: { line: LineRow; packs: number }[],
  why: (date: string) => string,
) {
  const deliveryDate = nextOpenDelivery(tx, ctx, original);
  const now = Date.now();
  const order = {
    id: newId(),
    storeOrgId: original.storeOrgId,
    distributorOrgId: ctx.org.id,
    linkId: original.linkId,
    routeId: original.routeId,
    deliveryDate,
    status: "confirmed" as const,
    paymentTerms: original.paymentTerms,
    totalFen: lines.reduce((n, { line, packs }) => n + packs * line.casePriceFen, 0),
    deliveryCode: newDeliveryCode(),
    backorderOf: original.id,
    source: "backorder",
    createdBy: ctx.actor.id,
    createdAt: now,
    updatedAt: now,
  };
  tx.insert(restockOrders).values(order).run();
  for (const { line, packs } of lines) {
    const { id: _, pickedPacks: __, receivedPacks: ___, damagedPacks: ____, storeProductId: _____, ...snapshot } = line;
    tx.insert(restockOrderLines)
      .values({ ...snapshot, id: newId(), orderId: order.id, qtyPacks: packs })
      .run();
    changeReservation(tx, ctx, line.productId, packs * line.packSize);
  }
  recordCreation(tx, ctx, "order", order.id, "confirmed", why(deliveryDate));
  bookOrderDemand(tx, order.id, 1);
  attachToRun(tx, ctx, order);
  return order;
}
