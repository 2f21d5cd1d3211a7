import { and, eq, gt } from "drizzle-orm";
import { catalogVersions, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { listCustomerOptions } from "../credit/customers.server";
import { topSellers } from "./sell-screen.server";

export type OfflineProduct = {
  id: string;
  name: string;
  barcode: string | null;
  pinyin: string;
  baseUnit: string;
  packUnit: string | null;
  packSize: number;
  priceFen: number;
  onHand: number;
  active: boolean;
};

/**
 * What a phone keeps to sell offline (decision 032), as a delta from the catalog version it
 * has: the products changed since (all of them for a phone with none), every product's stock
 * level (it moves with each sale, so it is always sent: a few bytes a product), the credit
 * customers and the quick grid. `version` is what the phone's copy is now at.
 */
export function sellData(ctx: Ctx, since: number) {
  const version =
    ctx.db
      .select({ version: catalogVersions.version })
      .from(catalogVersions)
      .where(eq(catalogVersions.orgId, ctx.org.id))
      .get()?.version ?? 0;
  const full = since <= 0 || since > version;
  const changed: OfflineProduct[] = ctx.db
    .select({
      id: products.id,
      name: products.name,
      barcode: products.barcode,
      pinyin: products.pinyin,
      baseUnit: products.baseUnit,
      packUnit: products.packUnit,
      packSize: products.packSize,
      priceFen: products.priceFen,
      onHand: products.onHand,
      active: products.active,
    })
    .from(products)
    .where(
      full
        ? and(eq(products.orgId, ctx.org.id), eq(products.active, true))
        : and(eq(products.orgId, ctx.org.id), gt(products.catalogVersion, since)),
    )
    .all();
  const stock = ctx.db
    .select({ id: products.id, onHand: products.onHand })
    .from(products)
    .where(and(eq(products.orgId, ctx.org.id), eq(products.active, true)))
    .all()
    .map((p) => [p.id, p.onHand] as const);
  return {
    storeId: ctx.org.id,
    storeName: ctx.org.name,
    version,
    full,
    products: changed,
    stock,
    customers: listCustomerOptions(ctx),
    top: topSellers(ctx).map((p) => p.id),
    at: ctx.clock.now(),
  };
}
export type SellData = ReturnType<typeof sellData>;
