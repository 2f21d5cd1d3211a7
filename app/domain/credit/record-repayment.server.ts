import { z } from "zod";
import { REPAYMENT_TENDERS } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid } from "../errors";
import { moneyField, optionalText, requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { customerForUpdate } from "./customers.server";
import { addCreditEntry, balanceOf } from "./ledger.server";
import { requirePermission } from "../permission-check.server";

export const recordRepaymentSchema = z.object({
  requestId: requestIdField(),
  amount: moneyField().refine((fen) => fen > 0, "validation.positive"),
  tender: z.enum(REPAYMENT_TENDERS, { error: "sale.tenderRequired" }).default("cash"),
  note: optionalText(200),
});
export type RecordRepaymentInput = z.output<typeof recordRepaymentSchema>;

/**
 * Money paid against the account. More than is owed is refused: a village shop keeps no
 * deposits, and a typo (500 for 5.00) should not turn into the shop owing the customer.
 */
export function recordRepayment(ctx: Ctx, customerId: string, input: RecordRepaymentInput) {
  requirePermission(ctx, "credit.repay");
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    throw new Invalid("validation.positive", {}, { amount: "validation.positive" });
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "credit.repayment", () => {
      const customer = customerForUpdate(tx, ctx, customerId);
      const balanceFen = balanceOf(tx, ctx, customer.id);
      if (input.amount > balanceFen) {
        throw new Invalid(
          "credit.repayTooMuch",
          { balance: (balanceFen / 100).toFixed(2) },
          { amount: "credit.repayTooMuch" },
        );
      }
      const entryId = addCreditEntry(tx, ctx, {
        customerId: customer.id,
        kind: "repayment",
        amountFen: -input.amount,
        tender: input.tender,
        note: input.note,
      });
      return { customerId: customer.id, entryId, balanceFen: balanceFen - input.amount };
    }),
  );
}
