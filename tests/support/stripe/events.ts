import { API_VERSION, newId, publicOf, type Store } from "./store";
import type { Account, Intent, Refund, Session, StripeEventRecord } from "./types";

// —— webhooks ——

export function eventOr(store: Store, eventId: string) {
  const event = store.events.find((e) => e.id === eventId);
  if (!event) throw new Error(`no event ${eventId}`);
  return event;
}

export function record(store: Store, type: string, object: unknown): StripeEventRecord {
  const event = {
    id: newId("evt"),
    object: "event",
    api_version: API_VERSION,
    created: store.secs(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
  const rec = { id: event.id, type, payload: JSON.stringify(event), deliveries: [] as number[] };
  store.events.push(rec);
  return rec;
}

export async function deliver(store: Store, event: StripeEventRecord, secret: string): Promise<number> {
  const signature = store.signer.webhooks.generateTestHeaderString({ payload: event.payload, secret });
  let status = 0;
  if (store.hooks.webhookHandler) status = await store.hooks.webhookHandler(event.payload, signature);
  else if (store.hooks.webhookUrl) {
    const res = await fetch(store.hooks.webhookUrl, {
      method: "POST",
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": signature,
        "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      },
      body: event.payload,
    });
    await res.arrayBuffer();
    status = res.status;
  }
  event.deliveries.push(status);
  return status;
}

function background(store: Store, fn: () => Promise<unknown>) {
  const p = fn().catch(() => undefined);
  store.inFlight.add(p);
  void p.finally(() => store.inFlight.delete(p));
}

/** Every state change is an event, delivered in the background like Stripe's (public fields only). */
export function emit(store: Store, type: string, object: Session | Intent | Refund | Account) {
  const event = record(store, type, publicOf(object));
  if (store.drop > 0) {
    store.drop--;
    event.deliveries.push(0);
    return;
  }
  if (!store.hooks.webhookHandler && !store.hooks.webhookUrl) return;
  if (store.reverse > 0) {
    store.held.push(event);
    store.reverse--;
    if (store.reverse === 0) {
      const batch = store.held.reverse();
      store.held = [];
      background(store, async () => {
        for (const e of batch) await deliver(store, e, store.webhookSecret);
      });
    }
    return;
  }
  background(store, async () => {
    await deliver(store, event, store.webhookSecret);
    if (store.duplicate) await deliver(store, event, store.webhookSecret);
  });
}
