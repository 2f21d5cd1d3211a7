import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { distributorLinks } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { InvalidTransition } from "../errors";
import { requestIdField, text } from "../fields.server";
import { once } from "../idempotency.server";
import { checkedTerms, linkTermsSchema, type LinkTerms } from "./link-terms.server";
import { linkForDistributor } from "./links.server";
import { requirePermission } from "../permission-check.server";

export const acceptLinkSchema = z.object({ requestId: requestIdField() }).and(linkTermsSchema);
export const rejectLinkSchema = z.object({ requestId: requestIdField(), reason: text(200) });

/** Accepting sets the terms at once: an active link without a route could not be delivered to. */
export function acceptLink(ctx: Ctx, linkId: string, input: LinkTerms & { requestId: string }) {
  requirePermission(ctx, "link.decide");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "distribution.acceptLink", () => {
      const link = linkForDistributor(tx, ctx, linkId);
      if (link.status !== "requested") throw new InvalidTransition("link.notPending");
      tx.update(distributorLinks)
        .set({ ...checkedTerms(tx, ctx, input), status: "active", decidedAt: ctx.clock.now(), decidedBy: ctx.actor.id })
        .where(and(eq(distributorLinks.id, link.id), eq(distributorLinks.distributorOrgId, ctx.org.id)))
        .run();
      return { id: link.id };
    }),
  );
}

/** The reason replaces the store's request note: it is what the store needs to read next. */
export function rejectLink(ctx: Ctx, linkId: string, input: z.infer<typeof rejectLinkSchema>) {
  requirePermission(ctx, "link.decide");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "distribution.rejectLink", () => {
      const link = linkForDistributor(tx, ctx, linkId);
      if (link.status !== "requested") throw new InvalidTransition("link.notPending");
      tx.update(distributorLinks)
        .set({ status: "rejected", note: input.reason, decidedAt: ctx.clock.now(), decidedBy: ctx.actor.id })
        .where(and(eq(distributorLinks.id, link.id), eq(distributorLinks.distributorOrgId, ctx.org.id)))
        .run();
      return { id: link.id };
    }),
  );
}
