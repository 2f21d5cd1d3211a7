import { z } from "zod";
import { optionalText } from "../fields.server";

export const memberDecisionSchema = z.object({
  memberId: z.string().trim().min(1).max(64),
  decision: z.enum(["approve", "reject", "remove", "reinstate"]),
  note: optionalText(100),
  back: z.enum(["home", "members"]).default("members"),
});

export const applySchema = z.object({ allianceOrgId: z.string().trim().min(1, "validation.required").max(64) });
