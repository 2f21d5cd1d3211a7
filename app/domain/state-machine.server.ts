import { stateTransitions } from "@db/schema/distribution";
import type { Ctx, WriteTx } from "./context.server";
import { InvalidTransition } from "./errors";
import { newId } from "./ids.server";
import type { Machine } from "./machines";
import type { TimelineReason } from "./timeline-reason";

export type Entity = "order" | "run" | "campaign";
export { because, type TimelineReason } from "./timeline-reason";

/** A reason as given by a caller: a keyed reason, a person's own words (a plain string), or none. */
export type ReasonInput = TimelineReason | string | null;

/** The stored columns of a reason: a key with JSON params, or plain text (decision 029). */
function reasonColumns(reason: ReasonInput) {
  if (reason === null || reason === "") return { reason: null, reasonKey: null, reasonParams: null };
  if (typeof reason === "string") return { reason, reasonKey: null, reasonParams: null };
  return { reason: null, reasonKey: reason.key, reasonParams: JSON.stringify(reason.params ?? {}) };
}

function insertRow(
  tx: WriteTx,
  ctx: Ctx,
  row: { entity: Entity; entityId: string; from: string | null; to: string; reason: ReasonInput },
) {
  tx.insert(stateTransitions)
    .values({
      id: newId(),
      entity: row.entity,
      entityId: row.entityId,
      orgId: ctx.org.id,
      fromState: row.from,
      toState: row.to,
      actorId: ctx.actor.id,
      ...reasonColumns(row.reason),
      at: ctx.clock.now(),
    })
    .run();
}

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
  }: { entity: Entity; entityId: string; from: S; to: S; reason?: ReasonInput },
): void {
  if (!machine.can(from, to)) throw new InvalidTransition("error.invalidTransition");
  insertRow(tx, ctx, { entity, entityId, from, to, reason });
}

/** Records the first state of a new entity (no `from`). */
export function recordCreation(
  tx: WriteTx,
  ctx: Ctx,
  entity: Entity,
  entityId: string,
  to: string,
  reason: ReasonInput = null,
) {
  insertRow(tx, ctx, { entity, entityId, from: null, to, reason });
}
