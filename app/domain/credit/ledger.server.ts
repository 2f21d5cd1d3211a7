import { and, eq, sql } from "drizzle-orm";
import { creditEntries, type CreditEntryKind, type RepaymentTender } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { newId } from "../ids.server";

export type CreditEntryInput = {
  customerId: string;
  kind: CreditEntryKind;
  /** Signed: positive adds to what the customer owes. */
  amountFen: number;
  saleId?: string | null;
  reversalId?: string | null;
  tender?: RepaymentTender | null;
  note?: string | null;
  /** When it happened, if not now (a credit sale made offline, decision 032). */
  at?: number;
};

/** The only writer of the credit book; runs in the caller's transaction. */
export function addCreditEntry(tx: WriteTx, ctx: Ctx, input: CreditEntryInput): string {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen === 0)
    throw new Error("credit amount must be a non-zero integer");
  const id = newId();
  tx.insert(creditEntries)
    .values({
      id,
      orgId: ctx.org.id,
      customerId: input.customerId,
      kind: input.kind,
      amountFen: input.amountFen,
      saleId: input.saleId ?? null,
      reversalId: input.reversalId ?? null,
      tender: input.tender ?? null,
      note: input.note ?? null,
      actorId: ctx.actor.id,
      createdAt: input.at ?? ctx.clock.now(),
    })
    .run();
  return id;
}

/** What the customer owes now: credit sales less repayments, voids and returns. */
export function balanceOf(db: Pick<WriteTx, "select">, ctx: Ctx, customerId: string): number {
  return (
    db
      .select({ balance: sql<number>`coalesce(sum(${creditEntries.amountFen}), 0)` })
      .from(creditEntries)
      .where(and(eq(creditEntries.orgId, ctx.org.id), eq(creditEntries.customerId, customerId)))
      .get()?.balance ?? 0
  );
}
