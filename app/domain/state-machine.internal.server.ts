import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { users } from "@db/schema";
import { stateTransitions } from "@db/schema/distribution";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locale";
import type { Entity } from "./state-machine.server";
import { renderReason } from "./timeline-reason";

// Reads by bare entity id, with no organisation filter (a transition carries the acting org, not
// the entity's owners): the caller — getOrder, getRun, the campaign detail — has already checked
// that the entity is its organisation's. Internal: routes and components cannot import it.

/**
 * Timelines of several entities of one kind, oldest first, keyed by entity id, each reason
 * rendered in `locale` (the reader's). The caller must already have checked that the entities
 * belong to (or are addressed to) its organisation: transitions carry the acting org. Ties
 * within a millisecond keep their insertion order.
 */
export function timelines(db: Db, entity: Entity, entityIds: string[], locale: Locale = DEFAULT_LOCALE) {
  if (entityIds.length === 0) return {};
  const rows = db
    .select({
      id: stateTransitions.id,
      entityId: stateTransitions.entityId,
      from: stateTransitions.fromState,
      to: stateTransitions.toState,
      reason: stateTransitions.reason,
      reasonKey: stateTransitions.reasonKey,
      reasonParams: stateTransitions.reasonParams,
      at: stateTransitions.at,
      actorName: users.name,
    })
    .from(stateTransitions)
    .leftJoin(users, eq(users.id, stateTransitions.actorId))
    .where(and(eq(stateTransitions.entity, entity), inArray(stateTransitions.entityId, entityIds)))
    .orderBy(asc(stateTransitions.at), asc(sql`${stateTransitions}.rowid`))
    .all();
  const byEntity: Record<string, TimelineStep[]> = {};
  for (const { reasonKey, reasonParams, ...row } of rows) {
    const step = { ...row, reason: renderReason(locale, { reason: row.reason, reasonKey, reasonParams }) };
    (byEntity[row.entityId] ??= []).push(step);
  }
  return byEntity;
}

export type TimelineStep = {
  id: string;
  entityId: string;
  from: string | null;
  to: string;
  reason: string | null;
  at: number;
  actorName: string | null;
};

export function timeline(db: Db, entity: Entity, entityId: string, locale: Locale = DEFAULT_LOCALE) {
  return timelines(db, entity, [entityId], locale)[entityId] ?? [];
}
