import type { Db } from "../../db/client";
import { payments } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { pledge } from "../../app/domain/alliances/pledge.server";
import { campaignForMember } from "../../app/domain/alliances/campaigns.server";
import { firstTierPrice } from "../../app/domain/alliances/tiers";
import { addMemberStore, makeAlliance, makeCampaign, type MakeCampaignOptions } from "./alliance";
import { makeDeliveryRoute, stockSku } from "./distribution";

/**
 * A group-buy world: an alliance, a distributor with a Tue/Fri route and `stores` linked stores
 * that are active members, and an open campaign fulfilled by that distributor (its SKU stocked).
 */
export async function groupBuyWorld(
  db: Db,
  { stores = 3, ...options }: MakeCampaignOptions & { stores?: number } = {},
) {
  const { alliance, dist, distributorUser, routeId, stores: members } = await groupBuyMembers(db, stores);
  const campaign = makeCampaign(alliance, { distributor: dist, ...options });
  if (campaign.distributorProductId) stockSku(dist, { id: campaign.distributorProductId }, 2000);
  return { alliance, dist, distributorUser, routeId, stores: members, ...campaign };
}

/** The same world without a campaign: an alliance whose `stores` members are linked stores of a distributor's Tue/Fri route. */
export async function groupBuyMembers(db: Db, stores = 3) {
  const alliance = await makeAlliance(db);
  const route = await makeDeliveryRoute(db, { stores, skus: 0 });
  for (const s of route.stores) addMemberStore(alliance, s);
  return {
    alliance,
    dist: route.distributor.ctx,
    distributorUser: route.distributor.user,
    routeId: route.routeId,
    stores: route.stores,
  };
}

/** The top tier price a member's page shows: what its pledge form carries. */
export function shownPrice(store: Ctx, campaignId: string): number {
  return firstTierPrice(campaignForMember(store.db, store, campaignId).tiers);
}

export function pledgeAs(store: Ctx, campaignId: string, packs: number, now?: number) {
  return pledge(store, { requestId: newId(), campaignId, packs, priceFen: shownPrice(store, campaignId) }, now);
}

/**
 * A deposit as the payment provider would leave it once the store approved it: a Stripe-backed
 * payment row in `requires_capture` (the domain tests do not talk to a provider; the browser
 * walk-through does, against the local Stripe-compatible server).
 */
export function authorisedDeposit(db: Db, store: Ctx, allianceOrgId: string, pledgeId: string, amountFen: number) {
  const id = newId();
  const now = Date.now();
  db.insert(payments)
    .values({
      id,
      orgId: store.org.id,
      payeeOrgId: allianceOrgId,
      subject: "pledge_deposit",
      subjectId: pledgeId,
      amountFen,
      provider: "stripe",
      intentId: `pi_test_${newId()}`,
      methodType: "card",
      status: "requires_capture",
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}
