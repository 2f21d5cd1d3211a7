import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { allianceMembers, campaigns, organisations, paymentRefunds, pledges, suppliers } from "@db/schema";
import type { Ctx } from "../context.server";
import { NotFound } from "../errors";
import { casePriceFor } from "../distribution/links.server";
import { paymentsOfSubject } from "../payments/payments.server";
import { depositHeldFen } from "../payments/settle-deposits.internal.server";
import { refreshLatestPayment } from "../payments/refresh-payment.server";
import { readyAccountId } from "../payments/connected-accounts.server";
import { paymentsConfig, paymentsEnabled } from "../payments/stripe.server";
import { tiersOf } from "./campaign-tiers.internal.server";
import { campaignForMember, type CampaignWithTiers } from "./campaigns.server";
import { activeLinkTo, pledgeOf } from "./pledge.server";
import { depositFor, firstTierPrice, nextTier, priceAt, tierReached, type Tier } from "./tiers";

type Reader = Ctx["db"];

export type CampaignCard = ReturnType<typeof cardOf>;

/** Packs pledged so far (active pledges only): the figure the tiers are measured against. */
function totalPledged(db: Reader, campaignId: string): number {
  return (
    db
      .select({ n: sql<number>`coalesce(sum(${pledges.packs}), 0)` })
      .from(pledges)
      .where(and(eq(pledges.campaignId, campaignId), eq(pledges.status, "active")))
      .get()?.n ?? 0
  );
}

/**
 * What a member reads on a campaign card: progress on the tiers, the price now, and what that
 * price saves against its own distributor's regular price for the same SKU (its price list).
 */
function cardOf(
  db: Reader,
  ctx: Ctx,
  c: Omit<CampaignWithTiers, "tiers"> & { tiers: Tier[]; supplierName: string; allianceName: string },
) {
  const total = totalPledged(db, c.id);
  const reached = tierReached(c.tiers, total);
  const next = nextTier(c.tiers, total);
  const topPriceFen = firstTierPrice(c.tiers);
  const priceNowFen = priceAt(c.tiers, total) ?? topPriceFen;
  const link = c.distributorOrgId ? activeLinkTo(db, ctx.org.id, c.distributorOrgId) : null;
  const regularPriceFen = link && c.distributorProductId ? casePriceFor(db, link, c.distributorProductId) : null;
  const distributorName = c.distributorOrgId
    ? (db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, c.distributorOrgId)).get()
        ?.name ?? "")
    : null;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    productName: c.productName,
    packUnit: c.packUnit,
    baseUnit: c.baseUnit,
    packSize: c.packSize,
    supplierName: c.supplierName,
    allianceName: c.allianceName,
    distributorName,
    linked: c.distributorOrgId ? link !== null : true,
    status: c.status,
    deadlineAt: c.deadlineAt,
    expectedDeliveryDate: c.expectedDeliveryDate,
    moqPacks: c.moqPacks,
    capPacks: c.capPacks,
    depositBp: c.depositBp,
    tiers: c.tiers,
    totalPacks: total,
    tierIndex: reached ? reached.index : null,
    next: next ? { packsToGo: next.packsToGo, priceFen: next.tier.priceFen } : null,
    topPriceFen,
    priceNowFen,
    regularPriceFen,
    savingPerPackFen: regularPriceFen === null ? null : regularPriceFen - priceNowFen,
  };
}

function namesOf(db: Reader, c: { supplierId: string; orgId: string }) {
  const supplierName =
    db
      .select({ name: suppliers.name })
      .from(suppliers)
      .where(and(eq(suppliers.id, c.supplierId), eq(suppliers.orgId, c.orgId)))
      .get()?.name ?? "";
  const allianceName =
    db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, c.orgId)).get()?.name ?? "";
  return { supplierName, allianceName };
}

/**
 * The store's group-buy page: open campaigns of the alliances it is an active member of (with
 * its own pledge on each), and its past campaigns with the final price and what it saved.
 */
