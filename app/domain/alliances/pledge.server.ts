import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { distributorLinks, organisations, pledges } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, Invalid, NotFound } from "../errors";
import { requestIdField } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { fenToYuanString } from "../money";
import { adjustDeposit, releaseDeposit } from "../payments/settle-deposits.internal.server";
import { requirePermission } from "../permission-check.server";
import { campaignForMember, type CampaignWithTiers } from "./campaigns.server";
import { depositFor, firstTierPrice } from "./tiers";

type Reader = Ctx["db"] | WriteTx;
export type PledgeRow = typeof pledges.$inferSelect;

export const MAX_PLEDGE_PACKS = 99_999;

// Form fields arrive as strings, tests pass numbers: both are coerced, then held to integers.
const packsField = () =>
  z.coerce
    .number({ error: "pledge.packsWhole" })
    .refine((n) => Number.isFinite(n), "pledge.packsWhole")
    .pipe(z.number().int("pledge.packsWhole").min(1, "pledge.packsWhole").max(MAX_PLEDGE_PACKS, "validation.tooLarge"));

export const pledgeSchema = z.object({
  requestId: requestIdField(),
  campaignId: z.string().min(1).max(64),
  // A typed count must be plain digits: "1e3", "0x10" and "1.5" are not what a shopkeeper meant.
  packs: z.preprocess(
    (v) => (typeof v === "string" ? (/^-?\d{1,9}$/.test(v.trim()) ? v.trim() : Number.NaN) : v),
    packsField(),
  ),
  // The top tier price per pack the page showed (what the member agreed to pay at most).
  priceFen: z.coerce.number({ error: "validation.invalid" }).int("validation.invalid").min(0, "validation.invalid"),
});
export type PledgeInput = z.input<typeof pledgeSchema>;

export const withdrawSchema = z.object({ requestId: requestIdField(), campaignId: z.string().min(1).max(64) });
export type WithdrawInput = z.input<typeof withdrawSchema>;

export type PledgeResult = { pledgeId: string; packs: number; depositFen: number };

/**
 * A member store pledges packs to an open campaign, or changes its pledge. Refused, with nothing
 * written: a closed campaign or a passed deadline, a non-member or removed member, a store not
 * linked to the fulfilling distributor (it could not receive the goods), above the per-store cap,
 * and a price other than the one the server holds (the form carries the top tier price shown; a
 * mismatch means the page is stale or tampered with, and the member re-confirms on a fresh page).
 * The deposit is recomputed from the packs; if it changes, the old deposit payment is released
 * and the member is asked for a new one.
 */
export function pledge(ctx: Ctx, raw: PledgeInput): PledgeResult {
  requirePermission(ctx, "pledge.save");
  const now = ctx.clock.now();
  const input = pledgeSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `pledge:${input.requestId}`, "pledge.save", () => {
      const campaign = openCampaignForMember(tx, ctx, input.campaignId, now);
      const unit = campaign.packUnit;
      if (campaign.capPacks !== null && input.packs > campaign.capPacks) {
        throw new Invalid("pledge.aboveCap", { cap: campaign.capPacks, unit }, { packs: "pledge.aboveCap" });
      }
      requireDistributorLink(tx, ctx, campaign);
      const topPrice = firstTierPrice(campaign.tiers);
      if (input.priceFen !== topPrice) {
        throw new Conflict(
          "pledge.priceChanged",
          { price: `¥${fenToYuanString(topPrice)}`, unit },
          { packs: "pledge.priceChanged" },
        );
      }
      const depositFen = depositFor(input.packs, topPrice, campaign.depositBp);
      const existing = pledgeOf(tx, ctx, campaign.id);
      if (!existing) {
        const id = newId();
        tx.insert(pledges)
          .values({
            id,
            campaignId: campaign.id,
            allianceOrgId: campaign.orgId,
            storeOrgId: ctx.org.id,
            packs: input.packs,
            status: "active",
            depositFen,
            createdBy: ctx.actor.id,
            createdAt: now,
            updatedAt: now,
          })
          .run();
        return { pledgeId: id, packs: input.packs, depositFen };
      }
      // A changed amount: what was paid beyond the new deposit is refunded, and a session for
      // the old amount expired; a raised pledge asks for the difference on its page. (A
      // withdrawn pledge's deposit was refunded when it was withdrawn.)
      if (existing.status === "active" && existing.depositFen !== depositFen && existing.depositFen > 0)
        adjustDeposit(tx, existing.id, depositFen, now);
      tx.update(pledges)
        .set({ packs: input.packs, status: "active", depositFen, updatedAt: now })
        .where(and(eq(pledges.id, existing.id), eq(pledges.storeOrgId, ctx.org.id)))
        .run();
      return { pledgeId: existing.id, packs: input.packs, depositFen };
    }),
  );
}

