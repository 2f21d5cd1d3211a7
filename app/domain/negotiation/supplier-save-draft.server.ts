import { and, eq } from "drizzle-orm";
import { quotes } from "@db/schema";
import { inTransaction } from "../context.server";
import { Conflict } from "../errors";
import { ensureQuote } from "./supplier-submit-quote.server";
import { answerWindow, linkRequest, type SupplierLink } from "./supplier-link.server";

/**
 * The supplier keeps a draft of its quote (as typed, unchecked): it is the supplier's alone — the
 * alliance never reads it — and submitting replaces it with a version.
 */
export function saveQuoteDraft(link: SupplierLink, draft: Record<string, string>): { saved: true } {
  const now = link.clock.now();
  return inTransaction(link.db, (tx) => {
    const request = linkRequest(tx, link);
    if (!answerWindow(tx, link, request).open) throw new Conflict("negotiation.closedForQuotes");
    const quoteId = ensureQuote(tx, link, now);
    tx.update(quotes)
      .set({ draft: JSON.stringify(draft), draftSavedAt: now })
      .where(and(eq(quotes.id, quoteId), eq(quotes.orgId, link.orgId)))
      .run();
    return { saved: true as const };
  });
}
