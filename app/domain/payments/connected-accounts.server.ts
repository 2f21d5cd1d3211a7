import { eq } from "drizzle-orm";
import { connectedAccounts } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { paymentsConfig } from "./stripe.server";

type Reader = Ctx["db"] | WriteTx;
export type ConnectedAccountRow = typeof connectedAccounts.$inferSelect;

export function connectedAccountOf(db: Reader, orgId: string): ConnectedAccountRow | undefined {
  return db.select().from(connectedAccounts).where(eq(connectedAccounts.orgId, orgId)).get();
}

/**
 * The payee's connected account when it may take destination charges (the provider said
 * `charges_enabled`), else null: online payments to it are refused (decision 042).
 */
export function readyAccountId(db: Reader, orgId: string): string | null {
  const row = connectedAccountOf(db, orgId);
  return row?.chargesEnabled ? row.accountId : null;
}

export type PayoutState = "offline" | "none" | "started" | "review" | "ready";

/** Where an organisation stands with online collection, for its settings page and its payers' pages. */
export function payoutStateOf(db: Reader, orgId: string): PayoutState {
  if (!paymentsConfig()) return "offline";
  const row = connectedAccountOf(db, orgId);
  if (!row) return "none";
  if (row.chargesEnabled) return "ready";
  return row.detailsSubmitted ? "review" : "started";
}
