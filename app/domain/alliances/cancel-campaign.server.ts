import { and, eq } from "drizzle-orm";
import { notifications, pledges } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { InvalidTransition } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { settleCampaignDeposits } from "../payments/settle-deposits.internal.server";
import { requirePermission } from "../permission-check.server";
import { move } from "./campaign-moves.server";
import { findCampaign } from "./campaigns.server";

/**
 * Cancel before the close, with a reason: every deposit is released (offline ones are marked,
 * provider ones cancelled by jobs) and every store that pledged is told, in one transaction.
 */
export function cancelCampaign(ctx: Ctx, campaignId: string, input: { requestId: string; reason: string }) {
  requirePermission(ctx, "campaign.cancel");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `campaign-cancel:${input.requestId}`, "campaign.cancel", () => {
      const campaign = findCampaign(tx, ctx, campaignId);
      if (campaign.status !== "draft" && campaign.status !== "open")
        throw new InvalidTransition("alliance.campaign.cannotCancel");
      move(tx, ctx, campaignId, campaign.status, "cancelled", input.reason, now, { cancelReason: input.reason });
      settleCampaignDeposits(tx, campaignId, "cancelled", now);
      const pledged = tx
        .select({ storeOrgId: pledges.storeOrgId })
        .from(pledges)
        .where(and(eq(pledges.campaignId, campaignId), eq(pledges.allianceOrgId, ctx.org.id)))
        .all();
      for (const { storeOrgId } of pledged) {
        tx.insert(notifications)
          .values({
            id: newId(),
            orgId: storeOrgId,
            messageKey: "alliance.notice.cancelled",
            params: JSON.stringify({ title: campaign.title, alliance: ctx.org.name, reason: input.reason }),
            link: `/store/alliances/campaigns/${campaignId}`,
            createdAt: now,
          })
          .run();
      }
      return { campaignId, notified: pledged.length };
    }),
  );
}
