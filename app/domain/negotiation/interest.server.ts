import { and, desc, eq } from "drizzle-orm";
import { interestRegistrations, organisations } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { NotFound } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { activeMembership } from "../alliances/campaigns.server";
import type { InterestInput } from "./fields.server";

/**
 * 意向登记: a member store says it wants a product, about how many packs a month. Only an ACTIVE
 * member may register (anything else is a 404, as for a pledge: a non-member learns nothing).
 */
export function registerInterest(ctx: Ctx, input: InterestInput): { interestId: string } {
  requirePermission(ctx, "interest.register");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `interest:${input.requestId}`, "interest.register", () => {
      if (!activeMembership(tx, input.allianceOrgId, ctx.org.id)) throw new NotFound("negotiation.notMember");
      const id = newId();
      tx.insert(interestRegistrations)
        .values({
          id,
          allianceOrgId: input.allianceOrgId,
          storeOrgId: ctx.org.id,
          product: input.product,
          barcode: input.barcode,
          packsPerMonth: input.packsPerMonth,
          note: input.note,
          createdBy: ctx.actor.kind === "person" ? ctx.actor.id : null,
          createdAt: now,
        })
        .run();
      return { interestId: id };
    }),
  );
}

/** The store's own registrations, newest first. */
export function interestOfStore(ctx: Ctx) {
  return ctx.db
    .select({
      id: interestRegistrations.id,
      product: interestRegistrations.product,
      barcode: interestRegistrations.barcode,
      packsPerMonth: interestRegistrations.packsPerMonth,
      allianceName: organisations.name,
      createdAt: interestRegistrations.createdAt,
    })
    .from(interestRegistrations)
    .innerJoin(organisations, eq(organisations.id, interestRegistrations.allianceOrgId))
    .where(eq(interestRegistrations.storeOrgId, ctx.org.id))
    .orderBy(desc(interestRegistrations.createdAt))
    .all();
}

/** What the alliance's members asked for, newest first (the coordinator's view). */
export function interestOfAlliance(ctx: Ctx) {
  return ctx.db
    .select({
      id: interestRegistrations.id,
      product: interestRegistrations.product,
      barcode: interestRegistrations.barcode,
      packsPerMonth: interestRegistrations.packsPerMonth,
      note: interestRegistrations.note,
      storeName: organisations.name,
      createdAt: interestRegistrations.createdAt,
    })
    .from(interestRegistrations)
    .innerJoin(organisations, eq(organisations.id, interestRegistrations.storeOrgId))
    .where(and(eq(interestRegistrations.allianceOrgId, ctx.org.id)))
    .orderBy(desc(interestRegistrations.createdAt))
    .all();
}
