import { and, desc, eq } from "drizzle-orm";
import { organisations, paymentRefunds, payments, pledges } from "@db/schema";
import type { Ctx } from "../context.server";

export type FailedRefund = {
  id: string;
  storeName: string;
  amountFen: number;
  reason: string;
  error: string | null;
  updatedAt: number;
};

/**
 * The payee's attention list: refunds the provider refused or that failed (past the method's
 * window, the account closed…). The money must go back by hand; the page says how. Scoped to
 * the payee (ctx.org); `campaignId` narrows a coordinator's list to one campaign's deposits.
 */
export function failedRefunds(ctx: Ctx, { campaignId }: { campaignId?: string } = {}): FailedRefund[] {
  const rows = ctx.db
    .select({
      id: paymentRefunds.id,
      storeName: organisations.name,
      amountFen: paymentRefunds.amountFen,
      reason: paymentRefunds.reason,
      error: paymentRefunds.lastError,
      updatedAt: paymentRefunds.updatedAt,
      subject: payments.subject,
      subjectId: payments.subjectId,
    })
    .from(paymentRefunds)
    .innerJoin(payments, eq(payments.id, paymentRefunds.paymentId))
    .innerJoin(organisations, eq(organisations.id, paymentRefunds.orgId))
    .where(and(eq(paymentRefunds.payeeOrgId, ctx.org.id), eq(paymentRefunds.status, "failed")))
    .orderBy(desc(paymentRefunds.updatedAt))
    .limit(100)
    .all();
  if (!campaignId) return rows.map(({ subject: _s, subjectId: _i, ...r }) => r);
  const ofCampaign = new Set(
    ctx.db
      .select({ id: pledges.id })
      .from(pledges)
      .where(and(eq(pledges.campaignId, campaignId), eq(pledges.allianceOrgId, ctx.org.id)))
      .all()
      .map((p) => p.id),
  );
  return rows
    .filter((r) => r.subject === "pledge_deposit" && ofCampaign.has(r.subjectId))
    .map(({ subject: _s, subjectId: _i, ...r }) => r);
}
