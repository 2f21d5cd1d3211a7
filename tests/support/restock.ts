import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { restockOrders } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { storeCatalog } from "../../app/domain/distribution/store-catalog.server";
import { deliverStop, deliverStopSchema } from "../../app/domain/fulfilment/deliver-stop.server";
import { dispatchRun } from "../../app/domain/fulfilment/dispatch-run.server";
import { recordPicks, recordPicksSchema } from "../../app/domain/fulfilment/record-picks.server";
import { startPicking } from "../../app/domain/fulfilment/start-picking.server";
import { confirmOrder } from "../../app/domain/restock/confirm-order.server";
import { submitOrder, type SubmitOrderInput } from "../../app/domain/restock/submit-order.server";

// Fixed instants in Asia/Shanghai on the test route (Tue/Fri, cut-off 18:00 the day before):
// Monday 2030-01-07 10:00 orders for Tuesday the 8th; at 19:00 the cut-off has passed and an
// order goes to Friday the 11th.
export const MONDAY_MORNING = Date.UTC(2030, 0, 7, 2, 0);
export const MONDAY_EVENING = Date.UTC(2030, 0, 7, 11, 0);
/** Later that Monday (23:00 in Shanghai): when the rest of a test's world acts, after every submit. */
export const MONDAY_NIGHT = Date.UTC(2030, 0, 7, 15, 0);
export const TUESDAY = "2030-01-08";
export const FRIDAY = "2030-01-11";

import { at } from "./clock";

export { at };

/** A submit input for `packs` of each SKU at the price the store's catalog shows now. */
export function cartInput(
  store: Ctx,
  distributorOrgId: string,
  picks: { sku: { id: string }; packs: number }[],
  extra: Partial<SubmitOrderInput> = {},
): SubmitOrderInput {
  const catalog = storeCatalog(store, distributorOrgId, { limit: 2000 });
  return {
    requestId: newId(),
    distributorOrgId,
    lines: picks.map(({ sku, packs }) => ({
      productId: sku.id,
      packs,
      priceFen: catalog.items.find((i) => i.productId === sku.id)?.casePriceFen ?? 0,
    })),
    ...extra,
  };
}

export function submitAndConfirm(
  store: Ctx,
  distributor: Ctx,
  picks: { sku: { id: string }; packs: number }[],
  now = MONDAY_MORNING,
) {
  const { orderId } = submitOrder(at(store, now), cartInput(store, distributor.org.id, picks));
  const confirmed = confirmOrder(distributor, orderId, { requestId: newId() });
  return { orderId, runId: confirmed.runId! };
}

/**
 * Drives a run to the doors with the fulfilment use cases themselves: start picking, record the
 * given short picks (`lineId → packs`, short parts dropped), dispatch, and deliver every stop
 * with its delivery code. Until then receipts have nothing real to receive.
 */
export function deliverRun(
  db: Db,
  distributor: Ctx,
  runId: string,
  shortPicks: Record<string, Record<string, number>> = {},
) {
  startPicking(distributor, runId, { requestId: newId() });
  for (const [orderId, picked] of Object.entries(shortPicks)) {
    const form = Object.fromEntries(Object.entries(picked).map(([lineId, n]) => [`picked.${lineId}`, String(n)]));
    recordPicks(
      distributor,
      runId,
      recordPicksSchema.parse({ requestId: newId(), orderId, shortfall: "cancel", ...form }),
    );
  }
  dispatchRun(distributor, runId, { requestId: newId() });
  const onRoad = db
    .select()
    .from(restockOrders)
    .where(and(eq(restockOrders.runId, runId), eq(restockOrders.status, "out_for_delivery")))
    .all();
  for (const order of onRoad) {
    deliverStop(
      distributor,
      runId,
      deliverStopSchema.parse({ requestId: newId(), orderId: order.id, code: order.deliveryCode }),
    );
  }
}
