import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@db/client";
import { paymentEvents } from "@db/schema";
import { inTransaction, type WriteTx } from "../context.server";
import { Invalid } from "../errors";
import { applyAccount } from "./connected-accounts.internal.server";
import { applySession } from "./payments.internal.server";
import { applyRefund } from "./refunds.internal.server";
import { verifiedEvent } from "./stripe.server";

/** The Checkout Session events the app acts on. */
export const SESSION_EVENTS = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "checkout.session.expired",
] as const;
/** The Refund events the app acts on. */
export const REFUND_EVENTS = ["refund.created", "refund.updated", "refund.failed"] as const;
/** The connected-account events the app acts on (a payee's onboarding, charges switched on or off). */
export const ACCOUNT_EVENTS = ["account.updated"] as const;
/** Everything else is refused (400) and not stored. */
export const HANDLED_EVENTS = [...SESSION_EVENTS, ...REFUND_EVENTS, ...ACCOUNT_EVENTS] as const;

/** An event is a few kilobytes; anything this large is not one. */
const MAX_BODY_CHARS = 256 * 1024;

const metadata = z.record(z.string(), z.string()).nullish();

const sessionSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal("checkout.session"),
  status: z.enum(["open", "complete", "expired"]).nullable(),
  payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
  amount_total: z.number().int().min(0).nullable(),
  payment_intent: z.union([z.string().max(255), z.object({ id: z.string().max(255) }).passthrough()]).nullish(),
  expires_at: z.number().int().optional(),
  metadata,
});

const refundSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal("refund"),
  status: z.string().max(40).nullable(),
  amount: z.number().int().min(0),
  failure_reason: z.string().max(255).nullish(),
  metadata,
});

const accountSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal("account"),
  charges_enabled: z.boolean(),
  details_submitted: z.boolean(),
});

const eventSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("account"),
    id: z.string().min(1).max(255),
    type: z.enum(ACCOUNT_EVENTS),
    data: z.object({ object: accountSchema }),
  }),
  z.object({
    kind: z.literal("session"),
    id: z.string().min(1).max(255),
    type: z.enum(SESSION_EVENTS),
    data: z.object({ object: sessionSchema }),
  }),
  z.object({
    kind: z.literal("refund"),
    id: z.string().min(1).max(255),
    type: z.enum(REFUND_EVENTS),
    data: z.object({ object: refundSchema }),
  }),
]);
type Event = z.infer<typeof eventSchema>;

export type WebhookOutcome = { eventId: string; type: string; duplicate: boolean; applied: boolean };

function kindOf(type: unknown): Event["kind"] | null {
  if ((ACCOUNT_EVENTS as readonly unknown[]).includes(type)) return "account";
  if ((SESSION_EVENTS as readonly unknown[]).includes(type)) return "session";
  if ((REFUND_EVENTS as readonly unknown[]).includes(type)) return "refund";
  return null;
}

/**
 * A webhook from the payment provider. The signature is checked over the raw body first (a bad
 * or missing one is a 400, nothing read further); the event must have the shape of a handled
 * Checkout Session, Refund or connected Account event (otherwise 400, nothing written). Then, in ONE transaction,
 * the event is stored by its id and applied: a redelivered event finds its id and changes
 * nothing; an event arriving after a later one changes nothing either (statuses only move
 * forward). An event about a session or refund this app never made is stored and ignored.
 * `now` is the caller's clock reading (the route's), stamped on the event and the payment.
 */
export function processWebhook(db: Db, rawBody: string, signature: string | null, now: number): WebhookOutcome {
  if (rawBody.length > MAX_BODY_CHARS) throw new Invalid("payments.badWebhook");
  let verified: unknown;
  try {
    verified = verifiedEvent(rawBody, signature);
  } catch {
    throw new Invalid("payments.badWebhook");
  }
  const type = (verified as { type?: unknown }).type;
  const kind = kindOf(type);
  if (!kind) throw new Invalid(typeof type === "string" ? "payments.unknownEvent" : "payments.badWebhook");
  const parsed = eventSchema.safeParse({ ...(verified as object), kind });
  if (!parsed.success) throw new Invalid("payments.badWebhook");
  const event = parsed.data;
  return inTransaction(db, (tx) => {
    const inserted = tx
      .insert(paymentEvents)
      .values({
        id: event.id,
        type: event.type,
        intentId: event.data.object.id,
        payload: rawBody,
        receivedAt: now,
        processedAt: null,
      })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) return { eventId: event.id, type: event.type, duplicate: true, applied: false };
    const applied = applyEvent(tx, event, now);
    tx.update(paymentEvents).set({ processedAt: now }).where(eq(paymentEvents.id, event.id)).run();
    return { eventId: event.id, type: event.type, duplicate: false, applied };
  });
}

function applyEvent(tx: WriteTx, event: Event, now: number): boolean {
  if (event.kind === "account") return applyAccount(tx, event.data.object, now);
  if (event.kind === "refund") return applyRefund(tx, event.data.object, now) !== null;
  const asyncFailed = event.type === "checkout.session.async_payment_failed";
  return applySession(tx, event.data.object, now, { asyncFailed })?.changed ?? false;
}
