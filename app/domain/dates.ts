// The one time module: where "now" comes from, and the Asia/Shanghai calendar the shops live on.
// Browser-safe (no server imports): routes and components may use the calendar helpers too.

/**
 * Where domain code gets "now". The domain never reads the wall clock itself: the server hands
 * it `systemClock` (or a clock started at CLOCK_START), tests a pinned one.
 */
export type Clock = { now(): number };

/** The wall clock: the one place the app reads it. */
// eslint-disable-next-line no-restricted-syntax -- the one wall-clock read the app is allowed
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that stands still at `ms` until moved: for tests and for laying down history. */
export type FixedClock = Clock & { set(ms: number): void; advance(ms: number): void };

export function fixedClock(ms: number): FixedClock {
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

export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** Asia/Shanghai keeps UTC+8 all year (no daylight saving since 1991), so plain arithmetic is exact. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** The calendar date in Asia/Shanghai ("YYYY-MM-DD") at an instant: shops live on local days. */
export function shanghaiDate(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The hour (0–23) on a Shanghai clock at an instant. */
export function shanghaiHour(epochMs: number): number {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).getUTCHours();
}

/** The instant (UTC epoch ms) a Shanghai calendar day starts. */
export function shanghaiDayStart(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) - SHANGHAI_OFFSET_MS;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "YYYY-MM-DD" + "HH:mm" read on a clock in Asia/Shanghai, as UTC epoch ms; null if either is not valid. */
export function shanghaiInstant(date: string, time: string): number | null {
  if (!isValidDate(date) || !HH_MM.test(time)) return null;
  const [hh, mm] = time.split(":").map(Number);
  return shanghaiDayStart(date) + hh * HOUR_MS + mm * MINUTE_MS;
}

/** An instant as date and time on a Shanghai clock (the inverse of `shanghaiInstant`, to the minute). */
export function shanghaiParts(epochMs: number): { date: string; time: string } {
  const iso = new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** Adds whole days to a "YYYY-MM-DD" date; calendar arithmetic, no time zone involved. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from one "YYYY-MM-DD" date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((shanghaiDayStart(to) - shanghaiDayStart(from)) / DAY_MS);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a "YYYY-MM-DD" calendar date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday ("YYYY-MM-DD") of the ISO week a calendar date falls in. */
export function isoWeekMonday(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The ISO week of a calendar date, "YYYY-Www": the year is the one its Thursday falls in (2027-01-01 is "2026-W53"). */
export function isoWeek(date: string): string {
  const thursday = addDays(isoWeekMonday(date), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const [y, m, d] = date.split("-").map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
