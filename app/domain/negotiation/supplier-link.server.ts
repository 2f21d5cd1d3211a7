import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import {
  counterRoundInvitations,
  counterRounds,
  organisations,
  quoteInvitations,
  quoteRequests,
  quoteVersionPrices,
  quoteVersions,
  quotes,
  suppliers,
  uploadedFiles,
} from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import type { Clock } from "../dates";
import { DomainError, NotFound } from "../errors";
import { supplierEvidence } from "./figures";
import { tokenHash, verifyInvitationToken } from "./link-token.server";
import { withBands } from "./requests.server";

// THE SUPPLIER'S SIDE (decision 036). A supplier has no account: the signed link is the
// credential, and a `SupplierLink` is what a verified, unexpired link names — one invitation of
// one alliance. The supplier verbs take it instead of a Ctx and reach only that invitation's quote,
// so the person permission table does not apply to them and they are not in it.

export type SupplierLink = {
  db: Db;
  clock: Clock;
  orgId: string;
  invitationId: string;
  requestId: string;
  supplierId: string;
  expiresAt: number;
};

/** A link past its expiry: 410, so the page can say "ask the alliance for a new link". */
export class LinkExpired extends DomainError {
  constructor() {
    super(410, "negotiation.link.expired");
  }
}

/**
 * Forged, altered, replaced (a new link was made) or unknown: a 404 that says no more. Expired:
 * a 410. The signature is checked before the database is read.
 */
export function openSupplierLink(db: Db, clock: Clock, token: string): SupplierLink {
  const claim = verifyInvitationToken(token);
  if (!claim) throw new NotFound("negotiation.link.invalid");
  const invitation = db
    .select()
    .from(quoteInvitations)
    .where(and(eq(quoteInvitations.id, claim.invitationId), eq(quoteInvitations.tokenHash, tokenHash(token))))
    .get();
  if (!invitation) throw new NotFound("negotiation.link.invalid");
  const now = clock.now();
  if (claim.expiresAt <= now || invitation.expiresAt <= now) throw new LinkExpired();
  return {
    db,
    clock,
    orgId: invitation.orgId,
    invitationId: invitation.id,
    requestId: invitation.requestId,
    supplierId: invitation.supplierId,
    expiresAt: invitation.expiresAt,
  };
}

/**
 * For `once` and the other org-scoped helpers: the alliance the link belongs to, on the link's
 * clock and connection. `once` prepares its queries on `ctx.db` and requires the transaction to be
 * open there, so the scope carries `link.db`, the connection `inTransaction(link.db, …)` runs on.
 */
export const linkScope = (link: SupplierLink) =>
  ({ db: link.db, org: { id: link.orgId, kind: "alliance", name: "" }, clock: link.clock }) as unknown as Ctx;

export function linkRequest(db: Db | WriteTx, link: SupplierLink) {
  const row = db
    .select()
    .from(quoteRequests)
    .where(and(eq(quoteRequests.id, link.requestId), eq(quoteRequests.orgId, link.orgId)))
    .get();
  if (!row) throw new NotFound("negotiation.link.invalid");
  return withBands(db, row);
}

/** The counter round addressed to this invitation that is still taking answers, if any. */
export function openRoundFor(db: Db | WriteTx, link: SupplierLink, now: number) {
  return (
    db
      .select({
        id: counterRounds.id,
        number: counterRounds.number,
        message: counterRounds.message,
        answerBy: counterRounds.answerBy,
      })
      .from(counterRounds)
      .innerJoin(counterRoundInvitations, eq(counterRoundInvitations.roundId, counterRounds.id))
      .where(and(eq(counterRoundInvitations.invitationId, link.invitationId), eq(counterRounds.orgId, link.orgId)))
      .orderBy(desc(counterRounds.number))
      .all()
      .find((r) => r.answerBy > now) ?? null
  );
}

/** Whether the supplier may still save or submit: before the deadline, or while a round asks it. */
export function answerWindow(db: Db | WriteTx, link: SupplierLink, request: { status: string; deadlineAt: number }) {
  const now = link.clock.now();
  if (request.status !== "open") return { open: false as const, roundId: null };
  if (now < request.deadlineAt) return { open: true as const, roundId: null };
  const round = openRoundFor(db, link, now);
  return round ? { open: true as const, roundId: round.id } : { open: false as const, roundId: null };
}

