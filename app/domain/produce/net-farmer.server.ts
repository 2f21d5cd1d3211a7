import { inTransaction, type Ctx } from "../context.server";
import { addCreditEntry } from "../credit/ledger.server";
import { Invalid } from "../errors";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { addFarmerEntry } from "./buy-produce.server";
import { creditSideOf, farmerOf, owedToFarmer } from "./farmer-accounts.server";

/**
 * A farmer who also buys on credit at the store: what the store owes for produce and what the
 * farmer owes on the credit book are netted, the smaller of the two off both, in one write. Both
 * entries name each other, so each book shows where the money went.
 */
export function netFarmer(ctx: Ctx, farmerId: string, input: { requestId: string }) {
  requirePermission(ctx, "farmer.net");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.netFarmer", () => {
      const farmer = farmerOf(tx, ctx, farmerId);
      const owedFen = owedToFarmer(tx, ctx, farmer.id);
      const credit = creditSideOf(tx, ctx, farmer.mobile);
      const amountFen = credit ? Math.min(owedFen, credit.balanceFen) : 0;
      if (!credit || amountFen <= 0) throw new Invalid("produce.nothingToNet");
      const creditEntryId = addCreditEntry(tx, ctx, {
        customerId: credit.id,
        kind: "repayment",
        amountFen: -amountFen,
        note: `农产品款抵扣 · ${farmer.name}`,
      });
      addFarmerEntry(tx, ctx, { farmerId: farmer.id, kind: "netting", amountFen: -amountFen, creditEntryId });
      return {
        farmerId: farmer.id,
        nettedFen: amountFen,
        owedFen: owedFen - amountFen,
        creditFen: credit.balanceFen - amountFen,
      };
    }),
  );
}
