import type { z } from "zod";
import type { Ctx } from "../context.server";
import type { campaignActionSchema } from "./campaign-action-fields.server";
import { cancelCampaign } from "./cancel-campaign.server";
import { closeCampaignNow, openCampaign } from "./campaign-moves.server";

/** The campaign page's one domain call: whichever button was pressed. */
export function runCampaignAction(ctx: Ctx, campaignId: string, input: z.output<typeof campaignActionSchema>) {
  switch (input.intent) {
    case "open":
      return openCampaign(ctx, campaignId, input.requestId);
    case "closeNow":
      return closeCampaignNow(ctx, campaignId, input.requestId);
    case "cancel":
      return cancelCampaign(ctx, campaignId, { requestId: input.requestId, reason: input.reason });
  }
}
