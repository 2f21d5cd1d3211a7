import { asc, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { campaignTiers } from "@db/schema/alliance";
import type { WriteTx } from "../context.server";
import type { Tier } from "./tiers";

/**
 * A campaign's tiers by its id alone: callers have found the campaign through their own
 * organisation first (findCampaign, campaignForMember). Internal to the domain.
 */
export function tiersOf(db: Db | WriteTx, campaignId: string): Tier[] {
  return db
    .select({ minPacks: campaignTiers.minPacks, priceFen: campaignTiers.priceFen })
    .from(campaignTiers)
    .where(eq(campaignTiers.campaignId, campaignId))
    .orderBy(asc(campaignTiers.minPacks))
    .all();
}
