import { and, eq, ne } from "drizzle-orm";
import {
  campaignCertificates,
  campaignOrigins,
  campaigns,
  campaignTiers,
  quoteInvitations,
  quoteRequests,
  quotes,
  supplierCertificates,
  supplierProducts,
} from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { addDays, DAY_MS, shanghaiDate } from "../dates";
import { InvalidTransition, NotFound } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { recordCreation } from "../state-machine.server";
import { certificateState } from "../alliances/suppliers.server";
import { findRequest, isSealed, type RequestWithBands } from "./requests.server";
import { versionsOf } from "./supplier-link.server";

/** How long the members have to pledge, by default, in the campaign an award drafts (the coordinator edits it). */
export const AWARD_PLEDGE_DAYS = 7;

/** The supplier's product for the request's goods (same barcode and pack), made if it has none. */
function supplierProductFor(tx: WriteTx, ctx: Ctx, supplierId: string, request: RequestWithBands, now: number) {
  const barcode = request.barcodes[0] ?? null;
  const existing = tx
    .select()
    .from(supplierProducts)
    .where(and(eq(supplierProducts.orgId, ctx.org.id), eq(supplierProducts.supplierId, supplierId)))
    .all()
    .find((p) => p.packSize === request.packSize && (barcode ? p.barcode === barcode : p.name === request.title));
  if (existing) return existing;
  const row = {
    id: newId(),
    orgId: ctx.org.id,
    supplierId,
    name: request.title,
    barcode,
    spec: request.spec,
    baseUnit: request.baseUnit,
    packUnit: request.packUnit,
    packSize: request.packSize,
    createdAt: now,
  };
  tx.insert(supplierProducts).values(row).run();
  return row;
}

/**
 * Award: the winning quote's latest version becomes a DRAFT campaign — its band prices the tiers,
 * its minimum the MOQ (at least the first band), the supplier's product, the supplier's
 * certificates that have not expired linked — which the coordinator edits and opens as any other.
 * The campaign keeps its origin (request, quote, version). The winner's link page says it won; the
 * others' say, politely, that another offer was chosen. After the deadline only; once.
 */
export function awardQuote(
  ctx: Ctx,
  rfqId: string,
  input: { requestId: string; quoteId: string },
): { campaignId: string } {
  requirePermission(ctx, "rfq.award");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `award:${input.requestId}`, "rfq.award", () => {
      const request = findRequest(tx, ctx, rfqId);
      if (request.status !== "open") throw new InvalidTransition("negotiation.notOpen");
      if (isSealed(request, now)) throw new InvalidTransition("negotiation.sealed");
      const quote = tx
        .select()
        .from(quotes)
        .where(and(eq(quotes.id, input.quoteId), eq(quotes.requestId, rfqId), eq(quotes.orgId, ctx.org.id)))
        .get();
      const version = quote ? versionsOf(tx, ctx.org.id, quote.id).at(-1) : undefined;
      if (!quote || !version) throw new NotFound("negotiation.quoteNotFound");
      const product = supplierProductFor(tx, ctx, quote.supplierId, request, now);
      const campaignId = newId();
      const deadlineAt = now + AWARD_PLEDGE_DAYS * DAY_MS;
      tx.insert(campaigns)
        .values({
          id: campaignId,
          orgId: ctx.org.id,
          supplierId: quote.supplierId,
          supplierProductId: product.id,
          title: request.title,
          description: request.qualityNote ?? "",
          productName: product.name,
          barcode: product.barcode,
          baseUnit: product.baseUnit,
          packUnit: product.packUnit,
          packSize: product.packSize,
          moqPacks: Math.max(version.minimumPacks, version.bands[0].minPacks),
          capPacks: null,
          deadlineAt,
          distributorOrgId: null,
          distributorProductId: null,
          expectedDeliveryDate: addDays(shanghaiDate(deadlineAt), Math.max(1, version.leadTimeDays)),
          depositBp: 0,
          status: "draft",
          createdBy: ctx.actor.kind === "person" ? ctx.actor.id : null,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      for (const band of version.bands)
        tx.insert(campaignTiers)
          .values({ campaignId, orgId: ctx.org.id, minPacks: band.minPacks, priceFen: band.priceFen })
          .run();
      recordCreation(tx, ctx, "campaign", campaignId, "draft");
      tx.insert(campaignOrigins)
        .values({ campaignId, orgId: ctx.org.id, requestId: rfqId, quoteId: quote.id, versionId: version.id })
        .run();
      const today = shanghaiDate(now);
      const certs = tx
        .select({ id: supplierCertificates.id, validUntil: supplierCertificates.validUntil })
        .from(supplierCertificates)
        .where(and(eq(supplierCertificates.orgId, ctx.org.id), eq(supplierCertificates.supplierId, quote.supplierId)))
        .all()
        .filter((c) => certificateState(c.validUntil, today) !== "expired");
      for (const c of certs)
        tx.insert(campaignCertificates).values({ campaignId, certificateId: c.id, orgId: ctx.org.id }).run();
      const moved = tx
        .update(quoteRequests)
        .set({ status: "awarded", awardedQuoteId: quote.id, campaignId, updatedAt: now })
        .where(and(eq(quoteRequests.id, rfqId), eq(quoteRequests.orgId, ctx.org.id), eq(quoteRequests.status, "open")))
        .run();
      if (moved.changes !== 1) throw new InvalidTransition("negotiation.notOpen");
      tx.update(quoteInvitations)
        .set({ outcome: "awarded" })
        .where(and(eq(quoteInvitations.id, quote.invitationId), eq(quoteInvitations.orgId, ctx.org.id)))
        .run();
      tx.update(quoteInvitations)
        .set({ outcome: "declined" })
        .where(
          and(
            eq(quoteInvitations.requestId, rfqId),
            eq(quoteInvitations.orgId, ctx.org.id),
            ne(quoteInvitations.id, quote.invitationId),
          ),
        )
        .run();
      return { campaignId };
    }),
  );
}
