import { and, eq } from "drizzle-orm";
import {
  campaignCertificates,
  campaignOrigins,
  campaigns,
  counterRounds,
  quoteRequests,
  supplierCertificates,
} from "@db/schema";
import type { Ctx } from "../context.server";
import { activeMembership } from "../alliances/campaigns.server";
import { versionsOf } from "./supplier-link.server";

/**
 * How a campaign's price was obtained, for a member store (or the coordinator): the request, how
 * many suppliers quoted, the counter rounds, the version accepted and the certificates linked.
 * Null for a campaign typed by hand, or one the asker may not see.
 */
export function campaignOrigin(ctx: Ctx, campaignId: string) {
  const campaign = ctx.db.select({ orgId: campaigns.orgId }).from(campaigns).where(eq(campaigns.id, campaignId)).get();
  if (!campaign) return null;
  const allowed =
    ctx.org.id === campaign.orgId || (ctx.org.kind === "store" && activeMembership(ctx.db, campaign.orgId, ctx.org.id));
  if (!allowed) return null;
  const origin = ctx.db
    .select()
    .from(campaignOrigins)
    .where(and(eq(campaignOrigins.campaignId, campaignId), eq(campaignOrigins.orgId, campaign.orgId)))
    .get();
  if (!origin) return null;
  const request = ctx.db
    .select({ title: quoteRequests.title, sentAt: quoteRequests.sentAt, deadlineAt: quoteRequests.deadlineAt })
    .from(quoteRequests)
    .where(and(eq(quoteRequests.id, origin.requestId), eq(quoteRequests.orgId, campaign.orgId)))
    .get();
  const versions = versionsOf(ctx.db, campaign.orgId, origin.quoteId);
  const accepted = versions.find((v) => v.id === origin.versionId);
  const rounds = ctx.db
    .select({ number: counterRounds.number })
    .from(counterRounds)
    .where(and(eq(counterRounds.requestId, origin.requestId), eq(counterRounds.orgId, campaign.orgId)))
    .all().length;
  const suppliersQuoted = ctx.db.$client
    .prepare(
      "select count(distinct q.id) n from quotes q join quote_versions v on v.quote_id = q.id where q.request_id = ? and q.org_id = ?",
    )
    .get(origin.requestId, campaign.orgId) as { n: number };
  const certificates = ctx.db
    .select({
      title: supplierCertificates.title,
      kind: supplierCertificates.kind,
      validUntil: supplierCertificates.validUntil,
    })
    .from(campaignCertificates)
    .innerJoin(supplierCertificates, eq(supplierCertificates.id, campaignCertificates.certificateId))
    .where(and(eq(campaignCertificates.campaignId, campaignId), eq(campaignCertificates.orgId, campaign.orgId)))
    .all();
  return {
    requestTitle: request?.title ?? "",
    sentAt: request?.sentAt ?? null,
    deadlineAt: request?.deadlineAt ?? null,
    suppliersQuoted: suppliersQuoted.n,
    rounds,
    acceptedVersion: accepted?.version ?? null,
    firstBands: versions[0]?.bands.map((b) => ({ minPacks: b.minPacks, priceFen: b.priceFen })) ?? [],
    acceptedBands:
      accepted?.bands.map((b) => ({
        minPacks: b.minPacks,
        priceFen: b.priceFen,
        fallbackPriceFen: b.fallbackPriceFen,
      })) ?? [],
    certificates,
  };
}
