import { and, asc, eq, lte, sql } from "drizzle-orm";
import { catalogItems, deliveryRoutes, distributorLinks, products } from "@db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { searchCondition } from "../inventory/list-products.server";
import { quarantinedUnitsSql } from "../recall/warehouse-stock.server";

export type CatalogFilter = "all" | "low" | "inactive";

// Units under a recall are not available (decision 046): they wait to go back, never ship.
const available = sql<number>`${products.onHand} - ${catalogItems.reserved} - ${quarantinedUnitsSql}`;

const columns = {
  id: products.id,
  name: products.name,
  barcode: products.barcode,
  category: products.category,
  baseUnit: products.baseUnit,
  packUnit: products.packUnit,
  packSize: products.packSize,
  casePriceFen: catalogItems.casePriceFen,
  minOrderPacks: catalogItems.minOrderPacks,
  shelfLocation: catalogItems.shelfLocation,
  reorderPoint: products.reorderPoint,
  costFen: products.costFen,
  active: products.active,
  onHand: products.onHand,
  reserved: catalogItems.reserved,
  available,
  quarantined: quarantinedUnitsSql,
};

/** Whole packs that can be promised: a part pack cannot be sold as a case. */
export function packsOf(units: number, packSize: number): number {
  return units > 0 ? Math.floor(units / packSize) : 0;
}

function withPacks<T extends { onHand: number; reserved: number; available: number; packSize: number }>(row: T) {
  return {
    ...row,
    availablePacks: packsOf(row.available, row.packSize),
    onHandPacks: packsOf(row.onHand, row.packSize),
  };
}

/**
 * The distributor's catalog as its warehouse sees it: on hand, reserved for confirmed orders and
 * available (in base units and whole packs), shelf and price. Low = active and available at or
 * under the reorder point, since reserved stock is already spoken for.
 */
export function listCatalog(
  ctx: Ctx,
  { q = "", filter = "all", limit = 50 }: { q?: string; filter?: CatalogFilter; limit?: number } = {},
) {
  const where = and(
    eq(catalogItems.orgId, ctx.org.id),
    eq(products.orgId, ctx.org.id),
    searchCondition(q),
    filter === "low" ? and(eq(products.active, true), lte(available, products.reorderPoint)) : undefined,
    filter === "inactive" ? eq(products.active, false) : undefined,
  );
  const from = () =>
    ctx.db.select(columns).from(catalogItems).innerJoin(products, eq(products.id, catalogItems.productId));
  const items = from()
    .where(where)
    .orderBy(
      filter === "low" ? asc(sql`${available} - ${products.reorderPoint}`) : asc(products.pinyin),
      asc(products.id),
    )
    .limit(Math.min(Math.max(limit, 1), 1000))
    .all()
    .map(withPacks);
  const total =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(catalogItems)
      .innerJoin(products, eq(products.id, catalogItems.productId))
      .where(where)
      .get()?.n ?? 0;
  return { items, total };
}

export function getCatalogItem(ctx: Ctx, productId: string) {
  const row = ctx.db
    .select(columns)
    .from(catalogItems)
    .innerJoin(products, eq(products.id, catalogItems.productId))
    .where(
      and(eq(catalogItems.productId, productId), eq(catalogItems.orgId, ctx.org.id), eq(products.orgId, ctx.org.id)),
    )
    .get();
  if (!row) throw new NotFound();
  return withPacks(row);
}

/** The distributor's overview figures. */
export function distributorSummary(ctx: Ctx) {
  const skus = ctx.db
    .select({
      total: sql<number>`count(*)`,
      low: sql<number>`coalesce(sum(case when ${products.active} and ${available} <= ${products.reorderPoint} then 1 else 0 end), 0)`,
    })
    .from(catalogItems)
    .innerJoin(products, eq(products.id, catalogItems.productId))
    .where(and(eq(catalogItems.orgId, ctx.org.id), eq(products.orgId, ctx.org.id)))
    .get();
  const links = ctx.db
    .select({
      requested: sql<number>`coalesce(sum(case when ${distributorLinks.status} = 'requested' then 1 else 0 end), 0)`,
      active: sql<number>`coalesce(sum(case when ${distributorLinks.status} = 'active' then 1 else 0 end), 0)`,
    })
    .from(distributorLinks)
    .where(eq(distributorLinks.distributorOrgId, ctx.org.id))
    .get();
  const routes =
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(deliveryRoutes)
      .where(and(eq(deliveryRoutes.orgId, ctx.org.id), eq(deliveryRoutes.active, true)))
      .get()?.n ?? 0;
  return {
    skus: skus?.total ?? 0,
    low: skus?.low ?? 0,
    pendingLinks: links?.requested ?? 0,
    activeLinks: links?.active ?? 0,
    routes,
  };
}
