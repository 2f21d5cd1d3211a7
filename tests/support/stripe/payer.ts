import { emit } from "./events";
import { invalid } from "./form";
import { makeIntent, succeed } from "./intents";
import { sessionOr404 } from "./sessions";
import { newId, type Store } from "./store";
import type { Session } from "./types";

// What happens to a Checkout Session's money: the payer on the hosted page (pay, decline, pay
// late, abandon), then a late payment's outcome.

/** The payer on the hosted page. */
export function onPage(store: Store, session: Session, action: string, method: string) {
  if (session.status !== "open") return;
  if (action === "abandon") return;
  if (!session.payment_method_types.includes(method)) throw invalid(`Payment method ${method} is not offered.`);
  if (action === "decline") {
    store.pendingNotes.set(session.id, `${method}: 付款被拒绝，请换一种方式再试。`);
    return;
  }
  const intent = makeIntent(
    store,
    session.amount_total,
    session.currency,
    [method],
    "automatic",
    session._intent.metadata,
    {
      destination: session._intent.destination,
      fee: session._intent.fee,
    },
  );
  session.payment_intent = intent.id;
  session.status = "complete";
  session.url = null;
  if (action === "late") {
    intent.status = "processing";
    intent.latest_charge = newId("ch");
    store.charges.set(intent.latest_charge, { intentId: intent.id, method, at: store.now() });
    session.payment_status = "unpaid";
  } else {
    succeed(store, intent, method);
    session.payment_status = "paid";
  }
  emit(store, "checkout.session.completed", session);
}

/** An asynchronous payment (paid late) finally succeeds or fails. */
export function finishLatePayment(store: Store, sessionId: string, outcome: "succeeded" | "failed") {
  const session = sessionOr404(store, sessionId);
  const intent = session.payment_intent ? store.intents.get(session.payment_intent) : undefined;
  if (!intent || intent.status !== "processing") throw new Error(`session ${sessionId} has no late payment`);
  if (outcome === "succeeded") {
    succeed(store, intent, store.charges.get(intent.latest_charge ?? "")?.method ?? "card");
    session.payment_status = "paid";
    emit(store, "checkout.session.async_payment_succeeded", session);
  } else {
    intent.status = "requires_payment_method";
    intent.last_payment_error = {
      code: "payment_method_provider_decline",
      message: "The payment failed.",
      type: "card_error",
    };
    emit(store, "checkout.session.async_payment_failed", session);
  }
}
