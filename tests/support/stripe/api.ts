import { accountOr404, createAccount, createAccountLink } from "./connect";
import { ApiError, missing } from "./form";
import { cancelIntent, captureIntent, intentOr404, refuseCreateIntent } from "./intents";
import { createRefund } from "./refunds";
import { createSession, expireOnRequest, sessionOr404 } from "./sessions";
import { list, publicOf, type Store } from "./store";

// —— API ——

/** The `/v1/` endpoints: what the request asks for, or an ApiError (Stripe-shaped). */
export function api(
  store: Store,
  method: string,
  path: string,
  params: Record<string, unknown>,
  query: URLSearchParams,
): unknown {
  const { connect, secs } = store;
  if (path === "/v1/checkout/sessions") {
    if (method === "POST") return publicOf(createSession(store, params));
    let all = [...store.sessions.values()];
    const pi = query.get("payment_intent");
    if (pi) all = all.filter((s) => s.payment_intent === pi);
    return list(all, query, path);
  }
  let m = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
  if (m) {
    const session = sessionOr404(store, decodeURIComponent(m[1]));
    if (m[2] && method === "POST") expireOnRequest(store, session);
    return publicOf(session);
  }
  if (path === "/v1/refunds") {
    if (method === "POST") return createRefund(store, params);
    let all = [...store.refunds.values()];
    const pi = query.get("payment_intent");
    if (pi) all = all.filter((r) => r.payment_intent === pi);
    return list(all, query, path);
  }
  m = /^\/v1\/refunds\/([^/]+)$/.exec(path);
  if (m) {
    const refund = store.refunds.get(decodeURIComponent(m[1]));
    if (!refund) throw missing("refund", m[1]);
    return refund;
  }
  if (path === "/v1/accounts" && method === "POST") return createAccount(connect, params, secs());
  m = /^\/v1\/accounts\/([^/]+)$/.exec(path);
  if (m) {
    const account = accountOr404(connect, decodeURIComponent(m[1]));
    if (method === "POST" && params.metadata)
      account.metadata = { ...account.metadata, ...(params.metadata as Record<string, string>) };
    return account;
  }
  if (path === "/v1/account_links" && method === "POST") return createAccountLink(connect, params, secs(), store.base);
  if (method === "POST" && path === "/v1/payment_intents") refuseCreateIntent(params);
  m = /^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/.exec(path);
  if (m) {
    const intent = intentOr404(store, decodeURIComponent(m[1]));
    const verb = m[2];
    if (!verb) return intent;
    if (verb === "capture") return captureIntent(store, intent);
    return cancelIntent(store, intent);
  }
  throw new ApiError(404, {
    type: "invalid_request_error",
    message: `Unrecognized request URL (${method}: ${path}).`,
  });
}
