import type http from "node:http";
import { accountOr404, createAccount, onboard } from "./connect";
import { deliver, emit, eventOr, record } from "./events";
import { makeIntent } from "./intents";
import { finishLatePayment, onPage } from "./payer";
import { settleRefund } from "./refunds";
import { expireDue, sessionOr404 } from "./sessions";
import type { Store } from "./store";
import type { Account, Intent, Refund, Session, StripeEventRecord, Transfer } from "./types";

// What a test holds: the server's objects and the switches that drive it (clock, webhooks,
// payer, refunds, connected accounts).

export type LocalStripe = {
  url: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  sessions: Map<string, Session>;
  intents: Map<string, Intent>;
  refunds: Map<string, Refund>;
  accounts: Map<string, Account>;
  /** Money moved to connected accounts by destination charges, with what refunds reversed. */
  transfers: Map<string, Transfer>;
  events: StripeEventRecord[];
  /** API requests received (method, path, idempotency key, parsed body): to check what the app called. */
  requests: { method: string; path: string; idempotencyKey: string | null; params: Record<string, unknown> }[];
  /** Where webhooks go: the app's URL, or a function (domain tests). Unset = events are only recorded. */
  webhookUrl: string | null;
  webhookHandler: ((payload: string, signature: string) => Promise<number> | number) | null;
  /** The test clock, in epoch ms. */
  now: () => number;
  /** Moves the test clock forward (sessions expire, refund windows close). */
  advance: (ms: number) => Promise<void>;
  /** Expires open sessions whose expires_at has passed (also done on every request). */
  tick: () => Promise<void>;
  /** The next `n` webhooks are not delivered (recorded with delivery status 0). */
  dropNextWebhooks: (n?: number) => void;
  /** Every webhook is delivered twice from now on (or not). */
  duplicateWebhooks: (on: boolean) => void;
  /** Holds the next `n` webhooks, then delivers them in reverse order. */
  reverseNextWebhooks: (n: number) => void;
  /** Delivers an already sent event again, with a fresh signature; returns the HTTP status. */
  redeliver: (eventId: string) => Promise<number>;
  /** Delivers an event signed with the wrong secret; returns the HTTP status. */
  deliverWithBadSignature: (eventId: string) => Promise<number>;
  /** Sends a correctly signed event of any type (e.g. one the app does not handle). */
  sendEvent: (type: string, object: unknown) => Promise<{ id: string; status: number }>;
  /** What the payer does on the hosted page (no browser). */
  payerDoes: (sessionId: string, action: "pay" | "decline" | "late" | "abandon", method?: string) => Promise<void>;
  /** An asynchronous payment (paid late) finally succeeds or fails. */
  finishLatePayment: (sessionId: string, outcome: "succeeded" | "failed") => Promise<void>;
  /** The next refunds created end `failed` (with this failure_reason) instead of `succeeded`. */
  failNextRefunds: (n?: number, reason?: string) => void;
  /** Pending refunds stay pending until `settleRefunds()` (default: they settle at once, in the background). */
  holdRefunds: (on: boolean) => void;
  settleRefunds: () => Promise<void>;
  /** What the payee does on the hosted onboarding page (no browser): account.updated follows. */
  onboardAccount: (accountId: string, outcome: "complete" | "review") => Promise<void>;
  /** A connected account made directly (test fixtures): onboarded already when `ready`. No event. */
  seedAccount: (input?: { ready?: boolean; metadata?: Record<string, string> }) => Account;
  /** The provider turns an account's charges off (e.g. a requirement came due): account.updated. */
  disableCharges: (accountId: string) => Promise<void>;
  /** A PaymentIntent of the old design (manual capture, authorised), for the migration job. */
  seedLegacyIntent: (input: { amount: number; method?: string; metadata?: Record<string, string> }) => Intent;
  /** Waits for every webhook delivery in flight. */
  settled: () => Promise<void>;
  stop: () => Promise<void>;
};

/** The test's handle on a started server (url and port are set once it listens). */
export function localStripe(store: Store, server: http.Server, webhookUrl: string | null): LocalStripe {
  const { webhookSecret, connect, refunds, secs } = store;
  const self: LocalStripe = {
    url: "",
    port: 0,
    secretKey: store.secretKey,
    webhookSecret,
    sessions: store.sessions,
    intents: store.intents,
    refunds,
    accounts: connect.accounts,
    transfers: connect.transfers,
    events: store.events,
    requests: store.requests,
    webhookUrl,
    webhookHandler: null,
    now: store.now,
    advance: async (ms) => {
      store.offset += ms;
      await self.tick();
    },
    tick: async () => {
      expireDue(store);
      await self.settled();
    },
    dropNextWebhooks: (n = 1) => {
      store.drop += n;
    },
    duplicateWebhooks: (on) => {
      store.duplicate = on;
    },
    reverseNextWebhooks: (n) => {
      store.reverse = n;
      store.held = [];
    },
    redeliver: async (eventId) => deliver(store, eventOr(store, eventId), webhookSecret),
    deliverWithBadSignature: async (eventId) => deliver(store, eventOr(store, eventId), "whsec_not_the_right_secret"),
    sendEvent: async (type, object) => {
      const event = record(store, type, object);
      return { id: event.id, status: await deliver(store, event, webhookSecret) };
    },
    payerDoes: async (sessionId, action, method) => {
      onPage(
        store,
        sessionOr404(store, sessionId),
        action,
        method ?? sessionOr404(store, sessionId).payment_method_types[0],
      );
      await self.settled();
    },
    finishLatePayment: async (sessionId, outcome) => {
      finishLatePayment(store, sessionId, outcome);
      await self.settled();
    },
    failNextRefunds: (n = 1, reason = "expired_or_canceled_card") => {
      store.failRefunds = { n, reason };
    },
    holdRefunds: (on) => {
      store.holdRefundsOn = on;
    },
    settleRefunds: async () => {
      for (const refund of refunds.values()) if (refund.status === "pending") settleRefund(store, refund);
      await self.settled();
    },
    onboardAccount: async (accountId, outcome) => {
      onboard(accountOr404(connect, accountId), outcome);
      emit(store, "account.updated", accountOr404(connect, accountId));
      await self.settled();
    },
    seedAccount: ({ ready = true, metadata = {} } = {}) => {
      const account = createAccount(connect, { type: "express", metadata, capabilities: { transfers: {} } }, secs());
      if (ready) onboard(account, "complete");
      return account;
    },
    disableCharges: async (accountId) => {
      const account = accountOr404(connect, accountId);
      account.charges_enabled = false;
      emit(store, "account.updated", account);
      await self.settled();
    },
    seedLegacyIntent: ({ amount, method = "card", metadata = {} }) => {
      const intent = makeIntent(store, amount, "cny", [method], "manual", metadata, { destination: null, fee: 0 });
      intent.status = "requires_capture";
      intent.amount_capturable = amount;
      return intent;
    },
    settled: async () => {
      while (store.inFlight.size) await Promise.allSettled([...store.inFlight]);
    },
    stop: async () => {
      await self.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  store.hooks = self;
  return self;
}
