import { eq } from "drizzle-orm";
import { connectedAccounts } from "@db/schema";
import type { WriteTx } from "../context.server";

/** The subset of a provider Account the app reads. */
export type AccountSnapshot = { id: string; charges_enabled: boolean; details_submitted: boolean };

/**
 * The one place a connected account's state reaches the database: the `account.updated`
 * webhook (no organisation in hand: found by the provider's account id) and the payee's return
 * from onboarding. The provider's word is taken as it is — charges can be switched off again
 * (a requirement came due), and then online payments to that payee stop. Returns whether the
 * row changed; an account this app never made changes nothing.
 */
export function applyAccount(tx: WriteTx, account: AccountSnapshot, now: number): boolean {
  const row = tx.select().from(connectedAccounts).where(eq(connectedAccounts.accountId, account.id)).get();
  if (!row) return false;
  if (row.chargesEnabled === account.charges_enabled && row.detailsSubmitted === account.details_submitted)
    return false;
  tx.update(connectedAccounts)
    .set({ chargesEnabled: account.charges_enabled, detailsSubmitted: account.details_submitted, updatedAt: now })
    .where(eq(connectedAccounts.orgId, row.orgId))
    .run();
  return true;
}
