import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { distributorLinks, organisations, products, restockOrderLines, restockOrders } from "../../db/schema";
import { inTransaction, type Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { nextDelivery } from "../../app/domain/distribution/delivery-dates";
import { casePriceFor, linkForDistributor } from "../../app/domain/distribution/links.server";
import { changeReservation } from "../../app/domain/distribution/warehouse.server";
import { receiveStock } from "../../app/domain/inventory/receive-stock.server";
import { attachToRun } from "../../app/domain/fulfilment/runs.server";
import { newDeliveryCode } from "../../app/domain/fulfilment/follow-up-order.server";
import { recordCreation } from "../../app/domain/state-machine.server";
import { makeStore } from "./factories";
import { linkStore, makeDistributor, makeRoute, makeSku } from "./distribution";

type Sku = { id: string; name: string; packSize: number };

/** Stock received into the distributor's warehouse, in packs (the ledger's own receipt path). */
export function stockSku(ctx: Ctx, sku: { id: string }, packs: number) {
  receiveStock(ctx, sku.id, {
    requestId: newId(),
    qty: packs,
    unit: "pack",
    costFen: undefined,
    batchNo: "",
    expiryDate: "",
  });
}

/**
 * A confirmed restock order as the store's submit and the distributor's confirm would leave it
 * (until those use cases exist): lines snapshot the SKU and the link's price, stock is reserved,
 * the creation is on the timeline, and the order is put on its run.
 */
export function makeConfirmedOrder(
  ctx: Ctx,
  { linkId, deliveryDate, lines }: { linkId: string; deliveryDate: string; lines: { sku: Sku; packs: number }[] },
) {
  return inTransaction(ctx.db, (tx) => {
    const link = linkForDistributor(tx, ctx, linkId);
    const now = ctx.clock.now();
    const priced = lines.map(({ sku, packs }) => ({ sku, packs, price: casePriceFor(tx, link, sku.id)! }));
    const order = {
      id: newId(),
      storeOrgId: link.storeOrgId,
      distributorOrgId: ctx.org.id,
      linkId: link.id,
      routeId: link.routeId,
      deliveryDate,
      status: "confirmed" as const,
      paymentTerms: link.paymentTerms,
      totalFen: priced.reduce((n, l) => n + l.packs * l.price, 0),
      deliveryCode: newDeliveryCode(),
      createdBy: ctx.actor.id,
      createdAt: now,
      updatedAt: now,
    };
    tx.insert(restockOrders).values(order).run();
    for (const { sku, packs, price } of priced) {
      const product = tx
        .select()
        .from(products)
        .where(and(eq(products.id, sku.id), eq(products.orgId, ctx.org.id)))
        .get()!;
      tx.insert(restockOrderLines)
        .values({
          id: newId(),
          orderId: order.id,
          storeOrgId: link.storeOrgId,
          distributorOrgId: ctx.org.id,
          productId: sku.id,
          name: product.name,
          barcode: product.barcode,
          packUnit: product.packUnit,
          baseUnit: product.baseUnit,
          packSize: product.packSize,
          casePriceFen: price,
          qtyPacks: packs,
        })
        .run();
      changeReservation(tx, ctx, sku.id, packs * product.packSize);
    }
    recordCreation(tx, ctx, "order", order.id, "confirmed");
    const run = attachToRun(tx, ctx, order);
    return { ...order, runId: run?.id ?? null };
  });
}

/**
 * A distributor with a route, `skus` stocked SKUs on numbered shelves, and `stores` linked stores
 * in stop order (contact phone set), each with its link: the usual start of a fulfilment test.
 */
export async function makeDeliveryRoute(
  db: Db,
  { stores = 3, skus = 3, stockPacks = 100, paymentTerms = "cod" as "cod" | "account", deliveryDate = "" } = {},
) {
  const distributor = await makeDistributor(db);
  const route = makeRoute(distributor.ctx);
  const date =
    deliveryDate ||
    nextDelivery({ weekdays: "2,5", cutoffTime: "18:00", cutoffDaysBefore: 1 }, distributor.ctx.clock.now())!
      .deliveryDate;
  const catalog = Array.from({ length: skus }, (_, i) =>
    makeSku(distributor.ctx, {
      name: `商品${String(i).padStart(3, "0")}`,
      shelfLocation: `A-${String(skus - i).padStart(2, "0")}`,
      packSize: 12,
      casePriceFen: 1000 + i,
    }),
  );
  for (const sku of catalog) if (stockPacks > 0) stockSku(distributor.ctx, sku, stockPacks);
  const linked = [];
  for (let i = 0; i < stores; i++) {
    const store = await makeStore(db);
    db.update(organisations)
      .set({ contactPhone: `1370000${String(i).padStart(4, "0")}`, village: `第${i + 1}村` })
      .where(eq(organisations.id, store.org.id))
      .run();
    const linkId = linkStore(store.ctx, distributor.ctx, { routeId: route.id, paymentTerms });
    db.update(distributorLinks)
      .set({ stopSeq: i + 1 })
      .where(and(eq(distributorLinks.id, linkId), eq(distributorLinks.distributorOrgId, distributor.org.id)))
      .run();
    linked.push({ ...store, linkId });
  }
  return { distributor, routeId: route.id, deliveryDate: date, skus: catalog, stores: linked };
}
