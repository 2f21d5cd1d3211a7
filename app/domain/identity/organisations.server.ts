import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@db/client";
import { memberships, organisations, users, type OrgKind, type Role } from "@db/schema";
import { inTransaction, type Ctx, type UserCtx } from "../context.server";
import { Conflict, NotFound } from "../errors";
import { text } from "../fields.server";
import { newId } from "../ids.server";
import { phoneField, placeSchema } from "./fields.server";
import { setActiveOrg } from "./sessions.server";
import { placeCodeFor } from "../county/places.server";
import { requirePermission } from "../permission-check.server";
import { preparedFor } from "../prepared.server";

export type Membership = { orgId: string; kind: OrgKind; name: string; role: Role; village: string | null };

const membershipColumns = {
  orgId: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  role: memberships.role,
  village: organisations.village,
};

// Every page's guard and layout ask these: prepared once per database (decision 033).
const queries = preparedFor((db) => ({
  all: db
    .select(membershipColumns)
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(eq(memberships.userId, sql.placeholder("userId")))
    .orderBy(asc(organisations.kind), asc(organisations.name))
    .prepare(),
  one: db
    .select(membershipColumns)
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.orgId))
    .where(and(eq(memberships.userId, sql.placeholder("userId")), eq(memberships.orgId, sql.placeholder("orgId"))))
    .prepare(),
}));

export function listMemberships(db: Db, userId: string): Membership[] {
  return queries(db).all.all({ userId });
}

export function findMembership(db: Db, userId: string, orgId: string): Membership | null {
  return queries(db).one.get({ userId, orgId }) ?? null;
}

export const createStoreSchema = placeSchema.extend({ name: text(40) });
export type CreateStoreInput = z.infer<typeof createStoreSchema>;

/** A shopkeeper opens a store and becomes its owner; an owner may run several. */
export function createStore(ctx: UserCtx, input: CreateStoreInput): { orgId: string } {
  return inTransaction(ctx.db, (tx) => {
    const orgId = newId();
    const now = ctx.clock.now();
    tx.insert(organisations)
      .values({
        id: orgId,
        kind: "store",
        ...input,
        placeCode: placeCodeFor(tx as unknown as Db, input),
        createdAt: now,
      })
      .run();
    tx.insert(memberships).values({ id: newId(), orgId, userId: ctx.actor.id, role: "owner", createdAt: now }).run();
    return { orgId };
  });
}

export const addClerkSchema = z.object({ phone: phoneField() });

/** The clerk must have signed up already: an owner cannot create accounts for other people. */
export function addClerk(ctx: Ctx, input: z.infer<typeof addClerkSchema>): { userId: string; name: string } {
  requirePermission(ctx, "org.addClerk");
  return inTransaction(ctx.db, (tx) => {
    const user = tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.phone, input.phone)).get();
    if (!user) throw new NotFound("team.noSuchUser");
    const existing = tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, user.id)))
      .get();
    if (existing) throw new Conflict("team.alreadyMember", {}, { phone: "team.alreadyMember" });
    tx.insert(memberships)
      .values({ id: newId(), orgId: ctx.org.id, userId: user.id, role: "clerk", createdAt: ctx.clock.now() })
      .run();
    return { userId: user.id, name: user.name };
  });
}

export function listTeam(ctx: Ctx) {
  return (
    ctx.db
      .select({ userId: users.id, name: users.name, phone: users.phone, role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.orgId, ctx.org.id))
      // Owners first, then by joining; the id settles members who joined in the same millisecond.
      .orderBy(sql`${memberships.role} != 'owner'`, asc(memberships.createdAt), asc(memberships.id))
      .all()
  );
}

/** Makes `orgId` the session's organisation; someone else's organisation is simply not found. */
export function switchOrg(ctx: UserCtx, sessionId: string, orgId: string): Membership {
  const membership = findMembership(ctx.db, ctx.actor.id, orgId);
  if (!membership || !setActiveOrg(ctx.db, ctx.actor.id, sessionId, orgId)) throw new NotFound();
  return membership;
}

/** A second store is usually near the first: offer the place of the person's latest store. */
export function suggestedPlace(ctx: UserCtx) {
  return (
    ctx.db
      .select({
        province: organisations.province,
        city: organisations.city,
        county: organisations.county,
        countyCode: organisations.countyCode,
        township: organisations.township,
      })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.orgId))
      .where(and(eq(memberships.userId, ctx.actor.id), eq(organisations.kind, "store")))
      .orderBy(desc(organisations.createdAt))
      .get() ?? null
  );
}
