import { depositSettlements } from "@db/schema";
import type { WriteTx } from "../context.server";
import { newId } from "../ids.server";

/**
 * Called by the campaign close, in its transaction, next to the deposit's credit on the member's
 * order: the deposit was paid to the alliance, the credit is on the distributor's books, so the
 * alliance owes the distributor that amount. One entry per order (a retried close writes none).
 */
export function recordDepositSettlement(
  tx: WriteTx,
  entry: { allianceOrgId: string; distributorOrgId: string; storeOrgId: string; campaignId: string; orderId: string },
  amountFen: number,
  now: number,
) {
  if (amountFen <= 0) return;
  tx.insert(depositSettlements)
    .values({ id: newId(), ...entry, amountFen, createdAt: now })
    .onConflictDoNothing()
    .run();
}
