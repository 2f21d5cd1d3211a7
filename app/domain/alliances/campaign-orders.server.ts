import { and, eq } from "drizzle-orm";
import { accountEntries, products } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { Conflict } from "../errors";
import { newId } from "../ids.server";
import { addDays, shanghaiDate } from "../dates";
import { isoWeekday, parseWeekdays } from "../distribution/delivery-dates";
import { routeOfLink, type LinkRow } from "../distribution/links.server";
import { reason } from "../fulfilment/reasons.server";
import { requirePermission } from "../permission-check.server";
import { createRestockOrder, orderLineOf } from "../restock/create-order.server";
import { because } from "../timeline-reason";
import type { CampaignRow } from "./campaigns.server";

/**
 * The delivery day for a campaign order: the campaign's expected date if the member's route runs
 * that day, else the route's next day on or after it (never a day already past). Whether that
 * van has started loading is the order process's business (createRestockOrder moves the order on).
 */
export function campaignDeliveryDate(tx: WriteTx, link: LinkRow, expected: string, now: number) {
  const route = routeOfLink(tx, link);
  const today = shanghaiDate(now);
  const start = expected > today ? expected : today;
  const days = route?.active ? parseWeekdays(route.weekdays) : [];
  if (!route || days.length === 0) return { routeId: null, deliveryDate: start };
  let date = start;
  while (!days.includes(isoWeekday(date))) date = addDays(date, 1);
  return { routeId: route.id, deliveryDate: date };
}

/**
 * One member's order for a succeeded campaign, written in the close's transaction with the
 * distributor's (system) context: confirmed at once (the distributor agreed to fulfil when it
 * was named on the campaign, decision 023), the campaign price snapshotted on the line; the
 * reservation, run, timeline and demand rollup are createRestockOrder's. Only the close (the
 * system actor) may place an order on a distributor's behalf.
 */
export function createCampaignOrder(
  tx: WriteTx,
  distributorCtx: Ctx,
  campaign: CampaignRow,
  member: { storeOrgId: string; packs: number; priceFen: number; link: LinkRow },
) {
  requirePermission(distributorCtx, "order.placeForCampaign");
  const product = tx
    .select()
    .from(products)
    .where(and(eq(products.id, campaign.distributorProductId ?? ""), eq(products.orgId, distributorCtx.org.id)))
    .get();
  if (!product) throw new Conflict("pledge.close.noProduct");
  const { routeId, deliveryDate } = campaignDeliveryDate(
    tx,
    member.link,
    campaign.expectedDeliveryDate,
    distributorCtx.clock.now(),
  );
  const order = createRestockOrder(tx, distributorCtx, {
    storeOrgId: member.storeOrgId,
    distributorOrgId: distributorCtx.org.id,
    link: member.link,
    routeId,
    deliveryDate,
    status: "confirmed",
    source: "campaign",
    note: campaign.title,
    lines: [orderLineOf(product, member.priceFen, member.packs)],
    reason: because("pledge.reason.campaignOrder", { title: campaign.title }),
  });
  return { orderId: order.id, deliveryDate: order.deliveryDate, runId: order.runId };
}

/**
 * The captured deposit counts towards the goods (decision 023): a payment entry (method online,
 * note 团购定金) on the store's account with the distributor, against the campaign order. With
 * the order's total charged at delivery, the store then owes exactly total − deposit.
 */
export function creditDeposit(
  tx: WriteTx,
  order: { orderId: string; storeOrgId: string; distributorOrgId: string },
  depositFen: number,
  actorId: string,
  now: number,
) {
  if (depositFen <= 0) return;
  tx.insert(accountEntries)
    .values({
      id: newId(),
      distributorOrgId: order.distributorOrgId,
      storeOrgId: order.storeOrgId,
      kind: "payment",
      amountFen: -depositFen,
      orderId: order.orderId,
      method: "online",
      note: reason("pledge.depositNote"),
      actorId,
      createdAt: now,
    })
    .run();
}
