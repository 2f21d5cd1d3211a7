import { asc, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { deliveryRoutes, distributorLinks, organisations, priceLists } from "@db/schema";
import type { Ctx } from "../context.server";

const store = alias(organisations, "store");

/** The distributor's stores: requests waiting first (oldest first), then the rest by route and stop. */
export function listStoreLinks(ctx: Ctx) {
  const rows = ctx.db
    .select({
      id: distributorLinks.id,
      status: distributorLinks.status,
      note: distributorLinks.note,
      requestedAt: distributorLinks.requestedAt,
      decidedAt: distributorLinks.decidedAt,
      routeId: distributorLinks.routeId,
      stopSeq: distributorLinks.stopSeq,
      priceListId: distributorLinks.priceListId,
      paymentTerms: distributorLinks.paymentTerms,
      creditLimitFen: distributorLinks.creditLimitFen,
      storeName: store.name,
      township: store.township,
      village: store.village,
      contactPhone: store.contactPhone,
      routeName: deliveryRoutes.name,
      priceListName: priceLists.name,
    })
    .from(distributorLinks)
    .innerJoin(store, eq(store.id, distributorLinks.storeOrgId))
    .leftJoin(deliveryRoutes, eq(deliveryRoutes.id, distributorLinks.routeId))
    .leftJoin(priceLists, eq(priceLists.id, distributorLinks.priceListId))
    .where(eq(distributorLinks.distributorOrgId, ctx.org.id))
    .orderBy(asc(deliveryRoutes.name), asc(distributorLinks.stopSeq), desc(distributorLinks.requestedAt))
    .all();
  return {
    requests: rows.filter((r) => r.status === "requested").sort((a, b) => a.requestedAt - b.requestedAt),
    active: rows.filter((r) => r.status === "active"),
    closed: rows.filter((r) => r.status === "rejected" || r.status === "ended"),
  };
}
