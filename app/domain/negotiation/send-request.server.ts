import { and, eq, inArray } from "drizzle-orm";
import { quoteInvitations, quoteRequests, suppliers } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { DAY_MS } from "../dates";
import { Invalid, InvalidTransition, NotFound } from "../errors";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";
import { pooledDemand } from "./demand-evidence.server";
import { findRequest } from "./requests.server";
import { signInvitationToken, tokenHash } from "./link-token.server";

/** A link works this long after the deadline: for counter rounds and to read the outcome. */
export const LINK_DAYS_AFTER_DEADLINE = 30;

export type IssuedLink = { invitationId: string; supplierId: string; supplierName: string; token: string };

/**
 * Writes an invitation (or gives an existing one a new link, voiding the old) and returns the
 * token. The token itself is never stored (only its hash), nor kept as an idempotent answer: it
 * is shown once, and 「重新生成链接」 makes another if it is lost.
 */
export function issueLink(
  tx: WriteTx,
  ctx: Ctx,
  request: { id: string; deadlineAt: number },
  supplier: { id: string; name: string },
): IssuedLink {
  const now = ctx.clock.now();
  const expiresAt = request.deadlineAt + LINK_DAYS_AFTER_DEADLINE * DAY_MS;
  const existing = tx
    .select({ id: quoteInvitations.id })
    .from(quoteInvitations)
    .where(
      and(
        eq(quoteInvitations.requestId, request.id),
        eq(quoteInvitations.supplierId, supplier.id),
        eq(quoteInvitations.orgId, ctx.org.id),
      ),
    )
    .get();
  const invitationId = existing?.id ?? newId();
  const token = signInvitationToken(invitationId, expiresAt);
  if (existing) {
    tx.update(quoteInvitations)
      .set({ tokenHash: tokenHash(token), expiresAt })
      .where(and(eq(quoteInvitations.id, invitationId), eq(quoteInvitations.orgId, ctx.org.id)))
      .run();
  } else {
    tx.insert(quoteInvitations)
      .values({
        id: invitationId,
        orgId: ctx.org.id,
        requestId: request.id,
        supplierId: supplier.id,
        tokenHash: tokenHash(token),
        expiresAt,
        createdAt: now,
      })
      .run();
  }
  return { invitationId, supplierId: supplier.id, supplierName: supplier.name, token };
}

/** The chosen suppliers, in the order they were chosen (the form's, so the links read as the list did). */
export function suppliersOf(tx: WriteTx, ctx: Ctx, supplierIds: string[]) {
  const chosen = [...new Set(supplierIds)];
  const found = tx
    .select({ id: suppliers.id, name: suppliers.name })
    .from(suppliers)
    .where(and(eq(suppliers.orgId, ctx.org.id), inArray(suppliers.id, chosen)))
    .all();
  if (found.length !== chosen.length)
    throw new Invalid("negotiation.supplierUnknown", {}, { supplierIds: "negotiation.supplierUnknown" });
  return found.sort((a, b) => chosen.indexOf(a.id) - chosen.indexOf(b.id));
}

/**
 * Sends a draft: the pooled-demand evidence is computed now and kept with the request (suppliers
 * price what it said when they were asked), the request opens, and each chosen supplier gets its
 * link. Returns the links (shown once).
 */
export function sendRequest(ctx: Ctx, rfqId: string, supplierIds: string[]): { links: IssuedLink[] } {
  requirePermission(ctx, "rfq.send");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) => {
    const request = findRequest(tx, ctx, rfqId);
    if (request.status !== "draft") throw new InvalidTransition("negotiation.notDraft");
    if (request.deadlineAt <= now)
      throw new Invalid("alliance.campaign.deadlinePast", {}, { deadlineDate: "alliance.campaign.deadlinePast" });
    if (request.bands.length === 0) throw new Invalid("negotiation.bandsNone");
    const chosen = suppliersOf(tx, ctx, supplierIds);
    const evidence = pooledDemand(tx, ctx.org.id, { barcodes: request.barcodes, packSize: request.packSize }, now);
    const changed = tx
      .update(quoteRequests)
      .set({ status: "open", evidence: JSON.stringify(evidence), sentAt: now, updatedAt: now })
      .where(and(eq(quoteRequests.id, rfqId), eq(quoteRequests.orgId, ctx.org.id), eq(quoteRequests.status, "draft")))
      .run();
    if (changed.changes !== 1) throw new InvalidTransition("negotiation.notDraft");
    return { links: chosen.map((s) => issueLink(tx, ctx, request, s)) };
  });
}

/** Asks one more supplier on an open request, or gives an invited one a new link (the old one stops working). */
export function inviteSupplier(ctx: Ctx, rfqId: string, supplierId: string): IssuedLink {
  requirePermission(ctx, "rfq.send");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) => {
    const request = findRequest(tx, ctx, rfqId);
    if (request.status !== "open") throw new InvalidTransition("negotiation.notOpen");
    if (request.deadlineAt + LINK_DAYS_AFTER_DEADLINE * DAY_MS <= now)
      throw new InvalidTransition("negotiation.notOpen");
    const [supplier] = suppliersOf(tx, ctx, [supplierId]);
    if (!supplier) throw new NotFound();
    return issueLink(tx, ctx, request, supplier);
  });
}
