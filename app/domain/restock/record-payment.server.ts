import { z } from "zod";
import { accountEntries } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Invalid } from "../errors";
import { moneyField, requestIdField } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { balanceOf, pairOf, type Pair } from "./account.server";
import { PAYMENT_CHANNELS, type PaymentMethod } from "./kinds";

// Cash on delivery is booked by the driver's proof of delivery; these are the other channels.

export const recordPaymentSchema = z.object({
  requestId: requestIdField(),
  storeOrgId: z.string().min(1).max(64),
  amountFen: moneyField().refine((v) => v > 0, "validation.positive"),
  method: z.enum(PAYMENT_CHANNELS, { error: "restock.account.methodRequired" }),
  note: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
});

/**
 * The distributor books money the store paid. More than the balance is refused, as in the
 * store's own credit book: an account here is not a deposit, and 500 typed for 5.00 is caught.
 */
export function recordPayment(ctx: Ctx, input: z.output<typeof recordPaymentSchema>) {
  requirePermission(ctx, "account.recordPayment");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `restock:${input.requestId}`, "restock.payment", () => {
      const { linkId: _, ...pair } = pairOf(tx, ctx, input.storeOrgId);
      return { entryId: bookPayment(tx, ctx, pair, input) };
    }),
  );
}

/**
 * The one writer of a payment entry, inside the caller's transaction: the office's own booking
 * and a store's reported payment once the office confirms it (reported-payments.server.ts).
 * The office typing more than is owed is a mistake and refused. A reported payment the office
 * found on its statement is money received: it is booked in full even when a credit (a claim, a
 * short delivery) landed after the store sent it, and the excess stands as the store's credit.
 */
export function bookPayment(
  tx: WriteTx,
  ctx: Ctx,
  pair: Pair,
  payment: { amountFen: number; method: PaymentMethod; note: string | null },
  { overpaid }: { overpaid: "refuse" | "credit" } = { overpaid: "refuse" },
): string {
  const balance = balanceOf(tx, pair);
  if (overpaid === "refuse" && payment.amountFen > balance) {
    throw new Invalid("restock.account.paymentTooLarge", { balance }, { amountFen: "restock.account.paymentTooLarge" });
  }
  const id = newId();
  tx.insert(accountEntries)
    .values({
      id,
      ...pair,
      kind: "payment",
      amountFen: -payment.amountFen,
      method: payment.method,
      note: payment.note,
      actorId: ctx.actor.id,
      createdAt: ctx.clock.now(),
    })
    .run();
  return id;
}
