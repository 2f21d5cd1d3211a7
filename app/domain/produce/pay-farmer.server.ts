import { inTransaction, type Ctx } from "../context.server";
import { Invalid } from "../errors";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import { addFarmerEntry } from "./buy-produce.server";
import { farmerOf, owedToFarmer } from "./farmer-accounts.server";
import type { PayFarmerInput } from "./fields.server";

/** The store pays the farmer (part of) what it owes. More than is owed is refused. */
export function payFarmer(ctx: Ctx, farmerId: string, input: PayFarmerInput) {
  requirePermission(ctx, "farmer.pay");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.payFarmer", () => {
      const farmer = farmerOf(tx, ctx, farmerId);
      const owedFen = owedToFarmer(tx, ctx, farmer.id);
      if (input.amount > owedFen)
        throw new Invalid("produce.payTooMuch", { owed: (owedFen / 100).toFixed(2) }, { amount: "produce.payTooMuch" });
      addFarmerEntry(tx, ctx, { farmerId: farmer.id, kind: "payment", amountFen: -input.amount });
      return { farmerId: farmer.id, owedFen: owedFen - input.amount };
    }),
  );
}
