import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { campaigns, organisations, pledges, suppliers } from "@db/schema";
import type { CampaignStatus } from "@db/schema/alliance-enums";
import type { Ctx } from "../context.server";
import { campaignMachine } from "../machines";
import { failedRefunds } from "../payments/failed-refunds.server";
import { paymentsFor } from "../payments/payments-for.server";
import { timeline } from "../state-machine.internal.server";
import { findCampaign } from "./campaigns.server";
import { nextTier, tierReached } from "./tiers";

/** The coordinator's view of one campaign: progress toward the tiers, every pledge with its deposit, the timeline. */
export function campaignDetail(ctx: Ctx, campaignId: string) {
  const campaign = findCampaign(ctx.db, ctx, campaignId);
  const rows = ctx.db
    .select({
      id: pledges.id,
      storeOrgId: pledges.storeOrgId,
      storeName: organisations.name,
      village: organisations.village,
      packs: pledges.packs,
      status: pledges.status,
      depositFen: pledges.depositFen,
      priceFen: pledges.priceFen,
      regularPriceFen: pledges.regularPriceFen,
      restockOrderId: pledges.restockOrderId,
      savingsFen: pledges.savingsFen,
      updatedAt: pledges.updatedAt,
    })
    .from(pledges)
    .innerJoin(organisations, eq(organisations.id, pledges.storeOrgId))
    .where(and(eq(pledges.campaignId, campaignId), eq(pledges.allianceOrgId, ctx.org.id)))
    .orderBy(asc(pledges.status), desc(pledges.packs), asc(organisations.name))
    .all();
  const pays = paymentsFor(
    ctx.db,
    ctx.org.id,
    "pledge_deposit",
    rows.map((r) => r.id),
  );
  const list = rows.map((r) => ({
    ...r,
    payment: pays[r.id]
      ? { status: pays[r.id].status, provider: pays[r.id].provider, amountFen: pays[r.id].amountFen }
      : null,
  }));
  const active = list.filter((p) => p.status === "active");
  // Before the close the total is live; after it, the figure fixed at the close.
  const totalPacks = campaign.totalPacks ?? active.reduce((n, p) => n + p.packs, 0);
  const supplier = ctx.db
    .select({ name: suppliers.name })
    .from(suppliers)
    .where(and(eq(suppliers.id, campaign.supplierId), eq(suppliers.orgId, ctx.org.id)))
    .get();
  const distributor = campaign.distributorOrgId
    ? ctx.db
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, campaign.distributorOrgId))
        .get()
    : null;
  return {
    campaign,
    supplierName: supplier?.name ?? "",
    distributorName: distributor?.name ?? null,
    totalPacks,
    members: active.length,
    depositsFen: active.reduce((n, p) => n + p.depositFen, 0),
    reached: tierReached(campaign.tiers, totalPacks),
    next: nextTier(campaign.tiers, totalPacks),
    moqMet: totalPacks >= campaign.moqPacks,
    pledges: list,
    /** Deposit refunds the provider refused: the coordinator gives the money back by hand. */
    failedRefunds: failedRefunds(ctx, { campaignId }),
    timeline: timeline(ctx.db, "campaign", campaignId, ctx.locale),
    can: {
      edit: campaign.status === "draft",
      open: campaignMachine.can(campaign.status, "open"),
      cancel: campaignMachine.can(campaign.status, "cancelled"),
      closeNow: campaign.status === "open",
    },
  };
}

export type CampaignListRow = {
  id: string;
  title: string;
  productName: string;
  packUnit: string;
  status: CampaignStatus;
  deadlineAt: number;
  moqPacks: number;
  totalPacks: number;
  members: number;
  expectedDeliveryDate: string;
};

/** The alliance's campaigns, newest first, with the packs pledged so far (or fixed at the close). */
export function listCampaigns(ctx: Ctx, statuses?: CampaignStatus[]): CampaignListRow[] {
  const pledged = ctx.db
    .select({
      campaignId: pledges.campaignId,
      packs: sql<number>`coalesce(sum(${pledges.packs}), 0)`.as("pledged_packs"),
      members: sql<number>`count(*)`.as("pledged_members"),
    })
    .from(pledges)
    .where(and(eq(pledges.allianceOrgId, ctx.org.id), eq(pledges.status, "active")))
    .groupBy(pledges.campaignId)
    .as("pledged");
  return ctx.db
    .select({
      id: campaigns.id,
      title: campaigns.title,
      productName: campaigns.productName,
      packUnit: campaigns.packUnit,
      status: campaigns.status,
      deadlineAt: campaigns.deadlineAt,
      moqPacks: campaigns.moqPacks,
      totalPacks: sql<number>`coalesce(${campaigns.totalPacks}, ${pledged.packs}, 0)`,
      members: sql<number>`coalesce(${pledged.members}, 0)`,
      expectedDeliveryDate: campaigns.expectedDeliveryDate,
    })
    .from(campaigns)
    .leftJoin(pledged, eq(pledged.campaignId, campaigns.id))
    .where(and(eq(campaigns.orgId, ctx.org.id), statuses ? inArray(campaigns.status, statuses) : undefined))
    .orderBy(desc(campaigns.createdAt))
    .all();
}
