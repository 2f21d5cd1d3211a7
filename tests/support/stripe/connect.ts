import { randomBytes } from "node:crypto";
import { invalid, missing } from "./form";
import type { Account, AccountLink, Intent, Transfer } from "./types";

// Stripe Connect in the local server (decision 042): connected accounts, account links to a
// hosted onboarding test page, destination charges (`transfer_data.destination`, optional
// `application_fee_amount`) and transfer reversals on refunds (`reverse_transfer`,
// `refund_application_fee`). The rules the app rests on are enforced: a destination must exist
// and have charges enabled; a fee is never more than the charge; a reversal never more than
// what is still transferred, a fee refund never more than the fee.

export type ConnectState = {
  accounts: Map<string, Account>;
  links: Map<string, { account: string; refreshUrl: string; returnUrl: string; expiresAt: number; used: boolean }>;
  transfers: Map<string, Transfer>;
  /** Application fees kept by the platform, by PaymentIntent: amount and refunded. */
  fees: Map<string, { amount: number; refunded: number }>;
};

const LINK_LIFETIME_S = 300;
const ACCOUNT_TYPES = ["express", "standard", "custom"];

function newId(prefix: string) {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

export function connectState(): ConnectState {
  return { accounts: new Map(), links: new Map(), transfers: new Map(), fees: new Map() };
}

export function accountOr404(state: ConnectState, id: string): Account {
  const account = state.accounts.get(id);
  if (!account) throw missing("account", id, "account");
  return account;
}

export function createAccount(state: ConnectState, params: Record<string, unknown>, secs: number): Account {
  const type = (params.type as string | undefined) ?? (params.controller ? "custom" : undefined);
  if (!type || !ACCOUNT_TYPES.includes(type))
    throw invalid("Missing required param: type (or controller).", "parameter_missing", "type");
  const account: Account = {
    id: newId("acct"),
    object: "account",
    type: type as Account["type"],
    business_type: (params.business_type as string | undefined) ?? null,
    charges_enabled: false,
    payouts_enabled: false,
    details_submitted: false,
    country: (params.country as string | undefined) ?? "HK",
    default_currency: "cny",
    email: (params.email as string | undefined) ?? null,
    created: secs,
    metadata: (params.metadata ?? {}) as Record<string, string>,
    capabilities: Object.fromEntries(Object.keys((params.capabilities ?? {}) as object).map((c) => [c, "inactive"])),
  };
  state.accounts.set(account.id, account);
  return account;
}

export function createAccountLink(
  state: ConnectState,
  params: Record<string, unknown>,
  secs: number,
  base: string,
): AccountLink {
  const accountId = params.account as string | undefined;
  if (!accountId) throw invalid("Missing required param: account.", "parameter_missing", "account");
  accountOr404(state, accountId);
  if (params.type !== "account_onboarding" && params.type !== "account_update")
    throw invalid("Invalid type: must be account_onboarding or account_update.", "parameter_invalid_string", "type");
  for (const p of ["refresh_url", "return_url"] as const)
    if (typeof params[p] !== "string" || !/^https?:\/\//.test(params[p] as string))
      throw invalid(`Missing required param: ${p}.`, "parameter_missing", p);
  const id = newId("al");
  const expiresAt = secs + LINK_LIFETIME_S;
  state.links.set(id, {
    account: accountId,
    refreshUrl: params.refresh_url as string,
    returnUrl: params.return_url as string,
    expiresAt,
    used: false,
  });
  return { object: "account_link", created: secs, expires_at: expiresAt, url: `${base}/connect/onboard/${id}` };
}

/** The payee finished (or left) the hosted onboarding: what the provider now says about the account. */
export function onboard(account: Account, outcome: "complete" | "review") {
  account.details_submitted = true;
  account.charges_enabled = outcome === "complete";
  account.payouts_enabled = outcome === "complete";
  for (const c of Object.keys(account.capabilities))
    account.capabilities[c] = outcome === "complete" ? "active" : "pending";
}

/**
 * Checks a destination charge's parameters (Checkout's `payment_intent_data`): the destination
 * exists and can take charges; the fee is a whole amount no larger than the charge and only with
 * a destination. Returns what the PaymentIntent is made with.
 */
export function destinationOf(
  state: ConnectState,
  intentData: Record<string, unknown>,
  amount: number,
): { destination: string | null; fee: number } {
  const destination = (intentData.transfer_data as { destination?: string } | undefined)?.destination ?? null;
  const rawFee = intentData.application_fee_amount;
  const fee = rawFee === undefined ? 0 : Number(rawFee);
  if (rawFee !== undefined && !destination)
    throw invalid(
      "application_fee_amount can only be set with transfer_data[destination] (or on_behalf_of).",
      "parameter_invalid_integer",
      "payment_intent_data[application_fee_amount]",
    );
  if (!Number.isInteger(fee) || fee < 0 || fee > amount)
    throw invalid(
      "application_fee_amount must be a whole amount between 0 and the charge.",
      "parameter_invalid_integer",
      "payment_intent_data[application_fee_amount]",
    );
  if (!destination) return { destination: null, fee: 0 };
  const account = state.accounts.get(destination);
  if (!account)
    throw invalid(
      `No such destination: '${destination}'`,
      "resource_missing",
      "payment_intent_data[transfer_data][destination]",
    );
  if (!account.charges_enabled)
    throw invalid(
      `The destination account ${destination} cannot take charges yet: it has not finished onboarding (charges_enabled is false).`,
      "insufficient_capabilities_for_transfer",
      "payment_intent_data[transfer_data][destination]",
    );
  return { destination, fee };
}

/** A destination charge succeeded: the amount less the fee goes to the connected account. */
export function transferFor(state: ConnectState, intent: Intent, fee: number, secs: number): Transfer | null {
  const destination = intent.transfer_data?.destination;
  if (!destination || !intent.latest_charge) return null;
  const transfer: Transfer = {
    id: newId("tr"),
    object: "transfer",
    amount: intent.amount_received - fee,
    amount_reversed: 0,
    currency: intent.currency,
    destination,
    source_transaction: intent.latest_charge,
    reversed: false,
    created: secs,
  };
  state.transfers.set(transfer.id, transfer);
  if (fee > 0) state.fees.set(intent.id, { amount: fee, refunded: 0 });
  return transfer;
}

export type Reversal = { transferId: string; reversal: number; feeRefund: number; reversalId: string };

/**
 * A refund of a destination charge with `reverse_transfer`: the transfer is reversed in
 * proportion to the refund (Stripe's rule), never beyond what is still transferred; with
 * `refund_application_fee` the fee is refunded in proportion too, never beyond the fee.
 */
export function reversalFor(
  state: ConnectState,
  intent: Intent,
  refundAmount: number,
  params: Record<string, unknown>,
): Reversal | null {
  const reverse = params.reverse_transfer === "true";
  const refundFee = params.refund_application_fee === "true";
  const transfer = [...state.transfers.values()].find((t) => t.source_transaction === intent.latest_charge);
  if ((reverse || refundFee) && !transfer)
    throw invalid(
      "reverse_transfer and refund_application_fee apply only to destination charges.",
      "parameter_invalid_empty",
      reverse ? "reverse_transfer" : "refund_application_fee",
    );
  if (!transfer || !reverse) return null;
  const reversal = Math.round((refundAmount * transfer.amount) / intent.amount_received);
  if (reversal > transfer.amount - transfer.amount_reversed)
    throw invalid(
      `The transfer reversal (${reversal}) is greater than what is left of the transfer (${transfer.amount - transfer.amount_reversed}).`,
      "transfer_reversal_too_large",
      "reverse_transfer",
    );
  const fee = state.fees.get(intent.id);
  const feeRefund = refundFee && fee ? Math.round((refundAmount * fee.amount) / intent.amount_received) : 0;
  if (fee && feeRefund > fee.amount - fee.refunded)
    throw invalid(
      "The application fee refund is greater than the fee left.",
      "amount_too_large",
      "refund_application_fee",
    );
  transfer.amount_reversed += reversal;
  transfer.reversed = transfer.amount_reversed >= transfer.amount;
  if (fee) fee.refunded += feeRefund;
  return { transferId: transfer.id, reversal, feeRefund, reversalId: newId("trr") };
}

/** A refund that failed gives its reversal back to the transfer (the money never left). */
export function undoReversal(state: ConnectState, intentId: string, r: Reversal) {
  const transfer = state.transfers.get(r.transferId);
  if (transfer) {
    transfer.amount_reversed -= r.reversal;
    transfer.reversed = transfer.amount_reversed >= transfer.amount;
  }
  const fee = state.fees.get(intentId);
  if (fee) fee.refunded -= r.feeRefund;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The hosted onboarding test page standing in for Stripe's: finish, finish under review, or leave. */
export function onboardingPage(account: Account): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>测试开户</title><link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;margin:0;padding:16px;background:#f5f5f4}main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:16px}button{display:block;width:100%;min-height:48px;margin-top:8px;font-size:17px;border-radius:8px;border:0}.ok{background:#15803d;color:#fff}.wait{background:#fef3c7}.leave{background:#fff;border:1px solid #999}</style></head><body><main>
<h1>测试开户（本地）</h1><p data-testid="onboarding-account">${esc(account.id)}</p>
<form method="post"><button class="ok" name="action" value="complete">提交资料（审核通过）</button>
<button class="wait" name="action" value="review">提交资料（审核中）</button>
<button class="leave" name="action" value="leave">稍后再填</button></form></main></body></html>`;
}
