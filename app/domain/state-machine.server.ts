import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@db/client";
import { users } from "@db/schema";
import { stateTransitions } from "@db/schema/distribution";
import type { Ctx, WriteTx } from "./context.server";
import { InvalidTransition } from "./errors";
import { newId } from "./ids.server";
import type { Machine } from "./machines";

export type Entity = "order" | "run" | "campaign";

/**
 * Moves an entity from `from` to `to` if its machine allows it, and records who, when and why
 * in the caller's transaction. The caller updates the entity's own status column in the same
 * transaction (and should do so conditionally on `from`, so a concurrent change loses cleanly).
 */
export function recordTransition<S extends string>(
  tx: WriteTx,
  ctx: Ctx,
  machine: Machine<S>,
  {
    entity,
    entityId,
    from,
    to,
    reason = null,
  }: { entity: Entity; entityId: string; from: S; to: S; reason?: string | null },
): void {
  if (!machine.can(from, to)) throw new InvalidTransition("error.invalidTransition");
  tx.insert(stateTransitions)
    .values({
      id: newId(),
      entity,
      entityId,
      orgId: ctx.org.id,
      fromState: from,
      toState: to,
      actorId: ctx.actor.id,
      reason,
      at: Date.now(),
    })
    .run();
}

/** Records the first state of a new entity (no `from`). */
export function recordCreation(
  tx: WriteTx,
  ctx: Ctx,
  entity: Entity,
  entityId: string,
  to: string,
  reason: string | null = null,
) {
  tx.insert(stateTransitions)
    .values({
      id: newId(),
      entity,
      entityId,
      orgId: ctx.org.id,
      fromState: null,
      toState: to,
      actorId: ctx.actor.id,
      reason,
      at: Date.now(),
    })
    .run();
}

/**
 * Timelines of several entities of one kind, oldest first, keyed by entity id. The caller must
 * already have checked that the entities belong to (or are addressed to) its organisation:
 * transitions carry the acting org. Ties within a millisecond keep their insertion order.
 */
export function timelines(db: Db, entity: Entity, entityIds: string[]) {
  if (entityIds.length === 0) return {};
  const rows = db
    .select({
      id: stateTransitions.id,
      entityId: stateTransitions.entityId,
      from: stateTransitions.fromState,
      to: stateTransitions.toState,
      reason: stateTransitions.reason,
      at: stateTransitions.at,
      actorName: users.name,
    })
    .from(stateTransitions)
    .leftJoin(users, eq(users.id, stateTransitions.actorId))
    .where(and(eq(stateTransitions.entity, entity), inArray(stateTransitions.entityId, entityIds)))
    .orderBy(asc(stateTransitions.at), asc(sql`${stateTransitions}.rowid`))
    .all();
  const byEntity: Record<string, typeof rows> = {};
  for (const row of rows) (byEntity[row.entityId] ??= []).push(row);
  return byEntity;
}

export function timeline(db: Db, entity: Entity, entityId: string) {
  return timelines(db, entity, [entityId])[entityId] ?? [];
}