export function memberCampaigns(ctx: Ctx) {
  const db = ctx.db;
  const now = ctx.clock.now();
  const alliances = db
    .select({ id: allianceMembers.allianceOrgId })
    .from(allianceMembers)
    .where(and(eq(allianceMembers.storeOrgId, ctx.org.id), eq(allianceMembers.status, "active")))
    .all()
    .map((r) => r.id);
  const openRows = alliances.length
    ? db
        .select()
        .from(campaigns)
        .where(and(inArray(campaigns.orgId, alliances), eq(campaigns.status, "open")))
        .orderBy(asc(campaigns.deadlineAt))
        .limit(50)
        .all()
    : [];
  const mine = new Map(
    db
      .select()
      .from(pledges)
      .where(eq(pledges.storeOrgId, ctx.org.id))
      .all()
      .map((p) => [p.campaignId, p]),
  );
  const open = openRows.map((c) => {
    const card = cardOf(db, ctx, { ...c, tiers: tiersOf(db, c.id), ...namesOf(db, c) });
    const p = mine.get(c.id);
    return { ...card, closed: now >= c.deadlineAt, myPacks: p?.status === "active" ? p.packs : null };
  });
  const past = db
    .select({
      campaignId: campaigns.id,
      title: campaigns.title,
      productName: campaigns.productName,
      packUnit: campaigns.packUnit,
      status: campaigns.status,
      closedAt: campaigns.closedAt,
      packs: pledges.packs,
      pledgeStatus: pledges.status,
      priceFen: pledges.priceFen,
      regularPriceFen: pledges.regularPriceFen,
      savingsFen: pledges.savingsFen,
      restockOrderId: pledges.restockOrderId,
    })
    .from(pledges)
    .innerJoin(campaigns, eq(campaigns.id, pledges.campaignId))
    .where(and(eq(pledges.storeOrgId, ctx.org.id), ne(campaigns.status, "open"), ne(campaigns.status, "draft")))
    .orderBy(desc(campaigns.deadlineAt))
    .limit(50)
    .all();
  const savedFen = past.reduce((n, p) => n + (p.savingsFen ?? 0), 0);
  return { open, past, savedFen, now };
}

export type DepositState =
  | "none"
  | "due"
  | "confirming"
  | "paid"
  | "captured"
  | "refunding"
  | "refunded"
  | "refundFailed"
  | "offline"
  // Payments are online, but the alliance has no connected account that takes charges (decision 042).
  | "payeeOffline";

/**
 * Where a pledge's deposit stands, from the payment and refund rows (never from the browser).
 * Online deposits are charged at once: `due` (nothing or not all paid yet: the page asks for
 * what is missing), `confirming` (an asynchronous method still working), `paid` (while the
 * campaign is open), `captured` (kept: the campaign succeeded); after a withdrawal, failure or
 * cancellation the refunds say `refunding`, `refunded` or `refundFailed`.
 */
function depositStateOf(
  db: Reader,
  pledge: { id: string; status: string; depositFen: number } | null,
  storeOrgId: string,
  campaignStatus: string,
  online: boolean,
): { state: DepositState; heldFen: number; dueFen: number } {
  if (!pledge) return { state: "none", heldFen: 0, dueFen: 0 };
  const rows = paymentsOfSubject(db, storeOrgId, "pledge_deposit", pledge.id);
  const refunds = rows.length
    ? db
        .select({ status: paymentRefunds.status })
        .from(paymentRefunds)
        .where(
          and(
            eq(paymentRefunds.orgId, storeOrgId),
            inArray(
              paymentRefunds.paymentId,
              rows.map((r) => r.id),
            ),
          ),
        )
        .all()
    : [];
  const heldFen = depositHeldFen(db, pledge.id, storeOrgId);
  const goneBack = pledge.status !== "active" || campaignStatus === "failed" || campaignStatus === "cancelled";
  if (goneBack || (pledge.depositFen === 0 && refunds.length)) {
    const state: DepositState = refunds.some((r) => r.status === "failed")
      ? "refundFailed"
      : refunds.some((r) => r.status === "queued" || r.status === "pending")
        ? "refunding"
        : refunds.length
          ? "refunded"
          : "none";
    return { state, heldFen, dueFen: 0 };
  }
  if (pledge.depositFen <= 0) return { state: "none", heldFen, dueFen: 0 };
  if (!online && heldFen === 0) return { state: "offline", heldFen, dueFen: 0 };
  const dueFen = Math.max(pledge.depositFen - heldFen, 0);
  if (dueFen === 0) return { state: campaignStatus === "open" ? "paid" : "captured", heldFen, dueFen };
  if (rows.some((r) => r.status === "processing")) return { state: "confirming", heldFen, dueFen };
  return { state: "due", heldFen, dueFen };
}

