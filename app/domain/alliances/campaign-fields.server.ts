import { z } from "zod";
import { isValidDate, shanghaiInstant } from "../dates";
import { intField, optionalIntField, optionalText, requestIdField } from "../fields.server";
import { parseYuanToFen } from "../money";
import { MAX_TIERS, type Tier } from "./tiers";

/** What a campaign is made of, typed: the form below produces it, tests and the seed pass it directly. */
export type CampaignInput = {
  requestId: string;
  title: string | null;
  description: string;
  supplierProductId: string;
  tiers: Tier[];
  moqPacks: number;
  capPacks: number | null;
  deadlineAt: number;
  /** null = the supplier delivers directly. */
  distributorOrgId: string | null;
  expectedDeliveryDate: string;
  depositBp: number;
};

// The deadline is read and shown on a Shanghai clock (dates.ts); re-exported for the campaign forms.
export { shanghaiInstant, shanghaiParts } from "../dates";

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

/** Rows 0–4 may also come as `tierPacks0` … `tierPrice4` (one name per input, so a 400 echoes each back). */
function tierRows(raw: Record<string, unknown>) {
  const packs = list(raw.tierPacks);
  const prices = list(raw.tierPrice);
  for (let i = 0; i < MAX_TIERS + 1; i++) {
    if (raw[`tierPacks${i}`] !== undefined || raw[`tierPrice${i}`] !== undefined) {
      packs[i] = String(raw[`tierPacks${i}`] ?? "");
      prices[i] = String(raw[`tierPrice${i}`] ?? "");
    }
  }
  return { packs, prices };
}

/**
 * The campaign form. Tiers come as parallel `tierPacks` / `tierPrice` fields (up to five rows;
 * blank rows are skipped), prices in yuan parsed to fen without floats, the deposit as a
 * percentage with up to two decimals (12.5 % = 1250 basis points), the deadline as a date and
 * a time in Asia/Shanghai. Business rules (tiers increasing, deadline ahead …) are the domain's.
 */
export const campaignFormSchema = z
  .looseObject({
    requestId: requestIdField(),
    title: optionalText(60),
    description: optionalText(500).transform((v) => v ?? ""),
    supplierProductId: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(64),
    moqPacks: intField({ min: 1, max: 1_000_000 }),
    capPacks: optionalIntField({ min: 1, max: 1_000_000 }),
    deadlineDate: z.string({ error: "validation.required" }).trim().refine(isValidDate, "validation.date"),
    deadlineTime: z
      .string({ error: "validation.required" })
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "alliance.campaign.timeInvalid"),
    distributorOrgId: optionalText(64),
    expectedDeliveryDate: z.string({ error: "validation.required" }).trim().refine(isValidDate, "validation.date"),
    depositPercent: z
      .string()
      .trim()
      .optional()
      .transform((v, c) => {
        const bp = parseYuanToFen(v || "0");
        if (bp === null || bp > 10_000) {
          c.addIssue({ code: "custom", message: "alliance.campaign.depositInvalid" });
          return z.NEVER;
        }
        return bp;
      }),
  })
  .transform((v, c): CampaignInput => {
    const { packs, prices } = tierRows(v);
    const tiers: Tier[] = [];
    for (let i = 0; i < Math.max(packs.length, prices.length); i++) {
      const p = (packs[i] ?? "").trim();
      const price = (prices[i] ?? "").trim();
      if (!p && !price) continue;
      const fen = parseYuanToFen(price);
      if (!/^\d{1,7}$/.test(p) || fen === null) {
        c.addIssue({ code: "custom", message: "alliance.tiers.rowInvalid", path: ["tiers"] });
        return z.NEVER;
      }
      tiers.push({ minPacks: Number(p), priceFen: fen });
    }
    if (tiers.length > MAX_TIERS) {
      c.addIssue({ code: "custom", message: "alliance.tiers.tooMany", path: ["tiers"] });
      return z.NEVER;
    }
    return {
      requestId: v.requestId,
      title: v.title,
      description: v.description,
      supplierProductId: v.supplierProductId,
      tiers,
      moqPacks: v.moqPacks,
      capPacks: v.capPacks ?? null,
      deadlineAt: shanghaiInstant(v.deadlineDate, v.deadlineTime)!,
      distributorOrgId: v.distributorOrgId,
      expectedDeliveryDate: v.expectedDeliveryDate,
      depositBp: v.depositPercent,
    };
  });

export const cancelCampaignSchema = z.object({
  requestId: requestIdField(),
  reason: z
    .string({ error: "alliance.campaign.reasonRequired" })
    .trim()
    .min(1, "alliance.campaign.reasonRequired")
    .max(200),
});
