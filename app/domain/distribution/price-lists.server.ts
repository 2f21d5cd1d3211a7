import { and, asc, eq, sql } from "drizzle-orm";
import { catalogItems, distributorLinks, priceListItems, priceLists, products } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { NotFound } from "../errors";

type Reader = Ctx["db"] | WriteTx;

/** The distributor's own price list, or NotFound: the one place a list id from outside is trusted. */
export function priceListOf(db: Reader, ctx: Ctx, priceListId: string) {
  const list = db
    .select()
    .from(priceLists)
    .where(and(eq(priceLists.id, priceListId), eq(priceLists.orgId, ctx.org.id)))
    .get();
  if (!list) throw new NotFound();
  return list;
}

/** The lists with how many SKUs each prices and how many stores buy on it. */
export function listPriceLists(ctx: Ctx) {
  return ctx.db
    .select({
      id: priceLists.id,
      name: priceLists.name,
      items: sql<number>`(select count(*) from ${priceListItems} where ${priceListItems.priceListId} = ${priceLists}.id)`,
      stores: sql<number>`(select count(*) from ${distributorLinks} where ${distributorLinks.priceListId} = ${priceLists}.id
        and ${distributorLinks.status} = 'active')`,
    })
    .from(priceLists)
    .where(eq(priceLists.orgId, ctx.org.id))
    .orderBy(asc(priceLists.name), asc(priceLists.id))
    .all();
}

/** One list beside the default prices: every SKU, its default case price and this list's, if any. */
export function getPriceList(ctx: Ctx, priceListId: string) {
  const list = priceListOf(ctx.db, ctx, priceListId);
  const items = ctx.db
    .select({
      productId: products.id,
      name: products.name,
      barcode: products.barcode,
      packUnit: products.packUnit,
      packSize: products.packSize,
      baseUnit: products.baseUnit,
      active: products.active,
      defaultFen: catalogItems.casePriceFen,
      listFen: priceListItems.casePriceFen,
    })
    .from(catalogItems)
    .innerJoin(products, eq(products.id, catalogItems.productId))
    .leftJoin(
      priceListItems,
      and(
        eq(priceListItems.productId, catalogItems.productId),
        eq(priceListItems.priceListId, list.id),
        eq(priceListItems.orgId, ctx.org.id),
      ),
    )
    .where(and(eq(catalogItems.orgId, ctx.org.id), eq(products.orgId, ctx.org.id)))
    .orderBy(asc(products.pinyin), asc(products.id))
    .all();
  return { list, items };
}
