import { and, asc, eq, ne, sql } from "drizzle-orm";
import {
  deliveryRuns,
  distributorLinks,
  organisations,
  products,
  recallLots,
  recalls,
  stockLots,
  stockMovements,
} from "@db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";

/** A recall as the holding store sees it: the reason, its lots, what it has done about them. */
export function storeRecall(ctx: Ctx, recallId: string) {
  const recall = ctx.db
    .select({
      id: recalls.id,
      kind: recalls.kind,
      status: recalls.status,
      label: recalls.sourceLabel,
      reason: recalls.reason,
      returnNote: recalls.returnNote,
      from: organisations.name,
      createdAt: recalls.createdAt,
      releaseReason: recalls.releaseReason,
    })
    .from(recalls)
    .innerJoin(organisations, eq(organisations.id, recalls.orgId))
    .where(eq(recalls.id, recallId))
    .get();
  const settled = (kind: "return" | "adjustment") =>
    sql<number>`coalesce((select -sum(m.qty) from ${stockMovements} m where m.lot_id = ${recallLots.lotId} and m.org_id = ${recallLots.orgId} and m.ref_type = 'recall' and m.ref_id = ${recallLots.recallId} and m.kind = ${kind}), 0)`;
  const lots = recall
    ? ctx.db
        .select({
          lotId: recallLots.lotId,
          name: products.name,
          baseUnit: products.baseUnit,
          batchNo: stockLots.batchNo,
          expiryDate: stockLots.expiryDate,
          received: recallLots.received,
          onHand: stockLots.onHand,
          returned: settled("return"),
          destroyed: settled("adjustment"),
          confirmedAt: recallLots.confirmedAt,
        })
        .from(recallLots)
        .innerJoin(stockLots, eq(stockLots.id, recallLots.lotId))
        .innerJoin(products, eq(products.id, recallLots.productId))
        .where(and(eq(recallLots.recallId, recallId), eq(recallLots.orgId, ctx.org.id)))
        .orderBy(asc(products.name))
        .all()
    : [];
  if (!recall || lots.length === 0) throw new NotFound();
  const confirmedAt = lots.every((l) => l.confirmedAt !== null) ? lots[0]!.confirmedAt : null;
  return { recall, lots, confirmedAt, pickupDate: nextPickupDate(ctx) };
}

/** The day of the store's next delivery run, whose driver takes recalled units back (decision 046). */
function nextPickupDate(ctx: Ctx): string | null {
  const run = ctx.db
    .select({ date: deliveryRuns.deliveryDate })
    .from(distributorLinks)
    .innerJoin(
      deliveryRuns,
      and(
        eq(deliveryRuns.orgId, distributorLinks.distributorOrgId),
        eq(deliveryRuns.routeId, distributorLinks.routeId),
        ne(deliveryRuns.status, "completed"),
      ),
    )
    .where(and(eq(distributorLinks.storeOrgId, ctx.org.id), eq(distributorLinks.status, "active")))
    .orderBy(asc(deliveryRuns.deliveryDate))
    .get();
  return run?.date ?? null;
}
