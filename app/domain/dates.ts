import { TIME_ZONE } from "~/i18n/locale";

/**
 * Where domain code gets "now". The domain never reads the wall clock itself: the server hands
 * it `systemClock` (or a clock started at CLOCK_START), tests a pinned one.
 */
export type Clock = { now(): number };

/** The wall clock: the one place the app reads it. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stands still at `ms` until moved: for tests and for laying down history. */
export function fixedClock(ms: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let current = ms;
  return {
    now: () => current,
    set: (next) => {
      current = next;
    },
    advance: (by) => {
      current += by;
    },
  };
}

const ymd = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in Asia/Shanghai ("YYYY-MM-DD") at an instant: shops live on local days. */
export function shanghaiDate(epochMs: number): string {
  return ymd.format(epochMs);
}

/** Adds whole days to a "YYYY-MM-DD" date; calendar arithmetic, no time zone involved. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const t = Date.UTC(y, m - 1, d + days);
  return new Date(t).toISOString().slice(0, 10);
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
