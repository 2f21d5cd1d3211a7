import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { allianceMembers, organisations } from "@db/schema";
import type { MembershipStatus } from "@db/schema/alliance-enums";
import { inTransaction, type Ctx } from "../context.server";
import { Conflict, InvalidTransition, NotFound } from "../errors";
import { newId } from "../ids.server";
import { requirePermission } from "../permission-check.server";

/**
 * A store owner asks to join an alliance of its county. Asking again after a rejection or a
 * removal re-opens the request (the pair is unique); asking while requested or active is a no-op.
 */
export function applyToAlliance(ctx: Ctx, allianceOrgId: string): { memberId: string; status: MembershipStatus } {
  requirePermission(ctx, "membership.apply");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) => {
    const store = tx
      .select({ countyCode: organisations.countyCode })
      .from(organisations)
      .where(eq(organisations.id, ctx.org.id))
      .get();
    const alliance = tx
      .select({ id: organisations.id, countyCode: organisations.countyCode })
      .from(organisations)
      .where(and(eq(organisations.id, allianceOrgId), eq(organisations.kind, "alliance")))
      .get();
    if (!alliance || alliance.countyCode !== store?.countyCode) throw new NotFound();
    const existing = tx
      .select()
      .from(allianceMembers)
      .where(and(eq(allianceMembers.allianceOrgId, allianceOrgId), eq(allianceMembers.storeOrgId, ctx.org.id)))
      .get();
    if (existing && (existing.status === "requested" || existing.status === "active")) {
      return { memberId: existing.id, status: existing.status };
    }
    if (existing) {
      tx.update(allianceMembers)
        .set({ status: "requested", requestedAt: now, decidedAt: null, decidedBy: null, note: null })
        .where(eq(allianceMembers.id, existing.id))
        .run();
      return { memberId: existing.id, status: "requested" };
    }
    const id = newId();
    tx.insert(allianceMembers)
      .values({ id, allianceOrgId, storeOrgId: ctx.org.id, status: "requested", requestedAt: now })
      .run();
    return { memberId: id, status: "requested" };
  });
}

/** Alliances of the store's county with the store's membership status in each (null = never applied). */
export function alliancesForStore(storeCtx: Ctx) {
  const store = storeCtx.db
    .select({ countyCode: organisations.countyCode })
    .from(organisations)
    .where(eq(organisations.id, storeCtx.org.id))
    .get();
  const mine = storeCtx.db
    .select({
      allianceOrgId: allianceMembers.allianceOrgId,
      status: allianceMembers.status,
      requestedAt: allianceMembers.requestedAt,
    })
    .from(allianceMembers)
    .where(eq(allianceMembers.storeOrgId, storeCtx.org.id))
    .all();
  const byAlliance = new Map(mine.map((m) => [m.allianceOrgId, m]));
  const inCounty = store?.countyCode
    ? storeCtx.db
        .select({
          id: organisations.id,
          name: organisations.name,
          county: organisations.county,
          contactPhone: organisations.contactPhone,
        })
        .from(organisations)
        .where(and(eq(organisations.kind, "alliance"), eq(organisations.countyCode, store.countyCode)))
        .orderBy(asc(organisations.name))
        .all()
    : [];
  return inCounty.map((a) => ({ ...a, status: byAlliance.get(a.id)?.status ?? null }));
}

export type MemberDecision = "approve" | "reject" | "remove" | "reinstate";

const MOVES: Record<MemberDecision, { from: MembershipStatus[]; to: MembershipStatus }> = {
  approve: { from: ["requested"], to: "active" },
  reject: { from: ["requested"], to: "rejected" },
  remove: { from: ["active"], to: "removed" },
  reinstate: { from: ["removed", "rejected"], to: "active" },
};

/** The coordinator decides on a request or removes a member. A removed member can no longer pledge. */
export function decideMembership(ctx: Ctx, memberId: string, decision: MemberDecision, note: string | null = null) {
  requirePermission(ctx, "membership.decide");
  const now = ctx.clock.now();
  return inTransaction(ctx.db, (tx) => {
    const row = tx
      .select()
      .from(allianceMembers)
      .where(and(eq(allianceMembers.id, memberId), eq(allianceMembers.allianceOrgId, ctx.org.id)))
      .get();
    if (!row) throw new NotFound();
    const move = MOVES[decision];
    if (row.status === move.to) return { memberId, status: row.status };
    if (!move.from.includes(row.status)) throw new InvalidTransition("alliance.member.cannot");
    const changed = tx
      .update(allianceMembers)
      .set({ status: move.to, decidedAt: now, decidedBy: ctx.actor.id, note })
      .where(
        and(
          eq(allianceMembers.id, memberId),
          eq(allianceMembers.allianceOrgId, ctx.org.id),
          eq(allianceMembers.status, row.status),
        ),
      )
      .run();
    if (changed.changes !== 1) throw new Conflict("error.invalidTransition");
    return { memberId, status: move.to };
  });
}

export function listMembers(ctx: Ctx, statuses?: MembershipStatus[]) {
  return ctx.db
    .select({
      id: allianceMembers.id,
      storeOrgId: allianceMembers.storeOrgId,
      status: allianceMembers.status,
      requestedAt: allianceMembers.requestedAt,
      decidedAt: allianceMembers.decidedAt,
      note: allianceMembers.note,
      name: organisations.name,
      village: organisations.village,
      township: organisations.township,
      contactPhone: organisations.contactPhone,
    })
    .from(allianceMembers)
    .innerJoin(organisations, eq(organisations.id, allianceMembers.storeOrgId))
    .where(
      and(
        eq(allianceMembers.allianceOrgId, ctx.org.id),
        statuses ? inArray(allianceMembers.status, statuses) : undefined,
      ),
    )
    .orderBy(asc(allianceMembers.status), desc(allianceMembers.requestedAt))
    .all();
}