export function quoteOf(db: Db | WriteTx, link: SupplierLink) {
  return (
    db
      .select()
      .from(quotes)
      .where(and(eq(quotes.invitationId, link.invitationId), eq(quotes.orgId, link.orgId)))
      .get() ?? null
  );
}

/** The versions of one quote, oldest first, each with its prices. */
export function versionsOf(db: Db | WriteTx, orgId: string, quoteId: string) {
  const versions = db
    .select()
    .from(quoteVersions)
    .where(and(eq(quoteVersions.quoteId, quoteId), eq(quoteVersions.orgId, orgId)))
    .orderBy(asc(quoteVersions.version))
    .all();
  return versions.map((v) => {
    const prices = db
      .select()
      .from(quoteVersionPrices)
      .where(and(eq(quoteVersionPrices.versionId, v.id), eq(quoteVersionPrices.orgId, orgId)))
      .orderBy(asc(quoteVersionPrices.minPacks))
      .all();
    return {
      ...v,
      bands: prices.filter((p) => p.kind === "band"),
      alternative: prices.filter((p) => p.kind === "alt"),
    };
  });
}
export type VersionWithPrices = ReturnType<typeof versionsOf>[number];

/**
 * What the supplier's page shows: the request (demand as ranges only), the deadline, its own
 * draft, versions and files, the rounds addressed to it and the outcome. Nothing of any other
 * supplier: every read below is keyed by this link's invitation.
 */
export function supplierView(link: SupplierLink) {
  const { db } = link;
  const now = link.clock.now();
  const request = linkRequest(db, link);
  const alliance = db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, link.orgId))
    .get();
  const supplier = db
    .select({ name: suppliers.name })
    .from(suppliers)
    .where(and(eq(suppliers.id, link.supplierId), eq(suppliers.orgId, link.orgId)))
    .get();
  const invitation = db
    .select({ outcome: quoteInvitations.outcome, outcomeMessage: quoteInvitations.outcomeMessage })
    .from(quoteInvitations)
    .where(eq(quoteInvitations.id, link.invitationId))
    .get();
  const quote = quoteOf(db, link);
  const rounds = db
    .select({
      id: counterRounds.id,
      number: counterRounds.number,
      message: counterRounds.message,
      answerBy: counterRounds.answerBy,
    })
    .from(counterRounds)
    .innerJoin(counterRoundInvitations, eq(counterRoundInvitations.roundId, counterRounds.id))
    .where(and(eq(counterRoundInvitations.invitationId, link.invitationId), eq(counterRounds.orgId, link.orgId)))
    .orderBy(asc(counterRounds.number))
    .all();
  const files = db
    .select({
      id: uploadedFiles.id,
      kind: uploadedFiles.kind,
      fileName: uploadedFiles.fileName,
      bytes: uploadedFiles.bytes,
    })
    .from(uploadedFiles)
    .where(and(eq(uploadedFiles.invitationId, link.invitationId), eq(uploadedFiles.orgId, link.orgId)))
    .orderBy(asc(uploadedFiles.createdAt))
    .all();
  const window = answerWindow(db, link, request);
  return {
    allianceName: alliance?.name ?? "",
    supplierName: supplier?.name ?? "",
    request: {
      title: request.title,
      category: request.category,
      spec: request.spec,
      baseUnit: request.baseUnit,
      packUnit: request.packUnit,
      packSize: request.packSize,
      brands: request.brands,
      certificatesRequired: request.certificatesRequired,
      qualityNote: request.qualityNote,
      delivery: request.delivery,
      deliveryNote: request.deliveryNote,
      paymentTermsDays: request.paymentTermsDays,
      deadlineAt: request.deadlineAt,
      status: request.status,
      bands: request.bands,
    },
    evidence: request.evidence ? supplierEvidence(request.evidence, request.bands) : null,
    draft: quote?.draft ? (JSON.parse(quote.draft) as Record<string, string>) : null,
    draftSavedAt: quote?.draftSavedAt ?? null,
    versions: quote ? versionsOf(db, link.orgId, quote.id) : [],
    rounds: rounds.map((r) => ({ ...r, open: r.answerBy > now })),
    files,
    outcome: invitation?.outcome ?? null,
    outcomeMessage: invitation?.outcomeMessage ?? null,
    canAnswer: window.open,
    roundId: window.roundId,
    expiresAt: link.expiresAt,
  };
}
