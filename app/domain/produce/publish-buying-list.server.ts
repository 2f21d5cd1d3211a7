import { and, eq } from "drizzle-orm";
import { buyingListLines, buyingLists, products } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { addDays, isoWeekMonday } from "../dates";
import { once } from "../idempotency.server";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";
import type { PublishBuyingListInput } from "./fields.server";

/**
 * The distributor publishes the week's buying list (收购清单) to every linked store: what it
 * buys, by grade, at what price per 斤 or piece, and how much. Each store sees it with the
 * pickup days its own route runs that week.
 */
export function publishBuyingList(ctx: Ctx, input: PublishBuyingListInput): { listId: string } {
  requirePermission(ctx, "buyingList.publish");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.publishList", () => {
      const weekOf = isoWeekMonday(input.weekOf);
      const listId = newId();
      tx.insert(buyingLists)
        .values({
          id: listId,
          orgId: ctx.org.id,
          title: input.title,
          weekOf,
          pickupDates: Array.from({ length: 7 }, (_, i) => addDays(weekOf, i)).join(","),
          createdBy: ctx.actor.id,
          publishedAt: ctx.clock.now(),
        })
        .run();
      for (const line of input.lines) {
        tx.insert(buyingListLines)
          .values({ id: newId(), listId, orgId: ctx.org.id, ...line, productId: warehouseProduct(tx, ctx, line) })
          .run();
      }
      return { listId };
    }),
  );
}

/** The warehouse's product a produce is booked to (one per produce and unit; the lot carries the grade). */
function warehouseProduct(tx: WriteTx, ctx: Ctx, line: { produce: string; unit: "jin" | "piece"; priceFen: number }) {
  const baseUnit = line.unit === "jin" ? "克" : "个";
  const found = tx
    .select({ id: products.id })
    .from(products)
    .where(
      and(
        eq(products.orgId, ctx.org.id),
        eq(products.name, line.produce),
        eq(products.baseUnit, baseUnit),
        eq(products.category, PRODUCE_CATEGORY),
      ),
    )
    .get();
  if (found) return found.id;
  return insertProduceProduct(tx, ctx, line.produce, baseUnit);
}

/** Produce is stock like any other, in a category of its own, never priced for the till. */
export const PRODUCE_CATEGORY = "农产品";

export function insertProduceProduct(tx: WriteTx, ctx: Ctx, name: string, baseUnit: string): string {
  const id = newId();
  const now = ctx.clock.now();
  tx.insert(products)
    .values({
      id,
      orgId: ctx.org.id,
      name,
      category: PRODUCE_CATEGORY,
      baseUnit,
      priceFen: 0,
      active: false,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}
