import { and, asc, eq } from "drizzle-orm";
import { catalogItems, deliveryClaims, organisations, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { orderMachine } from "../machines";
import { timeline } from "../state-machine.internal.server";
import { shippedLotsOfLine } from "../trace/shipped-lots.internal.server";
import { findOrder, linesOfOrder } from "./orders.server";

/**
 * One order as either side sees it: lines (ordered, picked, received), the timeline, the claims
 * and the counterpart's name. The delivery code is the store's to show; the distributor's
 * driver must ask for it at the door, so the distributor's view leaves it out.
 */
export function getOrder(ctx: Ctx, orderId: string) {
  const order = findOrder(ctx.db, ctx, orderId);
  const isStore = ctx.org.kind === "store";
  const otherId = isStore ? order.distributorOrgId : order.storeOrgId;
  const other = ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, otherId))
    .get()!;
  const claims = ctx.db
    .select()
    .from(deliveryClaims)
    .where(
      and(
        eq(deliveryClaims.orderId, order.id),
        eq(isStore ? deliveryClaims.storeOrgId : deliveryClaims.distributorOrgId, ctx.org.id),
      ),
    )
    .orderBy(asc(deliveryClaims.createdAt), asc(deliveryClaims.id))
    .all();
  return {
    order: isStore ? order : { ...order, deliveryCode: null },
    other,
    lines: linesOfOrder(ctx.db, ctx, order.id).map((l) => ({
      ...l,
      shippedPacks: l.pickedPacks ?? l.qtyPacks,
      // The warehouse lots the van carried for the line (decision 040): the receipt books them.
      lots: shippedLotsOfLine(ctx.db, ctx, l.id).map(({ batchNo, expiryDate, qty }) => ({ batchNo, expiryDate, qty })),
    })),
    timeline: timeline(ctx.db, "order", order.id, ctx.locale),
    claims,
    next: orderMachine.next(order.status),
  };
}

/** Warehouse availability of an order's SKUs, for the distributor deciding to confirm. */
export function availabilityOf(ctx: Ctx, productIds: string[]) {
  const rows = productIds.map((id) =>
    ctx.db
      .select({
        productId: products.id,
        onHand: products.onHand,
        reserved: catalogItems.reserved,
        packSize: products.packSize,
      })
      .from(products)
      .innerJoin(catalogItems, eq(catalogItems.productId, products.id))
      .where(and(eq(products.id, id), eq(products.orgId, ctx.org.id)))
      .get(),
  );
  return Object.fromEntries(
    rows.flatMap((r) =>
      r ? [[r.productId, Math.max(Math.floor((r.onHand - r.reserved) / r.packSize), 0)] as const] : [],
    ),
  );
}