/**
 * One campaign for a member: the card, its tiers and the store's pledge with the state of the
 * deposit (read from the payment rows, never from the browser).
 */
export function memberCampaign(ctx: Ctx, campaignId: string) {
  const db = ctx.db;
  const now = ctx.clock.now();
  const campaign = visibleCampaign(ctx, campaignId);
  const card = cardOf(db, ctx, { ...campaign, ...namesOf(db, campaign) });
  const pledge = pledgeOf(db, ctx, campaign.id);
  // Deposits are paid online only to an alliance whose connected account takes charges.
  const online = paymentsEnabled() && readyAccountId(db, campaign.orgId) !== null;
  const found = depositStateOf(db, pledge, ctx.org.id, campaign.status, online);
  const deposit = found.state === "offline" && paymentsEnabled() ? { ...found, state: "payeeOffline" as const } : found;
  return {
    ...card,
    closed: campaign.status !== "open" || now >= campaign.deadlineAt,
    finalPriceFen: campaign.finalPriceFen,
    pledge: pledge
      ? {
          id: pledge.id,
          packs: pledge.packs,
          status: pledge.status,
          depositFen: pledge.depositFen,
          priceFen: pledge.priceFen,
          savingsFen: pledge.savingsFen,
          restockOrderId: pledge.restockOrderId,
        }
      : null,
    deposit: deposit.state,
    /** What the store still has to pay (a raised pledge: the difference). */
    depositDueFen: deposit.dueFen,
    depositHeldFen: deposit.heldFen,
    paymentsOnline: online,
    /** The configured methods, Alipay first on a phone is decided by the page (it knows the device). */
    paymentMethods: paymentsConfig()?.methodTypes ?? [],
    /** The deposit for one pack at the top tier price, for the page's own arithmetic. */
    depositPerPackExample: depositFor(1, firstTierPrice(campaign.tiers), campaign.depositBp),
  };
}

/**
 * The campaign page. Coming back from the payment page (`returned`), the deposit payment is first
 * asked of the provider, so the page shows it authorised even before the webhook arrives.
 */
export async function memberCampaignPage(ctx: Ctx, campaignId: string, { returned = false } = {}) {
  if (returned && paymentsEnabled()) {
    const pledge = pledgeOf(ctx.db, ctx, visibleCampaign(ctx, campaignId).id);
    if (pledge) await refreshLatestPayment(ctx, "pledge_deposit", pledge.id);
  }
  return memberCampaign(ctx, campaignId);
}

/**
 * A campaign as a member may read it, open or closed: through its active membership, or, for a
 * store that has since left the alliance, through its own pledge (its past result stays its own).
 */
function visibleCampaign(ctx: Ctx, campaignId: string): CampaignWithTiers {
  try {
    return campaignForMember(ctx.db, ctx, campaignId);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
  }
  const row = ctx.db
    .select({ campaign: campaigns })
    .from(campaigns)
    .innerJoin(pledges, and(eq(pledges.campaignId, campaigns.id), eq(pledges.storeOrgId, ctx.org.id)))
    .where(eq(campaigns.id, campaignId))
    .get();
  if (!row) throw new NotFound("pledge.notMember");
  return { ...row.campaign, tiers: tiersOf(ctx.db, row.campaign.id) };
}
