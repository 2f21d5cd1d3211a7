import { and, eq, gt } from "drizzle-orm";
import { catalogVersions, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { listCustomerOptions } from "../credit/customers.server";
import { availableUnits, quarantinedUnits } from "../recall/quarantine.server";
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
  /** The recall's reason while recalled units are kept apart (decision 041); null otherwise. */
  recall: string | null;
};

/**
 * What a phone keeps to sell offline (decision 032), as a delta from the catalog version it
 * has: the products changed since (all of them for a phone with none), every product's stock
 * level (it moves with each sale, so it is always sent: a few bytes a product), the credit
 * customers and the quick grid. `version` is what the phone's copy is now at. Units under an
 * open recall are not sent as stock; a product that has them carries the recall's reason (a
 * quarantine moves the catalog version, migration 0015), so the phone refuses what only
 * recalled units could fill.
 */
export function sellData(ctx: Ctx, since: number) {
  const version =
    ctx.db
      .select({ version: catalogVersions.version })
      .from(catalogVersions)
      .where(eq(catalogVersions.orgId, ctx.org.id))
      .get()?.version ?? 0;
  const full = since <= 0 || since > version;
  const quarantined = quarantinedUnits(ctx);
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
    .all()
    .map((p) => ({
      ...p,
      onHand: availableUnits(p.onHand, p.id, quarantined),
      recall: quarantined.get(p.id)?.reason ?? null,
    }));
  const stock = ctx.db
    .select({ id: products.id, onHand: products.onHand })
    .from(products)
    .where(and(eq(products.orgId, ctx.org.id), eq(products.active, true)))
    .all()
    .map((p) => [p.id, availableUnits(p.onHand, p.id, quarantined)] as const);
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
