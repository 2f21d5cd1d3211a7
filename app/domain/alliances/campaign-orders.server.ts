import { and, eq } from "drizzle-orm";
import { accountEntries, products, restockOrderLines, restockOrders } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { Conflict } from "../errors";
import { newId } from "../ids.server";
import { addDays, shanghaiDate } from "../dates";
import { isoWeekday, parseWeekdays } from "../distribution/delivery-dates";
import { routeOfLink, type LinkRow } from "../distribution/links.server";
import { changeReservation } from "../distribution/warehouse.server";
import { newDeliveryCode, nextOpenDelivery } from "../fulfilment/follow-up-order.server";
import { reason } from "../fulfilment/reasons.server";
import { attachToRun, runFor } from "../fulfilment/runs.server";
import { recordCreation } from "../state-machine.server";
import { bookOrderDemand } from "../analysis/demand-rollups.internal.server";
import type { CampaignRow } from "./campaigns.server";

/**
 * The delivery day for a campaign order: the campaign's expected date if the member's route runs
 * that day, else the route's next day on or after it (never a day already past). A run that has
 * already started loading takes no more orders: then the route's next open delivery.
 */
export function campaignDeliveryDate(tx: WriteTx, distributorCtx: Ctx, link: LinkRow, expected: string, now: number) {
  const route = routeOfLink(tx, link);
  const today = shanghaiDate(now);
  const start = expected > today ? expected : today;
  const days = route?.active ? parseWeekdays(route.weekdays) : [];
  if (!route || days.length === 0) return { routeId: null, deliveryDate: start };
  let date = start;
  while (!days.includes(isoWeekday(date))) date = addDays(date, 1);
  if (runFor(tx, distributorCtx, route.id, date).status !== "planned")
    date = nextOpenDelivery(tx, distributorCtx, { routeId: route.id, deliveryDate: date });
  return { routeId: route.id, deliveryDate: date };
}

/**
 * One member's order for a succeeded campaign, written in the close's transaction with the
 * distributor's (system) context: confirmed at once (the distributor agreed to fulfil when it
 * was named on the campaign, decision 023), the campaign price snapshotted on the line, stock
 * reserved as confirmOrder does, a delivery code, the timeline, the run, and the demand rollup.
 */
export function createCampaignOrder(
  tx: WriteTx,
  distributorCtx: Ctx,
  campaign: CampaignRow,
  member: { storeOrgId: string; packs: number; priceFen: number; link: LinkRow },
  now: number,
) {
  const product = tx
    .select()
    .from(products)
    .where(and(eq(products.id, campaign.distributorProductId ?? ""), eq(products.orgId, distributorCtx.org.id)))
    .get();
  if (!product) throw new Conflict("pledge.close.noProduct");
  const { routeId, deliveryDate } = campaignDeliveryDate(
    tx,
    distributorCtx,
    member.link,
    campaign.expectedDeliveryDate,
    now,
  );
  const order = {
    id: newId(),
    storeOrgId: member.storeOrgId,
    distributorOrgId: distributorCtx.org.id,
    linkId: member.link.id,
    routeId,
    deliveryDate,
    status: "confirmed" as const,
    paymentTerms: member.link.paymentTerms,
    totalFen: member.packs * member.priceFen,
    deliveryCode: newDeliveryCode(),
    source: "campaign",
    note: campaign.title,
    createdBy: distributorCtx.actor.id,
    createdAt: now,
    updatedAt: now,
  };
  tx.insert(restockOrders).values(order).run();
  tx.insert(restockOrderLines)
    .values({
      id: newId(),
      orderId: order.id,
      storeOrgId: member.storeOrgId,
      distributorOrgId: distributorCtx.org.id,
      productId: product.id,
      name: product.name,
      barcode: product.barcode,
      packUnit: product.packUnit,
      baseUnit: product.baseUnit,
      packSize: product.packSize,
      casePriceFen: member.priceFen,
      qtyPacks: member.packs,
    })
    .run();
  changeReservation(tx, distributorCtx, product.id, member.packs * product.packSize);
  recordCreation(
    tx,
    distributorCtx,
    "order",
    order.id,
    "confirmed",
    reason("pledge.reason.campaignOrder", { title: campaign.title }),
  );
  const run = attachToRun(tx, distributorCtx, order);
  bookOrderDemand(tx, order.id, 1);
  return { orderId: order.id, deliveryDate, runId: run?.id ?? null };
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