/** The member takes its pledge back before the deadline; its deposit is released. */
export function withdrawPledge(ctx: Ctx, raw: WithdrawInput): { pledgeId: string } {
  requirePermission(ctx, "pledge.withdraw");
  const now = ctx.clock.now();
  const input = withdrawSchema.parse(raw);
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `pledge:${input.requestId}`, "pledge.withdraw", () => {
      const campaign = openCampaignForMember(tx, ctx, input.campaignId, now);
      const existing = pledgeOf(tx, ctx, campaign.id);
      if (!existing || existing.status !== "active") throw new Conflict("pledge.nothingToWithdraw");
      if (existing.depositFen > 0) releaseDeposit(tx, existing.id, now);
      tx.update(pledges)
        .set({ status: "withdrawn", depositFen: 0, updatedAt: now })
        .where(and(eq(pledges.id, existing.id), eq(pledges.storeOrgId, ctx.org.id), eq(pledges.status, "active")))
        .run();
      return { pledgeId: existing.id };
    }),
  );
}

/** This store's pledge to a campaign (any status), or null. */
export function pledgeOf(db: Reader, ctx: Ctx, campaignId: string): PledgeRow | null {
  return (
    db
      .select()
      .from(pledges)
      .where(and(eq(pledges.campaignId, campaignId), eq(pledges.storeOrgId, ctx.org.id)))
      .get() ?? null
  );
}

/**
 * The campaign if this store may pledge to it now: a member's view of it (a non-member or a
 * removed member reads it as missing, in words that say why), open, and before its deadline.
 */
export function openCampaignForMember(db: Reader, ctx: Ctx, campaignId: string, now: number): CampaignWithTiers {
  let campaign: CampaignWithTiers;
  try {
    campaign = campaignForMember(db, ctx, campaignId);
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound("pledge.notMember");
    throw error;
  }
  if (campaign.status !== "open" || now >= campaign.deadlineAt) throw new Conflict("pledge.closed");
  return campaign;
}

/** The goods come on the distributor's van: a store the distributor does not serve cannot take part. */
function requireDistributorLink(db: Reader, ctx: Ctx, campaign: CampaignWithTiers) {
  if (!campaign.distributorOrgId) return;
  const link = activeLinkTo(db, ctx.org.id, campaign.distributorOrgId);
  if (link) return;
  const distributor = db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, campaign.distributorOrgId))
    .get();
  throw new Conflict("pledge.noLink", { name: distributor?.name ?? "" });
}

/** The store's active link to a distributor (or its link in any status), or null: callers decide what that means. */
export function activeLinkTo(db: Reader, storeOrgId: string, distributorOrgId: string, { anyStatus = false } = {}) {
  const link =
    db
      .select()
      .from(distributorLinks)
      .where(and(eq(distributorLinks.storeOrgId, storeOrgId), eq(distributorLinks.distributorOrgId, distributorOrgId)))
      .get() ?? null;
  return link && (anyStatus || link.status === "active") ? link : null;
}
