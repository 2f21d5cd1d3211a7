import { and, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { allianceMembers, campaigns } from "@db/schema/alliance";
import type { Ctx, WriteTx } from "../context.server";
import { NotFound } from "../errors";
import { tiersOf } from "./campaign-tiers.internal.server";
import type { Tier } from "./tiers";

type Reader = Db | WriteTx;

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignWithTiers = CampaignRow & { tiers: Tier[] };

/** A campaign of the caller's alliance (ctx.org is the alliance), with its tiers; another alliance's id is a NotFound. */
export function findCampaign(db: Reader, ctx: Ctx, id: string): CampaignWithTiers {
  const row = db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), eq(campaigns.orgId, ctx.org.id)))
    .get();
  if (!row) throw new NotFound("alliance.campaign.notFound");
  return { ...row, tiers: tiersOf(db, row.id) };
}

/** The store's membership of an alliance if it is ACTIVE (requested, rejected and removed count as none). */
export function activeMembership(db: Reader, allianceOrgId: string, storeOrgId: string) {
  return (
    db
      .select()
      .from(allianceMembers)
      .where(
        and(
          eq(allianceMembers.allianceOrgId, allianceOrgId),
          eq(allianceMembers.storeOrgId, storeOrgId),
          eq(allianceMembers.status, "active"),
        ),
      )
      .get() ?? null
  );
}

/**
 * A campaign as a member store sees it (ctx.org is the store): only campaigns of alliances the
 * store is an ACTIVE member of, and never drafts. Anything else is a NotFound.
 */
export function campaignForMember(db: Reader, storeCtx: Ctx, id: string): CampaignWithTiers {
  const row = db
    .select({ campaign: campaigns })
    .from(campaigns)
    .innerJoin(
      allianceMembers,
      and(
        eq(allianceMembers.allianceOrgId, campaigns.orgId),
        eq(allianceMembers.storeOrgId, storeCtx.org.id),
        eq(allianceMembers.status, "active"),
      ),
    )
    .where(eq(campaigns.id, id))
    .get();
  if (!row || row.campaign.status === "draft") throw new NotFound("alliance.campaign.notFound");
  return { ...row.campaign, tiers: tiersOf(db, row.campaign.id) };
}
