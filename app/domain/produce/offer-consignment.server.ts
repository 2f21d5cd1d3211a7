import { and, eq, inArray, sql } from "drizzle-orm";
import {
  buyingListLines,
  consignmentLines,
  consignments,
  producePurchases,
  stockLots,
  storeCertificates,
} from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { isoWeekday, shanghaiDate } from "../dates";
import { parseWeekdays } from "../distribution/delivery-dates";
import { routeOfLink } from "../distribution/links.server";
import { Invalid, NotFound } from "../errors";
import { once } from "../idempotency.server";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";
import type { OfferConsignmentInput } from "./fields.server";
import { listForStore } from "./lists.internal.server";

/**
 * The store offers produce lots against the buying list, to be picked up on the return leg of
 * its route's run on a day the route runs that week. A lot cannot be offered beyond what it
 * holds less what is already offered and not yet picked up.
 */
export function offerConsignment(ctx: Ctx, input: OfferConsignmentInput): { consignmentId: string } {
  requirePermission(ctx, "consignment.offer");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.offer", () => {
      const { list, link } = listForStore(tx, ctx, input.listId);
      const route = routeOfLink(tx, link);
      if (!route) throw new Invalid("produce.noRoute");
      if (!pickupDaysFor(list.pickupDates, route.weekdays, ctx.clock.now()).includes(input.pickupDate))
        throw new Invalid("produce.pickupDate", {}, { pickupDate: "produce.pickupDate" });
      const listLines = tx.select().from(buyingListLines).where(eq(buyingListLines.listId, list.id)).all();
      const consignmentId = newId();
      const now = ctx.clock.now();
      tx.insert(consignments)
        .values({
          id: consignmentId,
          storeOrgId: ctx.org.id,
          distributorOrgId: list.orgId,
          listId: list.id,
          routeId: route.id,
          pickupDate: input.pickupDate,
          createdBy: ctx.actor.id,
          createdAt: now,
        })
        .run();
      for (const wanted of input.lines) {
        const lot = offerableLot(tx, ctx, wanted.lotId);
        if (wanted.qty > lot.free)
          throw new Invalid("produce.offerTooMuch", { free: lot.free }, { qty: "produce.offerTooMuch" });
        const listLine = listLines.find(
          (l) => l.produce === lot.produce && l.grade === lot.grade && l.unit === lot.unit,
        );
        if (!listLine) throw new Invalid("produce.notOnList", { produce: `${lot.produce} ${lot.grade}` });
        tx.insert(consignmentLines)
          .values({
            id: newId(),
            consignmentId,
            storeOrgId: ctx.org.id,
            distributorOrgId: list.orgId,
            listLineId: listLine.id,
            storeLotId: lot.id,
            storeProductId: lot.productId,
            offeredQty: wanted.qty,
          })
          .run();
      }
      return { consignmentId };
    }),
  );
}

/** The days of the list's week the store's route runs, from today on (Asia/Shanghai). */
export function pickupDaysFor(listDays: string, routeWeekdays: string, now: number): string[] {
  const weekdays = parseWeekdays(routeWeekdays);
  const today = shanghaiDate(now);
  return listDays.split(",").filter((d) => d >= today && weekdays.includes(isoWeekday(d)));
}

/** A produce lot of this store with what is free to offer, or NotFound. */
function offerableLot(tx: WriteTx, ctx: Ctx, lotId: string) {
  // A farmer's lot reads what it is off its purchase; a mixed lot off the store's certificate.
  const row = tx
    .select({ lot: stockLots, purchase: producePurchases, certificate: storeCertificates })
    .from(stockLots)
    .leftJoin(producePurchases, and(eq(producePurchases.lotId, stockLots.id), eq(producePurchases.orgId, ctx.org.id)))
    .leftJoin(
      storeCertificates,
      and(eq(storeCertificates.lotId, stockLots.id), eq(storeCertificates.orgId, ctx.org.id)),
    )
    .where(and(eq(stockLots.id, lotId), eq(stockLots.orgId, ctx.org.id)))
    .get();
  const kind = row?.purchase ?? row?.certificate;
  const lot =
    row && kind
      ? {
          id: row.lot.id,
          productId: row.lot.productId,
          onHand: row.lot.onHand,
          produce: kind.produce,
          grade: kind.grade,
          unit: kind.unit,
        }
      : null;
  if (!lot) throw new NotFound("produce.lotNotFound");
  const pending = tx
    .select({ qty: sql<number>`coalesce(sum(${consignmentLines.offeredQty}), 0)` })
    .from(consignmentLines)
    .innerJoin(consignments, eq(consignments.id, consignmentLines.consignmentId))
    .where(
      and(
        eq(consignmentLines.storeOrgId, ctx.org.id),
        eq(consignmentLines.storeLotId, lot.id),
        inArray(consignments.status, ["offered"]),
      ),
    )
    .get();
  return { ...lot, free: Math.max(0, lot.onHand - (pending?.qty ?? 0)) };
}
