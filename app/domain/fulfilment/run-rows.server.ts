import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  catalogItems,
  distributorLinks,
  organisations,
  restockOrderLines,
  restockOrders,
  type OrderStatus,
} from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { ORDER_STATUS_GROUPS } from "../machines";

type Reader = Ctx["db"] | WriteTx;

/** Orders that still travel with the run; rejected and cancelled ones no longer do. */
export const LIVE_STATUSES: OrderStatus[] = [...ORDER_STATUS_GROUPS.onRun];

const orderColumns = {
  id: restockOrders.id,
  status: restockOrders.status,
  storeOrgId: restockOrders.storeOrgId,
  linkId: restockOrders.linkId,
  routeId: restockOrders.routeId,
  deliveryDate: restockOrders.deliveryDate,
  paymentTerms: restockOrders.paymentTerms,
  totalFen: restockOrders.totalFen,
  signedBy: restockOrders.signedBy,
  codCollectedFen: restockOrders.codCollectedFen,
  // Paid before the van came (a group-buy deposit, an online payment): not collected again at the door.
  prepaidFen: sql<number>`coalesce((select -sum(ae.amount_fen) from account_entries ae where ae.distributor_org_id = ${restockOrders.distributorOrgId} and ae.store_org_id = ${restockOrders.storeOrgId} and ae.order_id = ${restockOrders.id} and ae.kind = 'payment' and ae.method = 'online'), 0)`,
  backorderOf: restockOrders.backorderOf,
  stopSeq: distributorLinks.stopSeq,
  storeName: organisations.name,
  contactPhone: organisations.contactPhone,
  township: organisations.township,
  village: organisations.village,
  address: organisations.address,
};

export type RunOrder = Awaited<ReturnType<typeof runOrders>>[number];

/** The run's orders in stop order (the manifest's order), with the store's contact. */
export function runOrders(db: Reader, ctx: Ctx, runId: string, statuses: OrderStatus[] = LIVE_STATUSES) {
  return db
    .select(orderColumns)
    .from(restockOrders)
    .innerJoin(distributorLinks, eq(distributorLinks.id, restockOrders.linkId))
    .innerJoin(organisations, eq(organisations.id, restockOrders.storeOrgId))
    .where(
      and(
        eq(restockOrders.runId, runId),
        eq(restockOrders.distributorOrgId, ctx.org.id),
        inArray(restockOrders.status, statuses),
      ),
    )
    .orderBy(asc(distributorLinks.stopSeq), asc(organisations.name), asc(restockOrders.id))
    .all();
}

export type RunLine = ReturnType<typeof runLines>[number];

/**
 * Every line of the run's live orders with its shelf and its stop, in one query: the pick list
 * and the packing lists are both built from it in memory, so a run of a thousand stores costs
 * one index scan, not a query per order.
 */
export function runLines(db: Reader, ctx: Ctx, runId: string) {
  return db
    .select({
      id: restockOrderLines.id,
      orderId: restockOrderLines.orderId,
      productId: restockOrderLines.productId,
      name: restockOrderLines.name,
      barcode: restockOrderLines.barcode,
      packUnit: restockOrderLines.packUnit,
      baseUnit: restockOrderLines.baseUnit,
      packSize: restockOrderLines.packSize,
      casePriceFen: restockOrderLines.casePriceFen,
      qtyPacks: restockOrderLines.qtyPacks,
      pickedPacks: restockOrderLines.pickedPacks,
      shelfLocation: catalogItems.shelfLocation,
      orderStatus: restockOrders.status,
      stopSeq: distributorLinks.stopSeq,
      storeName: organisations.name,
    })
    .from(restockOrderLines)
    .innerJoin(restockOrders, eq(restockOrders.id, restockOrderLines.orderId))
    .innerJoin(distributorLinks, eq(distributorLinks.id, restockOrders.linkId))
    .innerJoin(organisations, eq(organisations.id, restockOrders.storeOrgId))
    .leftJoin(
      catalogItems,
      and(eq(catalogItems.productId, restockOrderLines.productId), eq(catalogItems.orgId, ctx.org.id)),
    )
    .where(
      and(
        eq(restockOrders.runId, runId),
        eq(restockOrders.distributorOrgId, ctx.org.id),
        inArray(restockOrders.status, LIVE_STATUSES),
      ),
    )
    .all();
}

/** Lines of one order of this distributor, for the writes that walk them. */
export function orderLines(db: Reader, ctx: Ctx, orderId: string) {
  return db
    .select()
    .from(restockOrderLines)
    .where(and(eq(restockOrderLines.orderId, orderId), eq(restockOrderLines.distributorOrgId, ctx.org.id)))
    .orderBy(asc(restockOrderLines.name), asc(restockOrderLines.id))
    .all();
}

const shelfCollator = new Intl.Collator("zh-CN", { numeric: true });

/** Shelf first (an empty shelf last), then name: the order a picker walks the aisles in. */
export function byShelf(
  a: { shelfLocation: string | null; name: string },
  b: { shelfLocation: string | null; name: string },
) {
  const sa = a.shelfLocation ?? "";
  const sb = b.shelfLocation ?? "";
  if (sa !== sb) return sa === "" ? 1 : sb === "" ? -1 : shelfCollator.compare(sa, sb);
  return shelfCollator.compare(a.name, b.name);
}
