import type { Ctx, WriteTx } from "../context.server";
import type { ReasonInput } from "../state-machine.server";
import { createRestockOrder, orderLineOf } from "../restock/create-order.server";
import type { OrderLineRow, OrderRow } from "../restock/orders.server";
import { nextOpenDelivery } from "./next-open-delivery.server";

/**
 * A new confirmed order that carries `lines` (packs each) of `original` to the route's next open
 * delivery: same store, link and snapshotted prices, its own delivery code, stock reserved, put
 * on that run (all of it by `createRestockOrder`). `backorder_of` keeps the trail back to the original.
 */
export function createFollowUpOrder(
  tx: WriteTx,
  ctx: Ctx,
  original: OrderRow,
  lines: { line: OrderLineRow; packs: number }[],
  reason: ReasonInput,
) {
  return createRestockOrder(tx, ctx, {
    storeOrgId: original.storeOrgId,
    distributorOrgId: ctx.org.id,
    link: { id: original.linkId, paymentTerms: original.paymentTerms },
    routeId: original.routeId,
    deliveryDate: nextOpenDelivery(tx, ctx, original),
    status: "confirmed",
    source: "backorder",
    backorderOf: original.id,
    lines: lines.map(({ line, packs }) => orderLineOf({ ...line, id: line.productId }, line.casePriceFen, packs)),
    reason,
  });
}
