import type { Db } from "../../db/client";
import { payments } from "../../db/schema";
import type { Ctx } from "../../app/domain/context.server";
import { newId } from "../../app/domain/ids.server";
import { pledge } from "../../app/domain/alliances/pledge.server";
import { campaignForMember } from "../../app/domain/alliances/campaigns.server";
import { firstTierPrice } from "../../app/domain/alliances/tiers";
import { fixedClock, type Clock } from "../../app/domain/dates";
import { ALLIANCE_TEST_START, addMemberStore, makeAlliance, makeCampaign, type MakeCampaignOptions } from "./alliance";

type PinnedClock = ReturnType<typeof fixedClock>;
import { makeDeliveryRoute, stockSku } from "./distribution";

/**
 * A group-buy world: an alliance, a distributor with a Tue/Fri route and `stores` linked stores
 * that are active members, and an open campaign fulfilled by that distributor (its SKU stocked).
 * Everyone's ctx reads one clock (`clock`, pinned at ALLIANCE_TEST_START unless given): move it
 * to act later (past the deadline, say).
 */
export async function groupBuyWorld<C extends Clock = PinnedClock>(
  db: Db,
  { stores = 3, clock, ...options }: MakeCampaignOptions & { stores?: number; clock?: C } = {},
) {
  const worldClock = clock ?? (fixedClock(ALLIANCE_TEST_START) as Clock as C);
  const { alliance, dist, distributorUser, routeId, stores: members } = await groupBuyMembers(db, stores, worldClock);
  const campaign = makeCampaign(alliance, { distributor: dist, ...options });
  if (campaign.distributorProductId) stockSku(dist, { id: campaign.distributorProductId }, 2000);
  return { alliance, dist, distributorUser, routeId, stores: members, clock: worldClock, ...campaign };
}

/** The same world without a campaign: an alliance whose `stores` members are linked stores of a distributor's Tue/Fri route. */
export async function groupBuyMembers(db: Db, stores = 3, clock?: Clock) {
  const alliance = await makeAlliance(db, { clock });
  const route = await makeDeliveryRoute(db, { stores, skus: 0 });
  for (const s of route.stores) addMemberStore(alliance, s);
  route.distributor.ctx.clock = alliance.ctx.clock;
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

/** A pledge as the store's page would post it, as of the store's clock. */
export function pledgeAs(store: Ctx, campaignId: string, packs: number) {
  return pledge(store, { requestId: newId(), campaignId, packs, priceFen: shownPrice(store, campaignId) });
}

/**
 * A deposit as the payment provider would leave it once the store paid on the hosted Checkout
 * page: a Stripe-backed payment row `succeeded`, charged in full (the domain tests that are not
 * about payments do not talk to a provider; tests/domain/payments.test.ts and the browser
 * walk-through do, against the local Stripe-compatible server).
 */
export function paidDeposit(db: Db, store: Ctx, allianceOrgId: string, pledgeId: string, amountFen: number) {
  const id = newId();
  const now = store.clock.now();
  db.insert(payments)
    .values({
      id,
      orgId: store.org.id,
      payeeOrgId: allianceOrgId,
      subject: "pledge_deposit",
      subjectId: pledgeId,
      amountFen,
      provider: "stripe",
      sessionId: `cs_test_${newId()}`,
      intentId: `pi_test_${newId()}`,
      status: "succeeded",
      capturedFen: amountFen,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}
