import { createHash } from "node:crypto";
import type http from "node:http";
import { api } from "./api";
import { ApiError, parseStripeForm } from "./form";
import { checkoutRequest, onboardingRequest } from "./hosted";
import { expireDue } from "./sessions";
import { API_VERSION, newId, type Store } from "./store";

// The HTTP routing: the hosted pages, then the API (Bearer secret key, form bodies,
// Idempotency-Key replays, Stripe-shaped errors). Due sessions expire on every request.

export function requestHandler(store: Store) {
  const { idempotent, requests, secretKey } = store;
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", store.base);
    const method = req.method ?? "GET";
    expireDue(store);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "Content-Type": "application/json",
        "Request-Id": newId("req"),
        "Stripe-Version": API_VERSION,
        ...headers,
      });
      res.end(text);
      return text;
    };

    const onboarding = /^\/connect\/onboard\/([^/]+)$/.exec(url.pathname);
    if (onboarding) {
      onboardingRequest(store, decodeURIComponent(onboarding[1]), method, raw, res);
      return;
    }
    const page = /^\/checkout\/([^/]+)$/.exec(url.pathname);
    if (page) {
      checkoutRequest(store, decodeURIComponent(page[1]), method, raw, res);
      return;
    }

    if (!url.pathname.startsWith("/v1/")) {
      res.writeHead(404);
      res.end();
      return;
    }
    const auth = req.headers.authorization ?? "";
    if (auth !== `Bearer ${secretKey}` || !secretKey.startsWith("sk_test_")) {
      json(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } });
      return;
    }
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const params = method === "GET" ? {} : parseStripeForm(raw);
    requests.push({ method, path: url.pathname, idempotencyKey: key, params });
    const fingerprint = createHash("sha256").update(`${method} ${url.pathname} ${raw}`).digest("hex");
    if (key && method === "POST") {
      const seen = idempotent.get(key);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          json(400, {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          });
        } else {
          res.writeHead(seen.status, {
            "Content-Type": "application/json",
            "Idempotent-Replayed": "true",
            "Stripe-Version": API_VERSION,
          });
          res.end(seen.body);
        }
        return;
      }
    }
    let status = 200;
    let body: string;
    try {
      body = json(200, api(store, method, url.pathname, params, url.searchParams));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        status = 500;
        body = json(500, { error: { type: "api_error", message: String(error) } });
      } else {
        status = error.status;
        body = json(error.status, { error: error.body });
      }
    }
    if (key && method === "POST" && status !== 500) idempotent.set(key, { fingerprint, status, body });
  };
}
