import { eq } from "drizzle-orm";
import type { Db } from "@db/client";
import { connectedAccounts } from "@db/schema";
import type { LocalStripe } from "./stripe-server";

/**
 * A payee (distributor, alliance) with a connected account that takes charges, as onboarding
 * leaves it (decision 042): made on the local Stripe server and recorded for the app. Tests of
 * onboarding itself go through startOnboarding and the hosted page instead. Returns the account id.
 */
export function connectPayee(db: Db, stripe: LocalStripe, orgId: string, now = stripe.now()): string {
  const existing = db.select().from(connectedAccounts).where(eq(connectedAccounts.orgId, orgId)).get();
  if (existing) return existing.accountId;
  const account = stripe.seedAccount({ metadata: { org_id: orgId } });
  db.insert(connectedAccounts)
    .values({
      orgId,
      accountId: account.id,
      chargesEnabled: true,
      detailsSubmitted: true,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return account.id;
}
