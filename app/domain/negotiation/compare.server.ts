import { and, eq } from "drizzle-orm";
import { quoteInvitations, quotes, supplierCertificates, suppliers } from "@db/schema";
import type { Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import { Conflict } from "../errors";
import { requirePermission } from "../permission-check.server";
import { certificateState } from "../alliances/suppliers.server";
import { landedCostFen } from "./figures";
import { findRequest, isSealed } from "./requests.server";
import { versionsOf, type VersionWithPrices } from "./supplier-link.server";
import { supplierRecord } from "./supplier-record.server";

/** What changed from one version to the next: the bands whose price moved, and the terms that did. */
export function changesOf(previous: VersionWithPrices | undefined, current: VersionWithPrices) {
  if (!previous) return [];
  const changes: { field: string; from: number | string; to: number | string }[] = [];
  for (const band of current.bands) {
    const before = previous.bands.find((b) => b.minPacks === band.minPacks);
    if (before && before.priceFen !== band.priceFen)
      changes.push({ field: `band:${band.minPacks}`, from: before.priceFen, to: band.priceFen });
  }
  for (const field of ["minimumPacks", "leadTimeDays", "validUntil", "paymentTermsDays", "deliveryFen"] as const) {
    if (previous[field] !== current[field]) changes.push({ field, from: previous[field], to: current[field] });
  }
  return changes;
}

/**
 * The quotes side by side, each supplier's LATEST version normalised to the landed cost per pack
 * at each band of the request, with its breakpoints, lead time, certificates (required kinds:
 * valid / expiring / expired / missing), its record with the alliance, and its version history with
 * what changed. Refused while sealed: before the deadline nobody, the coordinator included, sees a
 * price (409).
 */
export function compareQuotes(ctx: Ctx, rfqId: string) {
  requirePermission(ctx, "rfq.view");
  const request = findRequest(ctx.db, ctx, rfqId);
  const now = ctx.clock.now();
  if (isSealed(request, now)) throw new Conflict("negotiation.sealed", { time: request.deadlineAt });
  const today = shanghaiDate(now);
  const rows = ctx.db
    .select({
      quoteId: quotes.id,
      supplierId: quotes.supplierId,
      supplierName: suppliers.name,
      invitationId: quoteInvitations.id,
      outcome: quoteInvitations.outcome,
    })
    .from(quotes)
    .innerJoin(quoteInvitations, eq(quoteInvitations.id, quotes.invitationId))
    .innerJoin(suppliers, eq(suppliers.id, quotes.supplierId))
    .where(and(eq(quotes.requestId, rfqId), eq(quotes.orgId, ctx.org.id)))
    .all();
  const offers = rows
    .map((row) => {
      const versions = versionsOf(ctx.db, ctx.org.id, row.quoteId);
      const latest = versions.at(-1);
      if (!latest) return null;
      const certs = ctx.db
        .select({
          kind: supplierCertificates.kind,
          title: supplierCertificates.title,
          validUntil: supplierCertificates.validUntil,
        })
        .from(supplierCertificates)
        .where(and(eq(supplierCertificates.orgId, ctx.org.id), eq(supplierCertificates.supplierId, row.supplierId)))
        .all()
        .map((c) => ({ ...c, state: certificateState(c.validUntil, today) }));
      const required = request.certificatesRequired.map((kind) => {
        const ofKind = certs.filter((c) => c.kind === kind);
        const best =
          ofKind.find((c) => c.state === "valid" || c.state === "undated") ??
          ofKind.find((c) => c.state === "expiring") ??
          ofKind[0];
        return { kind, state: best ? best.state : ("missing" as const) };
      });
      return {
        ...row,
        version: latest,
        landed: latest.bands.map((b) => ({
          minPacks: b.minPacks,
          priceFen: b.priceFen,
          fallbackPriceFen: b.fallbackPriceFen,
          landedFen: landedCostFen({
            priceFen: b.priceFen,
            bandPacks: b.minPacks,
            deliveryFen: latest.deliveryFen,
            quoteTermsDays: latest.paymentTermsDays,
            offeredTermsDays: request.paymentTermsDays,
            annualRateBp: request.annualRateBp,
          }),
        })),
        certificates: certs,
        required,
        record: supplierRecord(ctx.db, ctx.org.id, row.supplierId),
        history: versions.map((v, i) => ({
          version: v.version,
          submittedAt: v.submittedAt,
          roundId: v.roundId,
          bands: v.bands,
          changes: changesOf(versions[i - 1], v),
        })),
      };
    })
    .filter((o) => o !== null);
  // The cheapest landed cost at each band, to mark in the table.
  const best = request.bands.map((minPacks) =>
    Math.min(...offers.map((o) => o.landed.find((l) => l.minPacks === minPacks)?.landedFen ?? Infinity)),
  );
  return { request, offers, best };
}
