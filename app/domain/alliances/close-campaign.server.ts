import { and, asc, eq, lte } from "drizzle-orm";
import type { Db } from "@db/client";
import { campaigns, pledges, supplierOrders } from "@db/schema";
import type { CampaignStatus } from "@db/schema/alliance-enums";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, InvalidTransition } from "../errors";
import { newId } from "../ids.server";
import { casePriceFor, type LinkRow } from "../distribution/links.server";
import { because, type TimelineReason } from "../timeline-reason";
import { systemCtx } from "../jobs/system-context.server";
import { recordDepositSettlement } from "../payments/deposit-settlement.internal.server";
import { depositHeldFen, settleCampaignDeposits } from "../payments/settle-deposits.internal.server";
import { requirePermission } from "../permission-check.server";
import { findCampaign, type CampaignWithTiers } from "./campaigns.server";
import { move } from "./campaign-moves.server";
import { createCampaignOrder, creditDeposit } from "./campaign-orders.server";
import { notify } from "./notices.server";
import { activeLinkTo } from "./pledge.server";
import { firstTierPrice, priceAt } from "./tiers";
import { fenToYuanString } from "../money";

export type CloseResult = {
  campaignId: string;
  status: CampaignStatus;
  totalPacks: number;
  finalPriceFen: number | null;
  supplierOrderId: string | null;
  /** Member restock orders, by store. */
  orders: { storeOrgId: string; orderId: string }[];
};

const CLOSED: CampaignStatus[] = ["succeeded", "failed", "ordered", "delivered", "cancelled"];

/**
 * Closes a campaign at its deadline (ctx = the alliance's system context in the worker, or its
 * coordinator), as of `ctx.clock`. Exactly once: one IMMEDIATE transaction, and the status is the guard: only an
 * `open` campaign moves, and only when its deadline has passed (or the coordinator asks). A
 * second run — another worker, a retry after a crash, a concurrent connection — finds the
 * campaign closed and returns what the first run recorded, writing nothing.
 *
 * Success (total ≥ MOQ): the tier price of the total is fixed on every active pledge with the
 * member's regular price, the supplier order is placed for the total, and with a distributor
 * each member gets a confirmed restock order at the campaign price on its route's run; deposits
 * are captured (and credited towards the goods). Failure: deposits are released and every
 * pledging member, and the alliance, is told.
 */
export function closeCampaign(ctx: Ctx, campaignId: string, { byCoordinator = false } = {}): CloseResult {
  requirePermission(ctx, "campaign.close");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) => {
    const campaign = findCampaign(tx, ctx, campaignId);
    if (CLOSED.includes(campaign.status)) return recordedResult(tx, ctx, campaign);
    if (campaign.status !== "open") throw new InvalidTransition("pledge.close.notOpen");
    if (campaign.deadlineAt > now && !byCoordinator) throw new Conflict("pledge.close.notDue");
    const active = tx
      .select()
      .from(pledges)
      .where(
        and(eq(pledges.campaignId, campaign.id), eq(pledges.allianceOrgId, ctx.org.id), eq(pledges.status, "active")),
      )
      .orderBy(asc(pledges.createdAt), asc(pledges.id))
      .all();
    const totalPacks = active.reduce((n, p) => n + p.packs, 0);
    const why = because(byCoordinator ? "pledge.reason.closedByCoordinator" : "pledge.reason.closedAtDeadline");
    if (totalPacks === 0 || totalPacks < campaign.moqPacks)
      return fail(tx, ctx, campaign, active, totalPacks, why, now);
    return succeed(tx, ctx, campaign, active, totalPacks, why, now);
  });
}

type PledgeRow = typeof pledges.$inferSelect;

function fail(
  tx: WriteTx,
  ctx: Ctx,
  campaign: CampaignWithTiers,
  active: PledgeRow[],
  totalPacks: number,
  why: TimelineReason,
  now: number,
): CloseResult {
  move(tx, ctx, campaign.id, "open", "failed", why, now, { totalPacks, closedAt: now });
  settleCampaignDeposits(tx, campaign.id, "failed", now);
  const params = { title: campaign.title, total: totalPacks, moq: campaign.moqPacks, unit: campaign.packUnit };
  for (const p of active) notify(tx, p.storeOrgId, "pledge.notice.failed", params, memberLink(campaign.id), now);
  notify(tx, ctx.org.id, "pledge.notice.coordinatorFailed", params, coordinatorLink(campaign.id), now);
  return {
    campaignId: campaign.id,
    status: "failed",
    totalPacks,
    finalPriceFen: null,
    supplierOrderId: null,
    orders: [],
  };
}

