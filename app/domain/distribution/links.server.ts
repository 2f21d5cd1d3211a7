import { and, eq } from "drizzle-orm";
import { organisations } from "@db/schema";
import { catalogItems, deliveryRoutes, distributorLinks, priceListItems } from "@db/schema/distribution";
import type { Ctx, WriteTx } from "../context.server";
import { Forbidden, NotFound } from "../errors";

type Reader = Ctx["db"] | WriteTx;

export type LinkRow = typeof distributorLinks.$inferSelect;

/**
 * The store's active link to a distributor, or a refusal: a store may only see the catalog of,
 * and order from, a distributor that has accepted it.
 */
export function activeLinkForStore(db: Reader, ctx: Ctx, distributorOrgId: string): LinkRow {
  const link = db
    .select()
    .from(distributorLinks)
    .where(and(eq(distributorLinks.storeOrgId, ctx.org.id), eq(distributorLinks.distributorOrgId, distributorOrgId)))
    .get();
  if (!link) throw new NotFound("restock.notLinked");
  if (link.status !== "active") throw new Forbidden("restock.notLinked");
  return link;
}

/** A link as the distributor sees it: only links addressed to this distributor. */
export function linkForDistributor(db: Reader, ctx: Ctx, linkId: string): LinkRow {
  const link = db
    .select()
    .from(distributorLinks)
    .where(and(eq(distributorLinks.id, linkId), eq(distributorLinks.distributorOrgId, ctx.org.id)))
    .get();
  if (!link) throw new NotFound();
  return link;
}

/** The route (delivery schedule) assigned to a link, read within the distributor's org. */
export function routeOfLink(db: Reader, link: LinkRow) {
  if (!link.routeId) return null;
  return (
    db
      .select()
      .from(deliveryRoutes)
      .where(and(eq(deliveryRoutes.id, link.routeId), eq(deliveryRoutes.orgId, link.distributorOrgId)))
      .get() ?? null
  );
}

/** The distributors a store is linked to (any status), with their names, for the store's pages. */
export function linksOfStore(ctx: Ctx) {
  return ctx.db
    .select({ link: distributorLinks, distributorName: organisations.name })
    .from(distributorLinks)
    .innerJoin(organisations, eq(organisations.id, distributorLinks.distributorOrgId))
    .where(eq(distributorLinks.storeOrgId, ctx.org.id))
    .all();
}

/**
 * The case price a linked store pays for a SKU: its price list's entry if the list names the
 * SKU, else the distributor's default price. Read inside the order's transaction so the
 * snapshot on the order is the price at that moment.
 */
export function casePriceFor(db: Reader, link: LinkRow, productId: string): number | null {
  if (link.priceListId) {
    const listed = db
      .select({ price: priceListItems.casePriceFen })
      .from(priceListItems)
      .where(
        and(
          eq(priceListItems.priceListId, link.priceListId),
          eq(priceListItems.productId, productId),
          eq(priceListItems.orgId, link.distributorOrgId),
        ),
      )
      .get();
    if (listed) return listed.price;
  }
  const item = db
    .select({ price: catalogItems.casePriceFen })
    .from(catalogItems)
    .where(and(eq(catalogItems.productId, productId), eq(catalogItems.orgId, link.distributorOrgId)))
    .get();
  return item?.price ?? null;
}
