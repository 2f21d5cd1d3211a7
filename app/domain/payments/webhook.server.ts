import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@db/client";
import { paymentEvents } from "@db/schema";
import { inTransaction } from "../context.server";
import { Invalid } from "../errors";
import { applyIntent } from "./payments.internal.server";
import { verifiedEvent } from "./stripe.server";

/** The PaymentIntent events the app acts on; anything else is refused (400) and not stored. */
export const HANDLED_EVENTS = [
  "payment_intent.amount_capturable_updated",
  "payment_intent.succeeded",
  "payment_intent.canceled",
  "payment_intent.payment_failed",
  "payment_intent.processing",
  "payment_intent.requires_action",
] as const;

/** A PaymentIntent event is a few kilobytes; anything this large is not one. */
const MAX_BODY_CHARS = 256 * 1024;

const intentSchema = z.object({
  id: z.string().min(1).max(255),
  object: z.literal("payment_intent"),
  status: z.enum([
    "requires_payment_method",
    "requires_confirmation",
    "requires_action",
    "processing",
    "requires_capture",
    "canceled",
    "succeeded",
  ]),
  amount: z.number().int().min(0),
  amount_received: z.number().int().min(0).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  last_payment_error: z.object({ message: z.string().nullish(), code: z.string().nullish() }).passthrough().nullish(),
});

const eventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.enum(HANDLED_EVENTS),
  data: z.object({ object: intentSchema }),
});

export type WebhookOutcome = { eventId: string; type: string; duplicate: boolean; applied: boolean };

/**
 * A webhook from the payment provider. The signature is checked over the raw body first (a bad
 * or missing one is a 400, nothing read further); the event must have the shape of a handled
 * PaymentIntent event (otherwise 400, nothing written). Then, in ONE transaction, the event is
 * stored by its id and applied: a redelivered event finds its id and changes nothing.
 * An event about an intent this app never made is stored and ignored. This is the public entry
 * for the webhook route: nothing is read or written before the signature holds.
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
  const parsed = eventSchema.safeParse(verified);
  if (!parsed.success)
    throw new Invalid(
      typeof type === "string" && !(HANDLED_EVENTS as readonly string[]).includes(type)
        ? "payments.unknownEvent"
        : "payments.badWebhook",
    );
  const event = parsed.data;
  const intent = event.data.object;
  return inTransaction(db, (tx) => {
    const inserted = tx
      .insert(paymentEvents)
      .values({
        id: event.id,
        type: event.type,
        intentId: intent.id,
        payload: rawBody,
        receivedAt: now,
        processedAt: null,
      })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) return { eventId: event.id, type: event.type, duplicate: true, applied: false };
    const applied = applyIntent(tx, intent, now);
    tx.update(paymentEvents).set({ processedAt: now }).where(eq(paymentEvents.id, event.id)).run();
    return { eventId: event.id, type: event.type, duplicate: false, applied: applied?.changed ?? false };
  });
}
