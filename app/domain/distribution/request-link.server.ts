import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { distributorLinks, organisations } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { NotFound } from "../errors";
import { optionalText } from "../fields.server";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";

export const requestLinkSchema = z.object({
  distributorOrgId: z.string().min(1).max(64),
  note: optionalText(200),
});

/**
 * A store asks a distributor of its county to serve it. Asking again while a request is open, or
 * once served, changes nothing (a double tap is harmless); after a rejection the store may ask
 * again, and the request goes back to the distributor's queue.
 */
export function requestLink(ctx: Ctx, input: z.infer<typeof requestLinkSchema>): { id: string; status: string } {
  requirePermission(ctx, "link.request");
  return inTransaction(ctx.db, (tx) => {
    const me = tx
      .select({ countyCode: organisations.countyCode })
      .from(organisations)
      .where(eq(organisations.id, ctx.org.id))
      .get();
    const distributor = me?.countyCode
      ? tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(
            and(
              eq(organisations.id, input.distributorOrgId),
              eq(organisations.kind, "distributor"),
              eq(organisations.countyCode, me.countyCode),
            ),
          )
          .get()
      : undefined;
    if (!distributor) throw new NotFound();
    const existing = tx
      .select()
      .from(distributorLinks)
      .where(and(eq(distributorLinks.storeOrgId, ctx.org.id), eq(distributorLinks.distributorOrgId, distributor.id)))
      .get();
    if (existing && (existing.status === "requested" || existing.status === "active")) {
      return { id: existing.id, status: existing.status };
    }
    if (existing) {
      tx.update(distributorLinks)
        .set({ status: "requested", note: input.note, requestedAt: ctx.clock.now(), decidedAt: null, decidedBy: null })
        .where(and(eq(distributorLinks.id, existing.id), eq(distributorLinks.storeOrgId, ctx.org.id)))
        .run();
      return { id: existing.id, status: "requested" };
    }
    const id = newId();
    tx.insert(distributorLinks)
      .values({
        id,
        distributorOrgId: distributor.id,
        storeOrgId: ctx.org.id,
        note: input.note,
        requestedAt: ctx.clock.now(),
      })
      .run();
    return { id, status: "requested" };
  });
}
