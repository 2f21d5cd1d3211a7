import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { campaigns, products, restockOrderLines, stockLots, supplierCertificates, supplierOrders } from "../schema";
import type { Ctx } from "../../app/domain/context.server";
import { addDays, shanghaiDate } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { recordSupplierDelivery } from "../../app/domain/negotiation/record-supplier-delivery.server";
import { recordSale } from "../../app/domain/sales/record-sale.server";
import { receiveWarehouseDelivery } from "../../app/domain/trace/warehouse-receipt.server";
import type { At } from "./moments";

// Issue 15's traced lot (decision 040), told with the use cases: the supplier batch of the
// alliance's delivered campaign arrives at the county warehouse before the vans leave, so the
// runs carry it (first-expiring-first) to the member stores; later a store sells from it.

export const TRACE_BATCH_NO = "JLY-2411-A";

/** The coordinator records the batch on the supplier order; the warehouse receives it as that batch. */
export function seedTraceBatch({
  db,
  at,
  alliance,
  distributor,
  campaignId,
  when,
}: {
  db: Db;
  at: At;
  alliance: Ctx;
  distributor: Ctx;
  campaignId: string;
  when: number;
}) {
  const order = db
    .select({ id: supplierOrders.id, packs: supplierOrders.packs, supplierId: supplierOrders.supplierId })
    .from(supplierOrders)
    .where(and(eq(supplierOrders.campaignId, campaignId), eq(supplierOrders.orgId, alliance.org.id)))
    .get();
  const campaign = db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get();
  if (!order || !campaign?.distributorProductId) return;
  const cert = db
    .select({ id: supplierCertificates.id })
    .from(supplierCertificates)
    .where(and(eq(supplierCertificates.orgId, alliance.org.id), eq(supplierCertificates.supplierId, order.supplierId)))
    .orderBy(asc(supplierCertificates.createdAt))
    .get();
  const day = shanghaiDate(when);
  const { batchId } = at(when, () =>
    recordSupplierDelivery(alliance, order.id, {
      requestId: newId(),
      promisedDeliveryDate: day,
      deliveredDate: day,
      batchNo: TRACE_BATCH_NO,
      productionDate: addDays(day, -12),
      // Sooner than the warehouse's other oil: the vans take it first.
      expiryDate: addDays(day, 90),
      certificateId: cert?.id ?? null,
    }),
  );
  if (!batchId) return;
  at(when + 60_000, () =>
    receiveWarehouseDelivery(distributor, campaign.distributorProductId!, {
      requestId: newId(),
      qty: order.packs,
      unit: "pack",
      costFen: undefined,
      batchNo: "",
      expiryDate: "",
      supplierBatchId: batchId,
    }),
  );
}

/** A member store sells through its lots of the batch's oil, first-expiring-first, until some came from the batch. */
export function seedTraceSale({ db, at, stores, when }: { db: Db; at: At; stores: Ctx[]; when: number }) {
  for (const store of stores) {
    const lots = db
      .select({ batchNo: stockLots.batchNo, onHand: stockLots.onHand, productId: stockLots.productId })
      .from(stockLots)
      .innerJoin(products, eq(products.id, stockLots.productId))
      .where(and(eq(stockLots.orgId, store.org.id), sql`${stockLots.onHand} > 0`))
      .orderBy(sql`${stockLots.expiryDate} = ''`, asc(stockLots.expiryDate), asc(stockLots.createdAt))
      .all();
    const traced = lots.find((l) => l.batchNo === TRACE_BATCH_NO);
    if (!traced) continue;
    const received = db
      .select({ id: restockOrderLines.id })
      .from(restockOrderLines)
      .where(
        and(eq(restockOrderLines.storeOrgId, store.org.id), eq(restockOrderLines.storeProductId, traced.productId)),
      )
      .get();
    if (!received) continue;
    const before = lots
      .filter((l) => l.productId === traced.productId)
      .slice(
        0,
        lots.filter((l) => l.productId === traced.productId).findIndex((l) => l.batchNo === TRACE_BATCH_NO),
      )
      .reduce((n, l) => n + l.onHand, 0);
    const qty = Math.min(before + 2, before + traced.onHand);
    at(when, () =>
      recordSale(store, { saleId: newId(), tender: "cash", lines: [{ productId: traced.productId, qty }] }),
    );
    return;
  }
}
