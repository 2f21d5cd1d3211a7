import { and, asc, eq } from "drizzle-orm";
import { deliveryRoutes, distributorLinks, organisations } from "@db/schema";
import type { Ctx } from "../context.server";
import { nextDelivery } from "./delivery-dates";

/**
 * The distributors a store can ask to serve it: those in its own county (a county is the unit
 * of locality, and of sharding later), each with the store's link to it if any.
 */
export function findDistributors(ctx: Ctx) {
  const now = ctx.clock.now();
  const me = ctx.db
    .select({ countyCode: organisations.countyCode })
    .from(organisations)
    .where(eq(organisations.id, ctx.org.id))
    .get();
  if (!me?.countyCode) return { countyKnown: false, distributors: [] };
  const rows = ctx.db
    .select({
      id: organisations.id,
      name: organisations.name,
      county: organisations.county,
      township: organisations.township,
      contactPhone: organisations.contactPhone,
      link: distributorLinks,
      route: deliveryRoutes,
    })
    .from(organisations)
    .leftJoin(
      distributorLinks,
      and(eq(distributorLinks.distributorOrgId, organisations.id), eq(distributorLinks.storeOrgId, ctx.org.id)),
    )
    .leftJoin(
      deliveryRoutes,
      and(eq(deliveryRoutes.id, distributorLinks.routeId), eq(deliveryRoutes.orgId, organisations.id)),
    )
    .where(and(eq(organisations.kind, "distributor"), eq(organisations.countyCode, me.countyCode)))
    .orderBy(asc(organisations.name), asc(organisations.id))
    .all();
  return {
    countyKnown: true,
    distributors: rows.map(({ link, route, ...d }) => ({
      ...d,
      link: link
        ? {
            id: link.id,
            status: link.status,
            note: link.note,
            paymentTerms: link.paymentTerms,
            creditLimitFen: link.creditLimitFen,
            requestedAt: link.requestedAt,
          }
        : null,
      // Only an accepted link reveals the route: until then the store has no delivery day.
      route:
        route && link?.status === "active"
          ? { name: route.name, weekdays: route.weekdays, next: route.active ? nextDelivery(route, now) : null }
          : null,
    })),
  };
}
