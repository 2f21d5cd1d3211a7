import type http from "node:http";
import { accountOr404, onboard, onboardingPage } from "./connect";
import { emit } from "./events";
import { checkoutPage } from "./page";
import { onPage } from "./payer";
import type { Store } from "./store";

// The hosted test pages a browser (or a test's fetch) visits: Checkout at /checkout/:id and
// Connect onboarding at /connect/onboard/:id.

/** The hosted Checkout page: GET shows it, POST is what the payer pressed. */
export function checkoutRequest(
  store: Store,
  sessionId: string,
  method: string,
  raw: string,
  res: http.ServerResponse,
) {
  const { base } = store;
  const session = store.sessions.get(sessionId);
  if (!session) {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("no such checkout session");
    return;
  }
  if (method === "POST") {
    const [action, payWith] = (new URLSearchParams(raw).get("action") ?? "abandon").split(":");
    try {
      onPage(store, session, action, payWith ?? session.payment_method_types[0]);
    } catch (error) {
      res.writeHead(400, { "Content-Type": "text/plain" });
      res.end(String(error));
      return;
    }
    if (action === "decline") {
      res.writeHead(303, { Location: `/checkout/${session.id}` });
    } else if (action === "abandon") {
      res.writeHead(303, { Location: session.cancel_url ?? session.success_url ?? base });
    } else {
      res.writeHead(303, { Location: (session.success_url ?? base).replace("{CHECKOUT_SESSION_ID}", session.id) });
    }
    res.end();
    return;
  }
  const note = store.pendingNotes.get(session.id) ?? null;
  store.pendingNotes.delete(session.id);
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(checkoutPage(session, note));
}

/** The hosted onboarding page: an expired or used link goes to refresh_url (as Stripe's does). */
export function onboardingRequest(store: Store, linkId: string, method: string, raw: string, res: http.ServerResponse) {
  const link = store.connect.links.get(linkId);
  if (!link) {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("no such account link");
    return;
  }
  if (link.used || link.expiresAt < store.secs()) {
    res.writeHead(303, { Location: link.refreshUrl });
    res.end();
    return;
  }
  const account = accountOr404(store.connect, link.account);
  if (method !== "POST") {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(onboardingPage(account));
    return;
  }
  const action = new URLSearchParams(raw).get("action");
  link.used = true;
  if (action === "complete" || action === "review") {
    onboard(account, action);
    emit(store, "account.updated", account);
  }
  res.writeHead(303, { Location: link.returnUrl });
  res.end();
}
