import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { PINNED_CLOCK_ENV } from "../clock";
import { connectState, type ConnectState, type Reversal } from "./connect";
import type { LocalStripe } from "./control";
import type { Intent, Refund, Session, StripeEventRecord } from "./types";

// What one local server knows, shared by its use cases (sessions, intents, refunds, events, the
// HTTP routing): the objects it keeps, the webhook and refund switches the tests turn, and its
// test clock.

export const API_VERSION = "2026-10-28.endive";
export const DAY = 86_400_000;
export const NO_MANUAL_CAPTURE = ["alipay", "wechat_pay"];

export type Store = {
  secretKey: string;
  webhookSecret: string;
  signer: Stripe;
  sessions: Map<string, Session>;
  intents: Map<string, Intent>;
  refunds: Map<string, Refund>;
  /** The method each charge was paid with, and when (test clock ms): refund windows. */
  charges: Map<string, { intentId: string; method: string; at: number }>;
  events: StripeEventRecord[];
  connect: ConnectState;
  reversals: Map<string, Reversal>;
  requests: LocalStripe["requests"];
  idempotent: Map<string, { fingerprint: string; status: number; body: string }>;
  inFlight: Set<Promise<unknown>>;
  pendingNotes: Map<string, string>;
  drop: number;
  duplicate: boolean;
  reverse: number;
  held: StripeEventRecord[];
  failRefunds: { n: number; reason: string };
  holdRefundsOn: boolean;
  offset: number;
  base: string;
  /** Where webhooks go: the LocalStripe object once made (tests set its webhookUrl / webhookHandler). */
  hooks: Pick<LocalStripe, "webhookUrl" | "webhookHandler">;
  now: () => number;
  secs: () => number;
};

export function newId(prefix: string) {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

function pinnedStart(): number {
  return Date.parse(PINNED_CLOCK_ENV.CLOCK_START) - Number(PINNED_CLOCK_ENV.CLOCK_STARTED_AT);
}

export function createStore({
  secretKey,
  webhookSecret,
  clock,
}: {
  secretKey: string;
  webhookSecret: string;
  clock: (() => number) | null;
}): Store {
  const signer = new Stripe(secretKey, { telemetry: false });
  const offsetStart = pinnedStart();
  const store: Store = {
    secretKey,
    webhookSecret,
    signer,
    sessions: new Map(),
    intents: new Map(),
    refunds: new Map(),
    charges: new Map(),
    events: [],
    connect: connectState(),
    reversals: new Map(),
    requests: [],
    idempotent: new Map(),
    inFlight: new Set(),
    pendingNotes: new Map(),
    drop: 0,
    duplicate: false,
    reverse: 0,
    held: [],
    failRefunds: { n: 0, reason: "expired_or_canceled_card" },
    holdRefundsOn: false,
    offset: 0,
    base: "",
    hooks: { webhookUrl: null, webhookHandler: null },
    now: () => (clock ? clock() : Date.now() + offsetStart) + store.offset,
    secs: () => Math.floor(store.now() / 1000),
  };
  return store;
}

export function publicOf<T extends object>(object: T): T {
  const copy = structuredClone(object) as Record<string, unknown>;
  delete copy._intent;
  return copy as T;
}

export function list<T extends { id: string; created: number }>(all: T[], query: URLSearchParams, url: string) {
  const limit = Math.min(Math.max(Number(query.get("limit") ?? 10) || 10, 1), 100);
  let rows = [...all].reverse();
  const after = query.get("starting_after");
  if (after) rows = rows.slice(rows.findIndex((r) => r.id === after) + 1);
  const page = rows.slice(0, limit);
  return { object: "list", url, has_more: rows.length > limit, data: page.map((r) => publicOf(r)) };
}
