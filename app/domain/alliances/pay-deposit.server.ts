import type { Ctx } from "../context.server";
import { Conflict } from "../errors";
import { requirePermission } from "../permission-check.server";
import { startPayment, type StartPaymentResult } from "../payments/start-payment.server";
import { openCampaignForMember, pledgeOf } from "./pledge.server";

/**
 * 支付定金: the member pays the deposit of its active pledge to the alliance, authorised now and
 * captured only if the campaign succeeds (manual capture). The amount is the pledge's, never the
 * form's. With no payment keys the payment is recorded `offline`, to be settled by hand.
 */
export async function payDeposit(ctx: Ctx, campaignId: string, returnUrl: string): Promise<StartPaymentResult> {
  requirePermission(ctx, "payment.start");
  const campaign = openCampaignForMember(ctx.db, ctx, campaignId, ctx.clock.now());
  const pledge = pledgeOf(ctx.db, ctx, campaign.id);
  if (!pledge || pledge.status !== "active" || pledge.depositFen <= 0) throw new Conflict("pledge.noPledge");
  return startPayment(ctx, {
    subject: "pledge_deposit",
    subjectId: pledge.id,
    payeeOrgId: campaign.orgId,
    amountFen: pledge.depositFen,
    returnUrl,
    capture: "manual",
  });
}
