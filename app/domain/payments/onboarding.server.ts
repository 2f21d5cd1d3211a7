import { connectedAccounts } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Conflict } from "../errors";
import { requirePermission } from "../permission-check.server";
import { applyAccount } from "./connected-accounts.internal.server";
import { connectedAccountOf, payoutStateOf, type PayoutState } from "./connected-accounts.server";
import { paymentsConfig, stripeClient } from "./stripe.server";

/**
 * 开通在线收款: the payee's admin (a distributor's, an alliance's coordinator) is sent to the
 * provider's hosted onboarding. The connected account is created once (idempotency key
 * `account:<org id>`, so a retry after a timeout gets the same account) and stored; each call
 * makes a fresh one-use account link back to `pageUrl` (return, and refresh when the link has
 * expired). Offline mode has nothing to open (409).
 */
export async function startOnboarding(ctx: Ctx, pageUrl: string): Promise<{ url: string }> {
  requirePermission(ctx, "payment.connect");
  if (!paymentsConfig()) throw new Conflict("payments.connect.offline");
  const stripe = stripeClient();
  const now = ctx.clock.now();
  let row = connectedAccountOf(ctx.db, ctx.org.id);
  try {
    if (!row) {
      const account = await stripe.accounts.create(
        {
          type: "express",
          capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
          metadata: { org_id: ctx.org.id, org_kind: ctx.org.kind },
        },
        { idempotencyKey: `account:${ctx.org.id}` },
      );
      inTransaction(ctx.db, (tx) =>
        tx
          .insert(connectedAccounts)
          .values({
            orgId: ctx.org.id,
            accountId: account.id,
            chargesEnabled: account.charges_enabled ?? false,
            detailsSubmitted: account.details_submitted ?? false,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .run(),
      );
      row = connectedAccountOf(ctx.db, ctx.org.id);
    }
    const back = new URL(pageUrl);
    back.searchParams.set("onboarding", "return");
    const refresh = new URL(pageUrl);
    refresh.searchParams.set("onboarding", "refresh");
    const link = await stripe.accountLinks.create({
      account: row!.accountId,
      type: "account_onboarding",
      return_url: back.href,
      refresh_url: refresh.href,
    });
    return { url: link.url };
  } catch (error) {
    if (error instanceof Conflict) throw error;
    throw new Conflict("payments.providerError");
  }
}

/**
 * Back from onboarding: the return URL proves nothing, so the account is asked of the provider
 * and applied (the same update as `account.updated`). Returns the state after.
 */
export async function refreshConnectedAccount(ctx: Ctx): Promise<PayoutState> {
  requirePermission(ctx, "payment.connect");
  const row = connectedAccountOf(ctx.db, ctx.org.id);
  if (!row || !paymentsConfig()) return payoutStateOf(ctx.db, ctx.org.id);
  let account;
  try {
    account = await stripeClient().accounts.retrieve(row.accountId);
  } catch {
    throw new Conflict("payments.providerError");
  }
  const now = ctx.clock.now();
  inTransaction(ctx.db, (tx) =>
    applyAccount(
      tx,
      {
        id: account.id,
        charges_enabled: account.charges_enabled ?? false,
        details_submitted: account.details_submitted ?? false,
      },
      now,
    ),
  );
  return payoutStateOf(ctx.db, ctx.org.id);
}
