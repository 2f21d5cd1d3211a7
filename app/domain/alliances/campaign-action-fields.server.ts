import { z } from "zod";
import { requestIdField } from "../fields.server";
import { cancelCampaignSchema } from "./campaign-fields.server";

/** The buttons of the campaign page: each posts its intent with the page's request id. */
export const campaignActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), requestId: requestIdField() }),
  z.object({ intent: z.literal("closeNow"), requestId: requestIdField() }),
  cancelCampaignSchema.extend({ intent: z.literal("cancel") }),
]);
