import { and, eq } from "drizzle-orm";
import { distributorLinks } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { InvalidTransition } from "../errors";
import { checkedTerms, type LinkTerms } from "./link-terms.server";
import { linkForDistributor } from "./links.server";
import { requirePermission } from "../permission-check.server";

/**
 * New terms apply to orders submitted from now on: an order snapshots its prices and payment
 * terms when it is submitted. Setting the same terms twice is the same as once.
 */
export function updateLinkTerms(ctx: Ctx, linkId: string, terms: LinkTerms): { id: string } {
  requirePermission(ctx, "link.terms");
  return inTransaction(ctx.db, (tx) => {
    const link = linkForDistributor(tx, ctx, linkId);
    if (link.status !== "active") throw new InvalidTransition("link.notActive");
    tx.update(distributorLinks)
      .set(checkedTerms(tx, ctx, terms))
      .where(and(eq(distributorLinks.id, link.id), eq(distributorLinks.distributorOrgId, ctx.org.id)))
      .run();
    return { id: link.id };
  });
}
