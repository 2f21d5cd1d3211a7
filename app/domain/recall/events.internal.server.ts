import { recallEvents } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { newId } from "../ids.server";

/** One line of a recall's log: who (the actor), for which organisation, what, how many, why. */
export function log(
  tx: WriteTx,
  ctx: Ctx,
  recallId: string,
  kind: (typeof recallEvents.$inferInsert)["kind"],
  note: string,
  now: number,
  extra: { lotId?: string; qty?: number; orgId?: string } = {},
): void {
  tx.insert(recallEvents)
    .values({
      id: newId(),
      recallId,
      orgId: extra.orgId ?? ctx.org.id,
      kind,
      lotId: extra.lotId ?? null,
      qty: extra.qty ?? 0,
      actorId: ctx.actor.id,
      note,
      createdAt: now,
    })
    .run();
}
