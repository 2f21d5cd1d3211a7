import { and, eq, sql } from "drizzle-orm";
import { quoteVersionPrices, quoteVersions, quotes } from "@db/schema";
import type { MessageKey, MessageParams } from "~/i18n/messages";
import { inTransaction, type WriteTx } from "../context.server";
import { shanghaiDate } from "../dates";
import { Conflict, Invalid } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { validateTiers } from "../alliances/tiers";
import type { QuoteInput } from "./fields.server";
import type { RequestWithBands } from "./requests.server";
import { answerWindow, linkRequest, linkScope, quoteOf, type SupplierLink } from "./supplier-link.server";

const bad = (field: string, key: MessageKey, params: MessageParams = {}) => new Invalid(key, params, { [field]: key });

/**
 * A quote's rules: a positive price for every band of the request, each band cheaper than the
 * one before (a tier above the previous one is refused), a fallback price (if any) no lower than
 * its band's, a validity that reaches at least the deadline's day, an alternative offer with its
 * own breaks that obey the campaign tier rules.
 */
export function checkQuote(input: QuoteInput, request: Pick<RequestWithBands, "bands" | "deadlineAt">, today: string) {
  if (input.prices.length !== request.bands.length)
    throw bad("price0", "negotiation.pricePerBand", { count: request.bands.length });
  input.prices.forEach((price, i) => {
    if (!Number.isInteger(price) || price < 1) throw bad(`price${i}`, "negotiation.priceInvalid");
    if (i > 0 && price >= input.prices[i - 1])
      throw bad(`price${i}`, "negotiation.tierAbovePrevious", { band: request.bands[i] });
    const fallback = input.fallbacks[i];
    if (fallback !== null && fallback !== undefined && (!Number.isInteger(fallback) || fallback < price))
      throw bad(`fallback${i}`, "negotiation.fallbackBelowPrice");
  });
  if (!Number.isInteger(input.minimumPacks) || input.minimumPacks < 1) throw bad("minimumPacks", "validation.positive");
  if (!Number.isInteger(input.leadTimeDays) || input.leadTimeDays < 0 || input.leadTimeDays > 365)
    throw bad("leadTimeDays", "validation.invalid");
  if (!Number.isInteger(input.paymentTermsDays) || input.paymentTermsDays < 0 || input.paymentTermsDays > 180)
    throw bad("paymentTermsDays", "validation.invalid");
  if (!Number.isInteger(input.deliveryFen) || input.deliveryFen < 0)
    throw bad("deliveryFen", "negotiation.priceInvalid");
  const deadlineDay = shanghaiDate(request.deadlineAt);
  if (input.validUntil < deadlineDay || input.validUntil < today)
    throw bad("validUntil", "negotiation.validityBeforeDeadline", { date: deadlineDay });
  if (input.alternative.length > 0) {
    const errors = validateTiers(input.alternative);
    if (errors.length > 0) throw bad("altPacks0", errors[0]);
  }
}

/** The supplier's quote row for this invitation, made on first use. */
export function ensureQuote(tx: WriteTx, link: SupplierLink, now: number): string {
  const found = quoteOf(tx, link);
  if (found) return found.id;
  const id = newId();
  tx.insert(quotes)
    .values({
      id,
      orgId: link.orgId,
      requestId: link.requestId,
      invitationId: link.invitationId,
      supplierId: link.supplierId,
      createdAt: now,
    })
    .run();
  return id;
}

/**
 * The supplier submits (or revises) its quote: a new version, never an edit of an earlier one.
 * Until the deadline, or after it while a counter round addressed to it takes answers (the
 * version then answers that round). Once per form; any refusal writes nothing.
 */
export function submitQuote(link: SupplierLink, input: QuoteInput): { versionId: string; version: number } {
  const now = link.clock.now();
  return inTransaction(link.db, (tx) =>
    once(tx, linkScope(link), `quote:${link.invitationId}:${input.requestId}`, "quote.submit", () => {
      const request = linkRequest(tx, link);
      const window = answerWindow(tx, link, request);
      if (!window.open) throw new Conflict("negotiation.closedForQuotes");
      checkQuote(input, request, shanghaiDate(now));
      const quoteId = ensureQuote(tx, link, now);
      const last = tx
        .select({ n: sql<number>`coalesce(max(${quoteVersions.version}), 0)` })
        .from(quoteVersions)
        .where(and(eq(quoteVersions.quoteId, quoteId), eq(quoteVersions.orgId, link.orgId)))
        .get();
      const version = (last?.n ?? 0) + 1;
      const versionId = newId();
      tx.insert(quoteVersions)
        .values({
          id: versionId,
          orgId: link.orgId,
          quoteId,
          version,
          minimumPacks: input.minimumPacks,
          leadTimeDays: input.leadTimeDays,
          validUntil: input.validUntil,
          paymentTermsDays: input.paymentTermsDays,
          deliveryFen: input.deliveryFen,
          note: input.note,
          roundId: window.roundId,
          submittedAt: now,
        })
        .run();
      request.bands.forEach((minPacks, i) =>
        tx
          .insert(quoteVersionPrices)
          .values({
            versionId,
            orgId: link.orgId,
            kind: "band",
            minPacks,
            priceFen: input.prices[i],
            fallbackPriceFen: input.fallbacks[i] ?? null,
          })
          .run(),
      );
      for (const tier of input.alternative)
        tx.insert(quoteVersionPrices)
          .values({ versionId, orgId: link.orgId, kind: "alt", ...tier })
          .run();
      tx.update(quotes)
        .set({ draft: null, draftSavedAt: null })
        .where(and(eq(quotes.id, quoteId), eq(quotes.orgId, link.orgId)))
        .run();
      return { versionId, version };
    }),
  );
}
