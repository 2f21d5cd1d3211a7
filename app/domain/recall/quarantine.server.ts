import { and, eq, gt, sql } from "drizzle-orm";
import { quarantinedLots, recalls, stockLots } from "@db/schema";
import type { Ctx } from "../context.server";

export type Quarantined = { units: number; reason: string };

/**
 * The store's units kept apart under open recalls, per product (decision 041): not sellable,
 * not available, left out of suggestions and run-outs. One query over the store's quarantined
 * lots (none, for almost every store on almost every day).
 */
export function quarantinedUnits(ctx: Ctx): Map<string, Quarantined> {
  const rows = ctx.db
    .select({
      productId: quarantinedLots.productId,
      units: sql<number>`sum(${stockLots.onHand})`,
      reason: sql<string>`min(${recalls.reason})`,
    })
    .from(quarantinedLots)
    .innerJoin(stockLots, eq(stockLots.id, quarantinedLots.lotId))
    .innerJoin(recalls, eq(recalls.id, quarantinedLots.recallId))
    .where(and(eq(quarantinedLots.orgId, ctx.org.id), gt(stockLots.onHand, 0)))
    .groupBy(quarantinedLots.productId)
    .all();
  return new Map(rows.map((r) => [r.productId, { units: r.units, reason: r.reason }]));
}

/** On hand that may be sold and counted: the cached level less the quarantined units. */
export function availableUnits(onHand: number, productId: string, quarantined: Map<string, Quarantined>): number {
  return onHand - (quarantined.get(productId)?.units ?? 0);
}
