import { and, asc, eq } from "drizzle-orm";
import { organisations } from "@db/schema";
import type { Ctx } from "../context.server";
import { fenToYuanString } from "../money";
import { shanghaiParts } from "./campaign-fields.server";
import { findCampaign, type CampaignWithTiers } from "./campaigns.server";
import { supplierProductOptions } from "./suppliers.server";

/** What the campaign form offers: the alliance's supplier products and the distributors of its county. */
export function campaignFormOptions(ctx: Ctx) {
  const alliance = ctx.db
    .select({ countyCode: organisations.countyCode })
    .from(organisations)
    .where(eq(organisations.id, ctx.org.id))
    .get();
  const distributors = alliance?.countyCode
    ? ctx.db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(and(eq(organisations.kind, "distributor"), eq(organisations.countyCode, alliance.countyCode)))
        .orderBy(asc(organisations.name))
        .all()
    : [];
  return { products: supplierProductOptions(ctx), distributors };
}

export type CampaignFormValues = Record<string, string>;

/** A campaign back as form values (yuan, percent, Shanghai date and time), for editing a draft. */
export function campaignFormValues(c: CampaignWithTiers): CampaignFormValues {
  const { date, time } = shanghaiParts(c.deadlineAt);
  const values: CampaignFormValues = {
    title: c.title,
    description: c.description,
    supplierProductId: c.supplierProductId,
    moqPacks: String(c.moqPacks),
    capPacks: c.capPacks === null ? "" : String(c.capPacks),
    deadlineDate: date,
    deadlineTime: time,
    distributorOrgId: c.distributorOrgId ?? "",
    expectedDeliveryDate: c.expectedDeliveryDate,
    depositPercent: fenToYuanString(c.depositBp).replace(/\.00$/, ""),
  };
  c.tiers.forEach((tier, i) => {
    values[`tierPacks${i}`] = String(tier.minPacks);
    values[`tierPrice${i}`] = fenToYuanString(tier.priceFen);
  });
  return values;
}

/** The edit page: the draft's values and the form's options. */
export function campaignEditScreen(ctx: Ctx, campaignId: string) {
  const campaign = findCampaign(ctx.db, ctx, campaignId);
  return {
    id: campaign.id,
    title: campaign.title,
    status: campaign.status,
    values: campaignFormValues(campaign),
    options: campaignFormOptions(ctx),
  };
}
