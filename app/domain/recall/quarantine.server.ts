import { and, eq, gt, sql } from "drizzle-orm";
import { quarantinedLots, recalls, stockLots } from "@db/schema";
import type { Ctx } from "../context.server";
import { preparedFor } from "../prepared.server";

export type Quarantined = { units: number; reason: string };

// Built once per database (decision 033's preparedFor): every sell screen, dashboard and
// suggestion list runs it (2.9 % of a sell page's CPU, mostly drizzle building the SQL; decision 045).
const byStore = preparedFor((db) =>
  db
    .select({
      productId: quarantinedLots.productId,
      units: sql<number>`sum(${stockLots.onHand})`,
      reason: sql<string>`min(${recalls.reason})`,
    })
    .from(quarantinedLots)
    .innerJoin(stockLots, eq(stockLots.id, quarantinedLots.lotId))
    .innerJoin(recalls, eq(recalls.id, quarantinedLots.recallId))
    .where(and(eq(quarantinedLots.orgId, sql.placeholder("orgId")), gt(stockLots.onHand, 0)))
    .groupBy(quarantinedLots.productId)
    .prepare(),
);

/**
 * The store's units kept apart under open recalls, per product (decision 041): not sellable,
 * not available, left out of suggestions and run-outs. One query over the store's quarantined
 * lots (none, for almost every store on almost every day).
 */
export function quarantinedUnits(ctx: Ctx): Map<string, Quarantined> {
  const rows = byStore(ctx.db).all({ orgId: ctx.org.id });
  return new Map(rows.map((r) => [r.productId, { units: r.units, reason: r.reason }]));
}

/** On hand that may be sold and counted: the cached level less the quarantined units. */
export function availableUnits(onHand: number, productId: string, quarantined: Map<string, Quarantined>): number {
  return onHand - (quarantined.get(productId)?.units ?? 0);
}
