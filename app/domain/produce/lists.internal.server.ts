import { and, eq, inArray } from "drizzle-orm";
import { buyingListLines, buyingLists, distributorLinks } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { NotFound } from "../errors";

type Reader = Ctx["db"] | WriteTx;

/**
 * A buying list line as a store may use it: the list must be of a distributor that has an
 * active link with the store. Any other id reads as missing.
 */
export function listLineForStore(db: Reader, ctx: Ctx, lineId: string) {
  const row = db
    .select({ line: buyingListLines, list: buyingLists, link: distributorLinks })
    .from(buyingListLines)
    .innerJoin(buyingLists, eq(buyingLists.id, buyingListLines.listId))
    .innerJoin(
      distributorLinks,
      and(eq(distributorLinks.distributorOrgId, buyingLists.orgId), eq(distributorLinks.storeOrgId, ctx.org.id)),
    )
    .where(and(eq(buyingListLines.id, lineId), eq(distributorLinks.status, "active")))
    .get();
  if (!row) throw new NotFound("produce.lineNotFound");
  return row;
}

/** A buying list as a linked store sees it, with its link (route), or NotFound. */
export function listForStore(db: Reader, ctx: Ctx, listId: string) {
  const row = db
    .select({ list: buyingLists, link: distributorLinks })
    .from(buyingLists)
    .innerJoin(
      distributorLinks,
      and(eq(distributorLinks.distributorOrgId, buyingLists.orgId), eq(distributorLinks.storeOrgId, ctx.org.id)),
    )
    .where(and(eq(buyingLists.id, listId), eq(distributorLinks.status, "active")))
    .get();
  if (!row) throw new NotFound("produce.lineNotFound");
  return row;
}

export function linesOfLists(db: Reader, listIds: string[]) {
  if (listIds.length === 0) return [];
  return db.select().from(buyingListLines).where(inArray(buyingListLines.listId, listIds)).all();
}