function succeed(
  tx: WriteTx,
  ctx: Ctx,
  campaign: CampaignWithTiers,
  active: PledgeRow[],
  totalPacks: number,
  why: TimelineReason,
  now: number,
): CloseResult {
  // An MOQ below the first tier still buys: at the first (highest) tier price.
  const priceFen = priceAt(campaign.tiers, totalPacks) ?? firstTierPrice(campaign.tiers);
  move(tx, ctx, campaign.id, "open", "succeeded", why, now, { totalPacks, finalPriceFen: priceFen, closedAt: now });

  const supplierOrderId = newId();
  tx.insert(supplierOrders)
    .values({
      id: supplierOrderId,
      orgId: ctx.org.id,
      campaignId: campaign.id,
      supplierId: campaign.supplierId,
      packs: totalPacks,
      priceFen,
      totalFen: totalPacks * priceFen,
      status: "placed",
      createdAt: now,
    })
    .run();

  const distributorCtx = campaign.distributorOrgId ? systemCtx(ctx.db, campaign.distributorOrgId, ctx.clock) : null;
  const orders: CloseResult["orders"] = [];
  for (const p of active) {
    // The pledge required an active link; if the distributor has ended it since, the batch is
    // bought all the same and the link row still says where the goods go.
    const link = distributorCtx
      ? (activeLinkTo(tx, p.storeOrgId, distributorCtx.org.id) ?? anyLink(tx, p.storeOrgId, distributorCtx.org.id))
      : null;
    const regularPriceFen =
      link && campaign.distributorProductId ? casePriceFor(tx, link, campaign.distributorProductId) : null;
    let restockOrderId: string | null = null;
    let deliveryDate = campaign.expectedDeliveryDate;
    if (distributorCtx && link) {
      const made = createCampaignOrder(tx, distributorCtx, campaign, {
        storeOrgId: p.storeOrgId,
        packs: p.packs,
        priceFen,
        link,
      });
      restockOrderId = made.orderId;
      deliveryDate = made.deliveryDate;
      orders.push({ storeOrgId: p.storeOrgId, orderId: made.orderId });
      // Only money actually paid counts towards the goods (never more than the pledge's
      // deposit); an offline deposit is settled between the store and the alliance by hand
      // (decision 023).
      const paidFen = Math.min(depositHeldFen(tx, p.id, p.storeOrgId), p.depositFen);
      if (paidFen > 0) {
        creditDeposit(
          tx,
          { orderId: made.orderId, storeOrgId: p.storeOrgId, distributorOrgId: distributorCtx.org.id },
          paidFen,
          ctx.actor.id,
          now,
        );
        // The alliance holds the money, the distributor gave the credit: a settlement entry.
        recordDepositSettlement(
          tx,
          {
            allianceOrgId: ctx.org.id,
            distributorOrgId: distributorCtx.org.id,
            storeOrgId: p.storeOrgId,
            campaignId: campaign.id,
            orderId: made.orderId,
          },
          paidFen,
          now,
        );
      }
    }
    tx.update(pledges)
      .set({ priceFen, regularPriceFen, restockOrderId, updatedAt: now })
      .where(and(eq(pledges.id, p.id), eq(pledges.allianceOrgId, ctx.org.id)))
      .run();
    notify(
      tx,
      p.storeOrgId,
      "pledge.notice.succeeded",
      {
        title: campaign.title,
        price: `¥${fenToYuanString(priceFen)}`,
        unit: campaign.packUnit,
        packs: p.packs,
        date: deliveryDate,
      },
      memberLink(campaign.id),
      now,
    );
  }
  move(tx, ctx, campaign.id, "succeeded", "ordered", null, now);
  settleCampaignDeposits(tx, campaign.id, "keep", now);
  notify(
    tx,
    ctx.org.id,
    "pledge.notice.coordinatorSucceeded",
    { title: campaign.title, total: totalPacks, unit: campaign.packUnit, price: `¥${fenToYuanString(priceFen)}` },
    coordinatorLink(campaign.id),
    now,
  );
  return { campaignId: campaign.id, status: "ordered", totalPacks, finalPriceFen: priceFen, supplierOrderId, orders };
}

/** What the first close recorded, read back without writing. */
function recordedResult(tx: WriteTx, ctx: Ctx, campaign: CampaignWithTiers): CloseResult {
  const rows = tx
    .select({ storeOrgId: pledges.storeOrgId, orderId: pledges.restockOrderId })
    .from(pledges)
    .where(
      and(eq(pledges.campaignId, campaign.id), eq(pledges.allianceOrgId, ctx.org.id), eq(pledges.status, "active")),
    )
    .orderBy(asc(pledges.createdAt), asc(pledges.id))
    .all();
  const supplierOrder = tx
    .select({ id: supplierOrders.id })
    .from(supplierOrders)
    .where(and(eq(supplierOrders.campaignId, campaign.id), eq(supplierOrders.orgId, ctx.org.id)))
    .get();
  return {
    campaignId: campaign.id,
    status: campaign.status,
    totalPacks: campaign.totalPacks ?? 0,
    finalPriceFen: campaign.finalPriceFen,
    supplierOrderId: supplierOrder?.id ?? null,
    orders: rows.flatMap((r) => (r.orderId ? [{ storeOrgId: r.storeOrgId, orderId: r.orderId }] : [])),
  };
}

function anyLink(tx: WriteTx, storeOrgId: string, distributorOrgId: string): LinkRow | null {
  return activeLinkTo(tx, storeOrgId, distributorOrgId, { anyStatus: true });
}

export const memberLink = (campaignId: string) => `/store/alliances/campaigns/${campaignId}`;
export const coordinatorLink = (campaignId: string) => `/alliance/campaigns/${campaignId}`;

/**
 * Open campaigns whose deadline has passed, for the schedule. Cross-organisation by nature (it
 * is how the worker finds work); it returns only (orgId, id) pairs and everything after it runs
 * in that organisation's context.
 */
export function campaignsDueForClose(db: Db, now: number, limit = 100): { orgId: string; id: string }[] {
  return db
    .select({ orgId: campaigns.orgId, id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, "open"), lte(campaigns.deadlineAt, now)))
    .orderBy(asc(campaigns.deadlineAt))
    .limit(limit)
    .all();
}
