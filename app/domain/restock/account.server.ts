import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { accountEntries, distributorLinks, organisations, restockOrders, type OrderStatus } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { NotFound } from "../errors";
import { ORDER_STATUS_GROUPS } from "../machines";

type Reader = Ctx["db"] | WriteTx;

/** Orders that will be charged when delivered: they count against a credit limit already. */
export const OPEN_STATUSES: readonly OrderStatus[] = ORDER_STATUS_GROUPS.open;

export type Pair = { distributorOrgId: string; storeOrgId: string };

/** What the store owes the distributor: the sum of the pair's entries (positive = owed). */
export function balanceOf(db: Reader, pair: Pair): number {
  return (
    db
      .select({ n: sql<number>`coalesce(sum(${accountEntries.amountFen}), 0)` })
      .from(accountEntries)
      .where(
        and(eq(accountEntries.distributorOrgId, pair.distributorOrgId), eq(accountEntries.storeOrgId, pair.storeOrgId)),
      )
      .get()?.n ?? 0
  );
}

/** Total of the pair's orders not yet delivered (the account is charged at delivery). */
export function openOrdersTotal(db: Reader, pair: Pair): number {
  return (
    db
      .select({ n: sql<number>`coalesce(sum(${restockOrders.totalFen}), 0)` })
      .from(restockOrders)
      .where(
        and(
          eq(restockOrders.distributorOrgId, pair.distributorOrgId),
          eq(restockOrders.storeOrgId, pair.storeOrgId),
          inArray(restockOrders.status, [...OPEN_STATUSES]),
        ),
      )
      .get()?.n ?? 0
  );
}

/**
 * The pair as seen from `ctx`: a store names the distributor, a distributor names the store.
 * Only a pair with a link (of any status) has an account: anything else reads as missing.
 */
export function pairOf(db: Reader, ctx: Ctx, otherOrgId: string): Pair & { linkId: string } {
  const pair: Pair =
    ctx.org.kind === "store"
      ? { distributorOrgId: otherOrgId, storeOrgId: ctx.org.id }
      : ctx.org.kind === "distributor"
        ? { distributorOrgId: ctx.org.id, storeOrgId: otherOrgId }
        : (() => {
            throw new NotFound();
          })();
  const link = db
    .select({ id: distributorLinks.id })
    .from(distributorLinks)
    .where(
      and(
        eq(distributorLinks.distributorOrgId, pair.distributorOrgId),
        eq(distributorLinks.storeOrgId, pair.storeOrgId),
      ),
    )
    .get();
  if (!link) throw new NotFound();
  return { ...pair, linkId: link.id };
}

/** The account of one pair, newest entry first, with its balance and what is still on the way. */
export function accountOf(ctx: Ctx, otherOrgId: string) {
  const pair = pairOf(ctx.db, ctx, otherOrgId);
  const entries = ctx.db
    .select()
    .from(accountEntries)
    .where(
      and(eq(accountEntries.distributorOrgId, pair.distributorOrgId), eq(accountEntries.storeOrgId, pair.storeOrgId)),
    )
    .orderBy(desc(accountEntries.createdAt), desc(accountEntries.id))
    .all();
  const other = ctx.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, otherOrgId))
    .get()!;
  const link = ctx.db.select().from(distributorLinks).where(eq(distributorLinks.id, pair.linkId)).get()!;
  return {
    other,
    terms: { paymentTerms: link.paymentTerms, creditLimitFen: link.creditLimitFen },
    entries,
    balanceFen: entries.reduce((n, e) => n + e.amountFen, 0),
    openOrdersFen: openOrdersTotal(ctx.db, pair),
  };
}

/** Every account of this organisation (one per link), with balances: the list page of either side. */
export function accountList(ctx: Ctx) {
  const mine = ctx.org.kind === "store" ? distributorLinks.storeOrgId : distributorLinks.distributorOrgId;
  const otherCol = ctx.org.kind === "store" ? distributorLinks.distributorOrgId : distributorLinks.storeOrgId;
  if (ctx.org.kind !== "store" && ctx.org.kind !== "distributor") return [];
  const links = ctx.db
    .select({
      otherOrgId: otherCol,
      name: organisations.name,
      status: distributorLinks.status,
      paymentTerms: distributorLinks.paymentTerms,
      creditLimitFen: distributorLinks.creditLimitFen,
      distributorOrgId: distributorLinks.distributorOrgId,
      storeOrgId: distributorLinks.storeOrgId,
    })
    .from(distributorLinks)
    .innerJoin(organisations, eq(organisations.id, otherCol))
    .where(and(eq(mine, ctx.org.id), inArray(distributorLinks.status, ["active", "ended"])))
    .orderBy(organisations.name)
    .all();
  return links.map((l) => ({ ...l, balanceFen: balanceOf(ctx.db, l), openOrdersFen: openOrdersTotal(ctx.db, l) }));
}
