import type { Ctx } from "../context.server";
import { Conflict } from "../errors";
import { requirePermission } from "../permission-check.server";
import { depositHeldFen } from "../payments/settle-deposits.internal.server";
import { paymentsOfSubject } from "../payments/payments.server";
import { paymentsEnabled } from "../payments/stripe.server";
import { startPayment, type StartPaymentResult } from "../payments/start-payment.server";
import { openCampaignForMember, pledgeOf } from "./pledge.server";

/**
 * 支付定金: the member pays its active pledge's deposit to the alliance through a hosted
 * Checkout page, charged at once (refunded if the campaign fails or the pledge is withdrawn).
 * The amount is what the pledge still asks for — its deposit less what is already paid (a
 * raised pledge pays the difference) — never the form's. Offline mode: no online payment; the
 * page says the deposit is settled with the alliance by hand.
 */
export async function payDeposit(
  ctx: Ctx,
  campaignId: string,
  returnUrl: string,
  { phone = false } = {},
): Promise<StartPaymentResult> {
  requirePermission(ctx, "payment.start");
  if (!paymentsEnabled()) throw new Conflict("payments.offlineDeposit");
  const campaign = openCampaignForMember(ctx.db, ctx, campaignId, ctx.clock.now());
  const pledge = pledgeOf(ctx.db, ctx, campaign.id);
  if (!pledge || pledge.status !== "active" || pledge.depositFen <= 0) throw new Conflict("pledge.noPledge");
  const dueFen = pledge.depositFen - depositHeldFen(ctx.db, pledge.id, ctx.org.id);
  if (dueFen <= 0) throw new Conflict("payments.depositPaid");
  // An asynchronous payment still on its way is not asked for twice.
  if (paymentsOfSubject(ctx.db, ctx.org.id, "pledge_deposit", pledge.id).some((p) => p.status === "processing"))
    throw new Conflict("payments.depositConfirming");
  return startPayment(ctx, {
    subject: "pledge_deposit",
    subjectId: pledge.id,
    payeeOrgId: campaign.orgId,
    amountFen: dueFen,
    description: `${campaign.title} · 定金`,
    returnUrl,
    phone,
  });
}
