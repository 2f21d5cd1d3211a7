import { and, eq, inArray } from "drizzle-orm";
import { restockOrderLines, restockOrders } from "@db/schema";
import type { Ctx } from "../context.server";
import { ORDER_STATUS_GROUPS } from "../machines";

/** Orders whose goods are not yet in the store's stock: they count as incoming. */
const INCOMING_STATUSES = ORDER_STATUS_GROUPS.incoming;

/**
 * Base units on the store's orders not yet received, from any distributor, matched to the store's
 * product as the receipt will match them: the line's booked product, else the barcode. A picked
 * order counts what was picked. One query; the dashboard's run-outs count the same stock.
 */
export function incomingUnits(ctx: Ctx, storeProducts: { id: string; barcode: string | null }[]) {
  const byBarcode = new Map(storeProducts.flatMap((p) => (p.barcode ? [[p.barcode, p.id] as const] : [])));
  const rows = ctx.db
    .select({
      barcode: restockOrderLines.barcode,
      storeProductId: restockOrderLines.storeProductId,
      packs: restockOrderLines.qtyPacks,
      picked: restockOrderLines.pickedPacks,
      packSize: restockOrderLines.packSize,
    })
    .from(restockOrderLines)
    .innerJoin(restockOrders, eq(restockOrders.id, restockOrderLines.orderId))
    .where(
      and(
        eq(restockOrders.storeOrgId, ctx.org.id),
        eq(restockOrderLines.storeOrgId, ctx.org.id),
        inArray(restockOrders.status, [...INCOMING_STATUSES]),
      ),
    )
    .all();
  const units = new Map<string, number>();
  for (const r of rows) {
    const id = r.storeProductId ?? (r.barcode ? byBarcode.get(r.barcode) : undefined);
    if (!id) continue;
    units.set(id, (units.get(id) ?? 0) + (r.picked ?? r.packs) * r.packSize);
  }
  return units;
}
