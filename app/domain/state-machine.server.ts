import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { users } from "@db/schema";
import { stateTransitions } from "@db/schema/distribution";
import type { Ctx, WriteTx } from "./context.server";
import { InvalidTransition } from "./errors";
import { newId } from "./ids.server";
import type { Machine } from "./machines";

export type Entity = "order" | "run";

/**
 * Moves an entity from `from` to `to` if its machine allows it, and records who, when and why
 * in the caller's transaction. The caller updates the entity's own status column in the same
 * transaction (and should do so conditionally on `from`, so a concurrent change loses cleanly).
 */
export function recordTransition<S extends string>(
  tx: WriteTx,
  ctx: Ctx,
  machine: Machine<S>,
  { entity, entityId, from, to, reason = null }: { entity: Entity; entityId: string; from: S; to: S; reason?: string | null },
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
export function recordCreation(tx: WriteTx, ctx: Ctx, entity: Entity, entityId: string, to: string, reason: string | null = null) {
  tx.insert(stateTransitions)
    .values({ id: newId(), entity, entityId, orgId: ctx.org.id, fromState: null, toState: to, actorId: ctx.actor.id, reason, at: Date.now() })
    .run();
}

/**
 * The timeline of an entity, oldest first. The caller must already have checked that the
 * entity belongs to (or is addressed to) its organisation: transitions carry the acting org.
 */
export function timeline(db: Db, entity: Entity, entityId: string) {
  return db
    .select({
      id: stateTransitions.id,
      from: stateTransitions.fromState,
      to: stateTransitions.toState,
      reason: stateTransitions.reason,
      at: stateTransitions.at,
      actorName: users.name,
    })
    .from(stateTransitions)
    .leftJoin(users, eq(users.id, stateTransitions.actorId))
    .where(and(eq(stateTransitions.entity, entity), eq(stateTransitions.entityId, entityId)))
    .orderBy(asc(stateTransitions.at), asc(stateTransitions.id))
    .all();
}
