import type { ActionFunctionArgs } from "@remix-run/node";
import { publicContext } from "~/auth/guard.server";
import { appClock } from "~/config.server";
import { DomainError } from "~/domain/errors";
import { processWebhook } from "~/domain/payments/webhook.server";
import { domainErrorBody } from "~/http/errors.server";

/**
 * POST /webhooks/stripe: the payment provider's events. Public (no session): it is
 * authenticated by its signature over the raw body, checked before anything else. A bad or
 * missing signature, a malformed event or an event type not handled is a 400 and writes
 * nothing; a redelivered event is a 200 that changes nothing. (A resource route answers with a
 * plain Response: `data()` statuses are not applied to resource routes here.)
 */
export async function action({ request }: ActionFunctionArgs) {
  const { db, locale } = await publicContext(request);
  if (request.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  // An event is a few kilobytes: a body announced as larger is not read.
  if (Number(request.headers.get("content-length") ?? 0) > 256 * 1024)
    return Response.json({ error: "too large" }, { status: 413 });
  const raw = await request.text();
  try {
    const outcome = processWebhook(db, raw, request.headers.get("stripe-signature"), appClock.now());
    return Response.json({ received: true, duplicate: outcome.duplicate }, { status: 200 });
  } catch (error) {
    if (error instanceof DomainError)
      return Response.json({ error: domainErrorBody(error, locale).formError }, { status: error.status });
    throw error;
  }
}
