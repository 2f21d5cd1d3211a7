import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { accountEntries, deliveryClaims } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Conflict, Invalid, NotFound } from "../errors";
import { requestIdField } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { refundOrderDifference } from "../payments/order-refunds.internal.server";
import { requirePermission } from "../permission-check.server";

export const resolveClaimSchema = z.object({
  requestId: requestIdField(),
  decision: z.enum(["credit", "reject"], { error: "restock.claim.decisionRequired" }),
  note: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
});

/**
 * The distributor settles a difference the store reported. Accepting a short or damaged claim
 * writes a credit note (negative: the store owes less); accepting an "extra" claim charges the
 * extra packs the store kept. Rejecting needs a note, which the store reads on its order.
 */
export function resolveClaim(ctx: Ctx, claimId: string, raw: z.input<typeof resolveClaimSchema>) {
  requirePermission(ctx, "claim.resolve");
  const input = resolveClaimSchema.parse(raw);
  if (input.decision === "reject" && !input.note)
    throw new Invalid("restock.claim.noteRequired", {}, { note: "restock.claim.noteRequired" });
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.resolveClaim", () => {
      const claim = tx
        .select()
        .from(deliveryClaims)
        .where(and(eq(deliveryClaims.id, claimId), eq(deliveryClaims.distributorOrgId, ctx.org.id)))
        .get();
      if (!claim) throw new NotFound();
      if (claim.status !== "open") throw new Conflict("restock.claim.closed");
      const now = ctx.clock.now();
      if (input.decision === "credit") {
        const extra = claim.kind === "extra";
        tx.insert(accountEntries)
          .values({
            id: newId(),
            distributorOrgId: ctx.org.id,
            storeOrgId: claim.storeOrgId,
            kind: extra ? "order" : "credit_note",
            amountFen: extra ? claim.amountFen : -claim.amountFen,
            orderId: claim.orderId,
            claimId: claim.id,
            note: input.note,
            actorId: ctx.actor.id,
            createdAt: now,
          })
          .run();
      }
      const changed = tx
        .update(deliveryClaims)
        .set({
          status: input.decision === "credit" ? "credited" : "rejected",
          resolutionNote: input.note,
          resolvedBy: ctx.actor.id,
          resolvedAt: now,
        })
        .where(
          and(
            eq(deliveryClaims.id, claim.id),
            eq(deliveryClaims.distributorOrgId, ctx.org.id),
            eq(deliveryClaims.status, "open"),
          ),
        )
        .run().changes;
      if (changed !== 1) throw new Conflict("restock.claim.closed");
      // A credited claim on an order paid online: the difference goes back (or stays as credit).
      if (input.decision === "credit" && claim.orderId)
        refundOrderDifference(
          tx,
          { id: claim.orderId, storeOrgId: claim.storeOrgId, distributorOrgId: ctx.org.id },
          now,
        );
      return { claimId: claim.id };
    }),
  );
}
