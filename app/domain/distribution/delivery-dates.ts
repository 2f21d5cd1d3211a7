import { addDays, isoWeekday, shanghaiDate, shanghaiInstant } from "../dates";

export type RouteSchedule = {
  /** ISO weekdays, 1 = Monday … 7 = Sunday, comma-separated ("2,5"). */
  weekdays: string;
  /** "HH:MM" in Asia/Shanghai. */
  cutoffTime: string;
  /** Orders close this many days before the delivery day, at cutoffTime. */
  cutoffDaysBefore: number;
};

export type NextDelivery = { deliveryDate: string; cutoffAt: number };

// The calendar lives in dates.ts; re-exported for the modules that read it beside the schedule.
export { isoWeekday } from "../dates";

export function parseWeekdays(weekdays: string): number[] {
  return [...new Set(weekdays.split(",").map((s) => Number(s.trim())))]
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= 7)
    .sort();
}

/** The instant orders close for a delivery on `deliveryDate` (the cut-off is local time). */
export function cutoffFor(schedule: RouteSchedule, deliveryDate: string): number {
  const at = shanghaiInstant(addDays(deliveryDate, -schedule.cutoffDaysBefore), schedule.cutoffTime);
  if (at === null) throw new Error(`invalid cut-off ${schedule.cutoffTime} before ${deliveryDate}`);
  return at;
}

/**
 * The first delivery day of the route whose cut-off is still ahead at `now`. An order placed
 * after tonight's cut-off therefore goes to the following delivery, and the store can be told so
 * before it submits.
 */
export function nextDelivery(schedule: RouteSchedule, now: number): NextDelivery | null {
  const days = parseWeekdays(schedule.weekdays);
  if (days.length === 0) return null;
  const today = shanghaiDate(now);
  for (let i = 0; i <= 14 + schedule.cutoffDaysBefore; i++) {
    const date = addDays(today, i);
    if (!days.includes(isoWeekday(date))) continue;
    const cutoffAt = cutoffFor(schedule, date);
    if (now < cutoffAt) return { deliveryDate: date, cutoffAt };
  }
  return null;
}

/** The delivery after `deliveryDate` on the same route (where backorders go). */
export function followingDelivery(schedule: RouteSchedule, deliveryDate: string): string | null {
  const days = parseWeekdays(schedule.weekdays);
  for (let i = 1; i <= 7; i++) {
    const date = addDays(deliveryDate, i);
    if (days.includes(isoWeekday(date))) return date;
  }
  return null;
}
