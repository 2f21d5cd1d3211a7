import { and, eq, inArray, sql } from "drizzle-orm";
import { counterRoundInvitations, counterRounds, quoteInvitations } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { shanghaiDate, shanghaiInstant } from "../dates";
import { Invalid, InvalidTransition } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import type { CounterInput } from "./fields.server";
import { findRequest, isSealed } from "./requests.server";

/**
 * A counter-offer round: after the deadline (a coordinator cannot counter prices it may not yet
 * see), ask one or more invited suppliers for a better tier or terms, with a message, answerable
 * on their link page until the end of `answerByDate` (Shanghai). Each answer is a new version.
 */
export function askCounter(ctx: Ctx, rfqId: string, input: CounterInput): { roundId: string; number: number } {
  requirePermission(ctx, "rfq.counter");
  const now = ctx.clock.now();
  const answerBy = shanghaiInstant(input.answerByDate, "23:59");
  if (answerBy === null || answerBy <= now || input.answerByDate < shanghaiDate(now))
    throw new Invalid("negotiation.answerByPast", {}, { answerByDate: "negotiation.answerByPast" });
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `counter:${input.requestId}`, "rfq.counter", () => {
      const request = findRequest(tx, ctx, rfqId);
      if (request.status !== "open") throw new InvalidTransition("negotiation.notOpen");
      if (isSealed(request, now)) throw new InvalidTransition("negotiation.counterSealed");
      const invited = tx
        .select({ id: quoteInvitations.id })
        .from(quoteInvitations)
        .where(
          and(
            eq(quoteInvitations.requestId, rfqId),
            eq(quoteInvitations.orgId, ctx.org.id),
            inArray(quoteInvitations.id, input.invitationIds),
          ),
        )
        .all();
      if (invited.length !== new Set(input.invitationIds).size)
        throw new Invalid("negotiation.supplierUnknown", {}, { invitationIds: "negotiation.supplierUnknown" });
      const last = tx
        .select({ n: sql<number>`coalesce(max(${counterRounds.number}), 0)` })
        .from(counterRounds)
        .where(and(eq(counterRounds.requestId, rfqId), eq(counterRounds.orgId, ctx.org.id)))
        .get();
      const id = newId();
      const number = (last?.n ?? 0) + 1;
      tx.insert(counterRounds)
        .values({
          id,
          orgId: ctx.org.id,
          requestId: rfqId,
          number,
          message: input.message,
          answerBy,
          createdBy: ctx.actor.kind === "person" ? ctx.actor.id : null,
          createdAt: now,
        })
        .run();
      for (const inv of invited)
        tx.insert(counterRoundInvitations).values({ roundId: id, invitationId: inv.id, orgId: ctx.org.id }).run();
      return { roundId: id, number };
    }),
  );
}
