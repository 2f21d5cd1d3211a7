import { and, eq, gt } from "drizzle-orm";
import { quarantinedLots, recalls, stockLots } from "@db/schema";
import type { Ctx } from "../context.server";
import { quarantinedUnits, type Quarantined } from "./quarantine.server";

// (recallui) What the store's product list and product page show of a recall (decision 047):
// the units kept apart beside the sellable ones, with the recall's reason, and which lots they are.

/** The listed products' quarantined units and reason (none, for almost every store on almost every day). */
export function quarantineOfProducts(ctx: Ctx, productIds: string[]): Record<string, Quarantined> {
  const all = quarantinedUnits(ctx);
  const shown: Record<string, Quarantined> = {};
  for (const id of productIds) {
    const q = all.get(id);
    if (q) shown[id] = q;
  }
  return shown;
}

/** One product's quarantined lots: which recall holds each and why. */
export function quarantinedLotsOf(ctx: Ctx, productId: string) {
  return ctx.db
    .select({ lotId: quarantinedLots.lotId, recallId: recalls.id, reason: recalls.reason, units: stockLots.onHand })
    .from(quarantinedLots)
    .innerJoin(stockLots, eq(stockLots.id, quarantinedLots.lotId))
    .innerJoin(recalls, eq(recalls.id, quarantinedLots.recallId))
    .where(
      and(eq(quarantinedLots.orgId, ctx.org.id), eq(quarantinedLots.productId, productId), gt(stockLots.onHand, 0)),
    )
    .all();
}
