import { systemClock, type Clock } from "~/domain/dates";

/**
 * Whether the site is served over HTTPS (the production default). Local demos and tests run on
 * plain http://localhost with ALLOW_HTTP=1: then cookies are not Secure, and the browser is not
 * told to upgrade requests to https or to remember HSTS.
 */
export const servedOverHttps = process.env.NODE_ENV === "production" && process.env.ALLOW_HTTP !== "1";

/**
 * The clock every request and job reads "now" from: the wall clock, or with CLOCK_START (an ISO
 * instant, for tests and demos) a clock that starts there and runs on with real elapsed time, so
 * sessions expire and job leases lapse as they would. The first process to read CLOCK_START notes
 * the real instant it did so in CLOCK_STARTED_AT; the processes it starts (the embedded worker, a
 * restarted one) inherit both and keep the same time instead of each starting over.
 */
export const appClock: Clock = clockFromEnv(process.env);

/** Exported for tests, which read the time their test server reads from the same variables. */
export function clockFromEnv(env: Record<string, string | undefined>): Clock {
  if (!env.CLOCK_START) return systemClock;
  const start = Date.parse(env.CLOCK_START);
  if (!Number.isFinite(start)) throw new Error(`CLOCK_START is not an ISO instant: ${env.CLOCK_START}`);
  const startedAt = Number(env.CLOCK_STARTED_AT) || systemClock.now();
  env.CLOCK_STARTED_AT = String(startedAt);
  return { now: () => start + (systemClock.now() - startedAt) };
}
