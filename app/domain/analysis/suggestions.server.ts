import type { Ctx } from "../context.server";
import { daysBetween, shanghaiDate } from "../dates";
import { followingDelivery, nextDelivery } from "../distribution/delivery-dates";
import { linksOfStore, routeOfLink, type LinkRow } from "../distribution/links.server";
import { suggest } from "./suggest.internal.server";
import type { Suggestion, SuggestionList } from "./suggestion-types";

export type { Suggestion, SuggestionList } from "./suggestion-types";

// Restock suggestions for a store (issue 6): sales velocity from the `sales_daily` rollup,
// protected until the delivery after next on the store's route, minus what is on the shelf and
// on the way, in the distributor's packs. Decision record 021.

type Options = { distributorOrgId?: string | null };

/** Restock suggestions for the store in `ctx` from one of its active distributors (the first by default). */
export function restockSuggestions(ctx: Ctx, { distributorOrgId = null }: Options = {}): SuggestionList {
  const now = ctx.clock.now();
  const links = linksOfStore(ctx).filter((l) => l.link.status === "active");
  const distributors = links.map((l) => ({ id: l.link.distributorOrgId, name: l.distributorName }));
  const chosen = links.find((l) => l.link.distributorOrgId === distributorOrgId) ?? links[0];
  if (!chosen) return { distributors, distributor: null, delivery: null, suggestions: [] };
  const distributor = { id: chosen.link.distributorOrgId, name: chosen.distributorName };
  const delivery = deliveryWindow(ctx, chosen.link, now);
  if (!delivery) return { distributors, distributor, delivery: null, suggestions: [] };
  const suggestions = suggest(ctx, chosen.link, delivery, now, null);
  return { distributors, distributor, delivery, suggestions };
}

/**
 * The suggestion for one of the store's products, from the first active distributor that lists
 * its barcode on a route; null when no distributor lists it or none delivers.
 */
export function suggestionForProduct(ctx: Ctx, productId: string): Suggestion | null {
  const now = ctx.clock.now();
  for (const { link } of linksOfStore(ctx).filter((l) => l.link.status === "active")) {
    const delivery = deliveryWindow(ctx, link, now);
    if (!delivery) continue;
    const [found] = suggest(ctx, link, delivery, now, productId);
    if (found) return found;
  }
  return null;
}

function deliveryWindow(ctx: Ctx, link: LinkRow, now: number): SuggestionList["delivery"] {
  const route = routeOfLink(ctx.db, link);
  if (!route?.active) return null;
  const next = nextDelivery(route, now);
  if (!next) return null;
  const followingDate = followingDelivery(route, next.deliveryDate);
  if (!followingDate) return null;
  return {
    ...next,
    followingDate,
    leadDays: daysBetween(shanghaiDate(now), next.deliveryDate),
    reviewDays: daysBetween(next.deliveryDate, followingDate),
  };
}
