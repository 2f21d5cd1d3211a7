import type { Ctx } from "../context.server";
import { payoutStateOf, type PayoutState } from "./connected-accounts.server";
import { refreshConnectedAccount } from "./onboarding.server";

/**
 * The payee's 在线收款账户 page: where it stands. Back from the provider's onboarding
 * (`returned`), the account is asked of the provider first — the return URL proves nothing.
 */
export async function payoutPage(ctx: Ctx, { returned = false } = {}): Promise<{ state: PayoutState }> {
  return { state: returned ? await refreshConnectedAccount(ctx) : payoutStateOf(ctx.db, ctx.org.id) };
}
