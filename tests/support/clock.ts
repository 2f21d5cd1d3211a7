import { clockFromEnv } from "../../app/config.server";
import { fixedClock, shanghaiDate, type Clock, type FixedClock } from "../../app/domain/dates";

/**
 * The "now" of every test: Wednesday 2026-11-25 10:00 in Shanghai. Factories give each context a
 * clock pinned here, and `startTestServer` starts the server's clock here (CLOCK_START), so a
 * test's data and the server agree whatever the machine's date. A test that needs another moment
 * says so: `at(ctx, ms)`, or `ctx.clock.set(ms)` on a context of its own.
 */
export const PINNED_NOW = Date.UTC(2026, 10, 25, 2, 0);
/** The Shanghai calendar day of PINNED_NOW. */
export const PINNED_TODAY = shanghaiDate(PINNED_NOW);

/** A fresh clock pinned at PINNED_NOW (or `ms`): one per context, so moving one moves no other. */
export function pinnedClock(ms: number = PINNED_NOW): FixedClock {
  return fixedClock(ms);
}

/** The same context with its clock pinned at `ms`: "do this as if it were then". */
export function at<C extends { clock: Clock }>(ctx: C, ms: number): C {
  return { ...ctx, clock: fixedClock(ms) };
}

/** "YYYY-MM-DDTHH:mm" (or with seconds) read on a Shanghai clock, as epoch ms. */
export function shanghai(local: string): number {
  return Date.parse(`${local.length === 16 ? `${local}:00` : local}+08:00`);
}

/**
 * The environment that starts an app process's clock (server, worker, CLI) at PINNED_NOW. Every
 * process a test file starts shares one anchor (CLOCK_STARTED_AT, the real instant this file
 * loaded), so they all read the same time, a worker started later included, and time still
 * passes for them (sessions, leases).
 */
export const PINNED_CLOCK_ENV = {
  CLOCK_START: new Date(PINNED_NOW).toISOString(),
  CLOCK_STARTED_AT: String(Date.now()),
};

/**
 * The time as a test server (or worker) started with PINNED_CLOCK_ENV reads it: PINNED_NOW plus
 * the real time since this file loaded. For data laid down directly on that server's database
 * that its pages then judge against "now" (a deadline a second ago, a campaign due tomorrow).
 */
export const serverClock: Clock = clockFromEnv({ ...PINNED_CLOCK_ENV });
