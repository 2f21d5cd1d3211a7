import { and, asc, eq, sql } from "drizzle-orm";
import { catalogItems, organisations, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { searchCondition } from "../inventory/list-products.server";
import { quarantinedUnitsSql } from "../recall/warehouse-stock.server";
import { nextDelivery, type NextDelivery } from "./delivery-dates";
import { packsOf } from "./list-catalog.server";
import { activeLinkForStore, casePriceFor, routeOfLink } from "./links.server";

export type StoreCatalogItem = {
  /** The distributor's SKU (a product of the distributor organisation): what an order line names. */
  productId: string;
  name: string;
  barcode: string | null;
  category: string;
  baseUnit: string;
  packUnit: string | null;
  packSize: number;
  /** This store's price of one pack, in fen: its price list's entry, else the default. */
  casePriceFen: number;
  minOrderPacks: number;
  /** Whole packs on hand and not promised to confirmed orders (0 when none). */
  availablePacks: number;
};

export type StoreCatalog = {
  distributor: { id: string; name: string };
  link: { id: string; paymentTerms: "cod" | "account"; creditLimitFen: number; priceListId: string | null };
  route: { id: string; name: string; weekdays: string; cutoffTime: string; cutoffDaysBefore: number } | null;
  /** The delivery an order submitted now goes on, and when ordering for it closes; null without an active route. */
  next: NextDelivery | null;
  items: StoreCatalogItem[];
  /** Active SKUs matching `q`; more than `items.length` when the limit cut the list. */
  total: number;
};

/**
 * The catalog as a linked store sees it: active SKUs only, each at the store's price, with the
 * packs available, the minimum order, and the next delivery on the store's route.
 *
 * `ctx` is the store's context. A store without an accepted link to `distributorOrgId` gets
 * NotFound (never asked) or Forbidden (asked, not yet accepted). Called by the restock cart:
 * keep this signature stable.
 */
export function storeCatalog(
  ctx: Ctx,
  distributorOrgId: string,
  { q = "", limit = 500 }: { q?: string; limit?: number } = {},
): StoreCatalog {
  const now = ctx.clock.now();
  const link = activeLinkForStore(ctx.db, ctx, distributorOrgId);
  const distributor = ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, link.distributorOrgId))
    .get()!;
  const route = routeOfLink(ctx.db, link);
  // Scoped by the link's distributor, never by an id the caller chose.
  const where = and(
    eq(catalogItems.orgId, link.distributorOrgId),
    eq(products.orgId, link.distributorOrgId),
    eq(products.active, true),
    searchCondition(q),
  );
  const rows = ctx.db
    .select({
      productId: products.id,
      name: products.name,
      barcode: products.barcode,
      category: products.category,
      baseUnit: products.baseUnit,
      packUnit: products.packUnit,
      packSize: products.packSize,
      minOrderPacks: catalogItems.minOrderPacks,
      available: sql<number>`${products.onHand} - ${catalogItems.reserved} - ${quarantinedUnitsSql}`,
    })
    .from(catalogItems)
    .innerJoin(products, eq(products.id, catalogItems.productId))
    .where(where)
    .orderBy(asc(products.category), asc(products.pinyin), asc(products.id))
    .limit(Math.min(Math.max(limit, 1), 2000))
    .all();
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(catalogItems)
      .innerJoin(products, eq(products.id, catalogItems.productId))
      .where(where)
      .get()?.n ?? 0;
  const items = rows.map(({ available, ...row }) => ({
    ...row,
    casePriceFen: casePriceFor(ctx.db, link, row.productId)!,
    availablePacks: packsOf(available, row.packSize),
  }));
  return {
    distributor,
    link: {
      id: link.id,
      paymentTerms: link.paymentTerms,
      creditLimitFen: link.creditLimitFen,
      priceListId: link.priceListId,
    },
    route: route
      ? {
          id: route.id,
          name: route.name,
          weekdays: route.weekdays,
          cutoffTime: route.cutoffTime,
          cutoffDaysBefore: route.cutoffDaysBefore,
        }
      : null,
    next: route?.active ? nextDelivery(route, now) : null,
    items,
    total,
  };
}
