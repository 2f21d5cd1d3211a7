import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { distributorLinks, organisations, products } from "../../db/schema";
import { inTransaction, type Ctx } from "../../app/domain/context.server";
import type { Clock } from "../../app/domain/dates";
import { newId } from "../../app/domain/ids.server";
import { nextDelivery } from "../../app/domain/distribution/delivery-dates";
import { casePriceFor, linkForDistributor } from "../../app/domain/distribution/links.server";
import { receiveWarehouseStock } from "../../app/domain/inventory/receive-stock.server";
import { createRestockOrder } from "../../app/domain/restock/create-order.server";
import { makeStore } from "./factories";
import { linkStore, makeDistributor, makeRoute, makeSku } from "./distribution";

type Sku = { id: string; name: string; packSize: number };

/** Stock received into the distributor's warehouse, in packs (the ledger's own receipt path). */
export function stockSku(ctx: Ctx, sku: { id: string }, packs: number) {
  receiveWarehouseStock(ctx, sku.id, {
    requestId: newId(),
    qty: packs,
    unit: "pack",
    costFen: undefined,
    batchNo: "",
    expiryDate: "",
  });
}

/**
 * A confirmed restock order made the way the distributor's side makes one (createRestockOrder):
 * lines snapshot the SKU and the link's price, stock is reserved, the creation is on the
 * timeline, the demand rollup counts it, and the order is put on its run.
 */
export function makeConfirmedOrder(
  ctx: Ctx,
  { linkId, deliveryDate, lines }: { linkId: string; deliveryDate: string; lines: { sku: Sku; packs: number }[] },
) {
  return inTransaction(ctx.db, (tx) => {
    const link = linkForDistributor(tx, ctx, linkId);
    const order = createRestockOrder(tx, ctx, {
      storeOrgId: link.storeOrgId,
      distributorOrgId: ctx.org.id,
      link,
      routeId: link.routeId,
      deliveryDate,
      status: "confirmed",
      source: "cart",
      lines: lines.map(({ sku, packs }) => {
        const product = tx
          .select()
          .from(products)
          .where(and(eq(products.id, sku.id), eq(products.orgId, ctx.org.id)))
          .get()!;
        return {
          productId: sku.id,
          name: product.name,
          barcode: product.barcode,
          packUnit: product.packUnit,
          baseUnit: product.baseUnit,
          packSize: product.packSize,
          casePriceFen: casePriceFor(tx, link, sku.id)!,
          qtyPacks: packs,
        };
      }),
    });
    return order;
  });
}

/**
 * A distributor with a route, `skus` stocked SKUs on numbered shelves, and `stores` linked stores
 * in stop order (contact phone set), each with its link: the usual start of a fulfilment test.
 */
export async function makeDeliveryRoute(
  db: Db,
  {
    stores = 3,
    skus = 3,
    stockPacks = 100,
    paymentTerms = "cod" as "cod" | "account",
    deliveryDate = "",
    clock = undefined as Clock | undefined,
  } = {},
) {
  // With `clock`, every context of the world acts on it (a test that pins "now" pins it for everyone).
  const timed = <T extends { ctx: Ctx }>(who: T): T => (clock ? { ...who, ctx: { ...who.ctx, clock } } : who);
  const distributor = timed(await makeDistributor(db));
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
    const store = timed(await makeStore(db));
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
