import { and, asc, desc, eq } from "drizzle-orm";
import {
  counterRoundInvitations,
  counterRounds,
  quoteInvitations,
  quoteRequests,
  quoteVersions,
  quotes,
  suppliers,
} from "@db/schema";
import type { Ctx } from "../context.server";
import { findRequest, isSealed, withBands } from "./requests.server";

/** The alliance's requests, newest first. */
export function listRequests(ctx: Ctx) {
  return ctx.db
    .select()
    .from(quoteRequests)
    .where(eq(quoteRequests.orgId, ctx.org.id))
    .orderBy(desc(quoteRequests.createdAt))
    .all()
    .map((r) => withBands(ctx.db, r));
}

/**
 * One request as the coordinator sees it: the terms, the demand evidence (exact: these are its own
 * members), who was invited and whether each has answered and how often — but before the deadline
 * no price: the comparison is `compareQuotes`, which refuses while sealed. Then the whole
 * negotiation in order (sent, versions, rounds, award).
 */
export function requestDetail(ctx: Ctx, rfqId: string) {
  const request = findRequest(ctx.db, ctx, rfqId);
  const now = ctx.clock.now();
  const invitations = ctx.db
    .select({
      id: quoteInvitations.id,
      supplierId: quoteInvitations.supplierId,
      supplierName: suppliers.name,
      expiresAt: quoteInvitations.expiresAt,
      outcome: quoteInvitations.outcome,
      quoteId: quotes.id,
    })
    .from(quoteInvitations)
    .innerJoin(suppliers, eq(suppliers.id, quoteInvitations.supplierId))
    .leftJoin(quotes, eq(quotes.invitationId, quoteInvitations.id))
    .where(and(eq(quoteInvitations.requestId, rfqId), eq(quoteInvitations.orgId, ctx.org.id)))
    .orderBy(asc(suppliers.name))
    .all()
    .map((inv) => {
      const versions = inv.quoteId
        ? ctx.db
            .select({
              version: quoteVersions.version,
              submittedAt: quoteVersions.submittedAt,
              roundId: quoteVersions.roundId,
            })
            .from(quoteVersions)
            .where(and(eq(quoteVersions.quoteId, inv.quoteId), eq(quoteVersions.orgId, ctx.org.id)))
            .orderBy(asc(quoteVersions.version))
            .all()
        : [];
      return { ...inv, versions };
    });
  const rounds = ctx.db
    .select()
    .from(counterRounds)
    .where(and(eq(counterRounds.requestId, rfqId), eq(counterRounds.orgId, ctx.org.id)))
    .orderBy(asc(counterRounds.number))
    .all()
    .map((r) => ({
      ...r,
      invitationIds: ctx.db
        .select({ id: counterRoundInvitations.invitationId })
        .from(counterRoundInvitations)
        .where(and(eq(counterRoundInvitations.roundId, r.id), eq(counterRoundInvitations.orgId, ctx.org.id)))
        .all()
        .map((x) => x.id),
    }));
  type Event = {
    at: number;
    kind: "sent" | "version" | "round" | "award";
    supplier?: string;
    n?: number;
    message?: string;
  };
  const history: Event[] = [];
  if (request.sentAt) history.push({ at: request.sentAt, kind: "sent" });
  for (const inv of invitations)
    for (const v of inv.versions)
      history.push({ at: v.submittedAt, kind: "version", supplier: inv.supplierName, n: v.version });
  for (const r of rounds) history.push({ at: r.createdAt, kind: "round", n: r.number, message: r.message });
  if (request.status === "awarded") {
    const winner = invitations.find((i) => i.outcome === "awarded");
    history.push({ at: request.updatedAt, kind: "award", supplier: winner?.supplierName });
  }
  history.sort((a, b) => a.at - b.at);
  return { request, invitations, rounds, history, sealed: isSealed(request, now) };
}
