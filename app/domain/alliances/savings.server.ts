import { and, eq, inArray, isNotNull, isNull, notInArray, sql } from "drizzle-orm";
import { campaigns, pledges, restockOrderLines, restockOrders } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { campaignMachine, ORDER_STATUS_GROUPS } from "../machines";
import { recordTransition } from "../state-machine.server";
import { because } from "../timeline-reason";

/** Member orders in these states are finished: received (savings known) or cancelled on the way. */
const DONE = ORDER_STATUS_GROUPS.finished;

/**
 * Called by receiveOrder in its transaction (ctx = the receiving store). For a campaign order,
 * the member's savings are recorded once: (regular price − campaign price) × packs received in
 * good order. When every member order of the campaign is finished, the campaign is delivered.
 * Any other order is left alone.
 */
export function recordCampaignReceipt(tx: WriteTx, ctx: Ctx, orderId: string): void {
  const now = ctx.clock.now();
  const pledge = tx
    .select()
    .from(pledges)
    .where(and(eq(pledges.restockOrderId, orderId), eq(pledges.storeOrgId, ctx.org.id)))
    .get();
  if (!pledge) return;
  if (pledge.savingsFen === null && pledge.priceFen !== null && pledge.regularPriceFen !== null) {
    const received =
      tx
        .select({ n: sql<number>`coalesce(sum(${restockOrderLines.receivedPacks}), 0)` })
        .from(restockOrderLines)
        .where(and(eq(restockOrderLines.orderId, orderId), eq(restockOrderLines.storeOrgId, ctx.org.id)))
        .get()?.n ?? 0;
    tx.update(pledges)
      .set({ savingsFen: (pledge.regularPriceFen - pledge.priceFen) * received, updatedAt: now })
      .where(and(eq(pledges.id, pledge.id), eq(pledges.storeOrgId, ctx.org.id), isNull(pledges.savingsFen)))
      .run();
  }
  const unfinished = tx
    .select({ id: restockOrders.id })
    .from(pledges)
    .innerJoin(restockOrders, eq(restockOrders.id, pledges.restockOrderId))
    .where(
      and(
        eq(pledges.campaignId, pledge.campaignId),
        isNotNull(pledges.restockOrderId),
        notInArray(restockOrders.status, [...DONE]),
      ),
    )
    .get();
  if (unfinished) return;
  // The last member's receipt delivers the campaign; the transition is recorded as the act of
  // this store (the timeline's org is whoever made the change).
  const campaign = tx
    .select({ id: campaigns.id, status: campaigns.status })
    .from(campaigns)
    .where(and(eq(campaigns.id, pledge.campaignId), eq(campaigns.orgId, pledge.allianceOrgId)))
    .get();
  if (campaign?.status !== "ordered") return;
  recordTransition(tx, ctx, campaignMachine, {
    entity: "campaign",
    entityId: campaign.id,
    from: "ordered",
    to: "delivered",
    reason: because("pledge.reason.allReceived"),
  });
  tx.update(campaigns)
    .set({ status: "delivered", updatedAt: now })
    .where(
      and(
        eq(campaigns.id, campaign.id),
        eq(campaigns.orgId, pledge.allianceOrgId),
        inArray(campaigns.status, ["ordered"]),
      ),
    )
    .run();
}
