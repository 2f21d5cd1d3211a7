import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { campaigns, organisations, pledges } from "@db/schema";
import { CAMPAIGN_STATUSES, type CampaignStatus } from "@db/schema/alliance-enums";
import type { Ctx } from "../context.server";

// Campaigns whose goods were bought: the packs of their active pledges count as bought.
const BOUGHT: CampaignStatus[] = ["succeeded", "ordered", "delivered"];

export type SavingsByCampaign = {
  campaignId: string;
  title: string;
  status: CampaignStatus;
  packUnit: string;
  finalPriceFen: number | null;
  members: number;
  packs: number;
  spentFen: number;
  savingsFen: number;
  /** Pledges whose savings are recorded (after receipt) out of those bought. */
  recorded: number;
};

export type SavingsByMember = {
  storeOrgId: string;
  storeName: string;
  village: string | null;
  campaigns: number;
  packs: number;
  spentFen: number;
  savingsFen: number;
};

/**
 * The alliance's savings: per campaign and per member store. Savings are what each pledge
 * recorded after receipt ((regular − campaign price) × packs received); a pledge not yet
 * received counts its packs and spend but no savings yet. All sums are integer fen in SQL.
 */
export function savingsReport(ctx: Ctx) {
  const bought = and(
    eq(pledges.allianceOrgId, ctx.org.id),
    eq(pledges.status, "active"),
    inArray(campaigns.status, BOUGHT),
  );
  const byCampaign: SavingsByCampaign[] = ctx.db
    .select({
      campaignId: campaigns.id,
      title: campaigns.title,
      status: campaigns.status,
      packUnit: campaigns.packUnit,
      finalPriceFen: campaigns.finalPriceFen,
      members: sql<number>`count(${pledges.id})`,
      packs: sql<number>`coalesce(sum(${pledges.packs}), 0)`,
      spentFen: sql<number>`coalesce(sum(${pledges.packs} * ${pledges.priceFen}), 0)`,
      savingsFen: sql<number>`coalesce(sum(${pledges.savingsFen}), 0)`,
      recorded: sql<number>`count(${pledges.savingsFen})`,
    })
    .from(campaigns)
    .innerJoin(pledges, and(eq(pledges.campaignId, campaigns.id), eq(pledges.allianceOrgId, campaigns.orgId)))
    .where(and(eq(campaigns.orgId, ctx.org.id), bought))
    .groupBy(campaigns.id)
    .orderBy(asc(campaigns.deadlineAt))
    .all();
  const byMember: SavingsByMember[] = ctx.db
    .select({
      storeOrgId: pledges.storeOrgId,
      storeName: organisations.name,
      village: organisations.village,
      campaigns: sql<number>`count(distinct ${pledges.campaignId})`,
      packs: sql<number>`coalesce(sum(${pledges.packs}), 0)`,
      spentFen: sql<number>`coalesce(sum(${pledges.packs} * ${pledges.priceFen}), 0)`,
      savingsFen: sql<number>`coalesce(sum(${pledges.savingsFen}), 0)`,
    })
    .from(pledges)
    .innerJoin(campaigns, and(eq(campaigns.id, pledges.campaignId), eq(campaigns.orgId, ctx.org.id)))
    .innerJoin(organisations, eq(organisations.id, pledges.storeOrgId))
    .where(bought)
    .groupBy(pledges.storeOrgId)
    .orderBy(sql`sum(${pledges.savingsFen}) desc nulls last`, asc(organisations.name))
    .all();
  const counts = ctx.db
    .select({ status: campaigns.status, n: sql<number>`count(*)` })
    .from(campaigns)
    .where(eq(campaigns.orgId, ctx.org.id))
    .groupBy(campaigns.status)
    .all();
  const byStatus = Object.fromEntries(
    CAMPAIGN_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0]),
  ) as Record<CampaignStatus, number>;
  return {
    byCampaign,
    byMember,
    byStatus,
    totals: {
      campaigns: byCampaign.length,
      packs: byCampaign.reduce((n, c) => n + c.packs, 0),
      spentFen: byCampaign.reduce((n, c) => n + c.spentFen, 0),
      savingsFen: byCampaign.reduce((n, c) => n + c.savingsFen, 0),
    },
  };
}
