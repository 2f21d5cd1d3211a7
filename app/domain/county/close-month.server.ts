import type { Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import { Invalid } from "../errors";
import { requirePermission } from "../permission-check.server";
import { addMonths, MONTH, monthOfDay } from "./months";
import { bureauCounty } from "./places.server";
import { publishedMonths, writePublication } from "./publish.server";
import { appDisclosureRules } from "./rules.server";
import { recordStockPositions, rollUpCountyMonth } from "./store-months.server";

// The month close and the nightly stock position, as the worker runs them for each bureau (and
// the director may run the close from the publish page). Both are safe to run twice.

export type CloseResult = { month: string; published: boolean; stores: number };

/**
 * Rolls up a closed month's store months and publishes it, once. A month already published is
 * frozen: a retry (or a second worker) finds it and changes nothing, not even the store months.
 */
export function closeCountyMonth(ctx: Ctx, month: string): CloseResult {
  requirePermission(ctx, "county.publish");
  if (!MONTH.test(month)) throw new Invalid("county.publish.badMonth");
  if (month >= monthOfDay(shanghaiDate(ctx.clock.now()))) throw new Invalid("county.publish.notClosed");
  const countyCode = bureauCounty(ctx);
  const done = publishedMonths(ctx.db, countyCode).find((m) => m.month === month);
  if (done) return { month, published: false, stores: done.stores };
  rollUpCountyMonth(ctx.db, countyCode, month);
  const result = writePublication(ctx.db, countyCode, month, ctx.clock.now(), appDisclosureRules());
  const stores = publishedMonths(ctx.db, countyCode).find((m) => m.month === month)?.stores ?? 0;
  return { month, published: result.published, stores };
}

/** The day's closing stock of the county's staple products (one row per store, product and day). */
export function recordCountyStockPositions(ctx: Ctx, day: string): number {
  requirePermission(ctx, "county.stock.record");
  return recordStockPositions(ctx.db, bureauCounty(ctx), day);
}

/** The closed months of the last year not yet published (oldest first), and those published. */
export function unpublishedMonths(ctx: Ctx): { pending: string[]; published: { month: string; stores: number }[] } {
  requirePermission(ctx, "county.home");
  const countyCode = bureauCounty(ctx);
  const published = publishedMonths(ctx.db, countyCode);
  const current = monthOfDay(shanghaiDate(ctx.clock.now()));
  const done = new Set(published.map((p) => p.month));
  const pending: string[] = [];
  for (let k = 12; k >= 1; k -= 1) if (!done.has(addMonths(current, -k))) pending.push(addMonths(current, -k));
  return { pending, published };
}
