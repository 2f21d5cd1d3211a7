import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { stapleBasket } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid, NotFound } from "../errors";
import { requirePermission } from "../permission-check.server";
import { bureauCounty } from "./places.server";
import { basketOf, type BasketItem } from "./store-months.server";

// The staple basket a bureau keeps (rice, flour, oil, salt…): which of the stores' products count,
// by barcode or by category. It feeds the basket price index and the staple stock-out rate from
// the next month closed (published months keep the basket they were computed with).

export const MAX_BASKET = 30;

export const basketEntrySchema = z
  .object({
    item: z.string().trim().min(1, "county.basket.badItem").max(20, "county.basket.badItem"),
    matchKind: z.enum(["barcode", "category"]),
    matchValue: z.string().trim().min(1).max(40),
  })
  .superRefine((v, ctx) => {
    if (v.matchKind === "barcode" && !/^\d{8,14}$/.test(v.matchValue))
      ctx.addIssue({ code: "custom", path: ["matchValue"], message: "county.basket.badBarcode" });
    if (v.matchKind === "category" && (v.matchValue.length === 0 || v.matchValue.length > 40))
      ctx.addIssue({ code: "custom", path: ["matchValue"], message: "county.basket.badCategory" });
  });
export type BasketEntry = z.output<typeof basketEntrySchema>;

export function countyBasket(ctx: Ctx): BasketItem[] {
  requirePermission(ctx, "county.home");
  return basketOf(ctx.db, bureauCounty(ctx)).sort((a, b) => a.item.localeCompare(b.item, "zh-CN"));
}

/** Adds an entry (adding it twice changes nothing). */
export function addBasketEntry(ctx: Ctx, entry: BasketEntry): void {
  requirePermission(ctx, "county.basket.save");
  const countyCode = bureauCounty(ctx);
  inTransaction(ctx.db, (tx) => {
    const n = tx
      .select({ n: sql<number>`count(*)` })
      .from(stapleBasket)
      .where(eq(stapleBasket.countyCode, countyCode))
      .get();
    if ((n?.n ?? 0) >= MAX_BASKET) throw new Invalid("county.basket.tooMany");
    tx.insert(stapleBasket)
      .values({ countyCode, ...entry })
      .onConflictDoNothing()
      .run();
  });
}

export function removeBasketEntry(ctx: Ctx, entry: BasketEntry): void {
  requirePermission(ctx, "county.basket.save");
  const countyCode = bureauCounty(ctx);
  inTransaction(ctx.db, (tx) => {
    const gone = tx
      .delete(stapleBasket)
      .where(
        and(
          eq(stapleBasket.countyCode, countyCode),
          eq(stapleBasket.item, entry.item),
          eq(stapleBasket.matchKind, entry.matchKind),
          eq(stapleBasket.matchValue, entry.matchValue),
        ),
      )
      .run();
    if (gone.changes === 0) throw new NotFound("county.basket.notFound");
  });
}
