import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { deliveryRuns } from "../schema";
import type { Ctx } from "../../app/domain/context.server";
import { addDays, shanghaiDate, shanghaiDayStart } from "../../app/domain/dates";
import { cutoffFor, isoWeekday, parseWeekdays, type RouteSchedule } from "../../app/domain/distribution/delivery-dates";
import type { At } from "./moments";
import { showcaseReportsTransfer } from "./newuser";
import { restockSteps } from "./restock-steps";

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type Sku = {
  id: string;
  name: string;
  category: string;
  packSize: number;
  casePriceFen: number;
  minOrderPacks: number;
};
export type Seat = {
  ctx: Ctx;
  routeId: string;
  stopSeq: number;
  terms: "cod" | "account";
  member: boolean;
  favourites: Sku[];
  /** Chance of ordering for any one delivery of its route. */
  keen: number;
  /** 张庄村便民超市: the store the demo opens on; its story is steered, not left to chance. */
  showcase: boolean;
};
export type MonthRoute = RouteSchedule & { id: string; name: string };

export type Month = {
  db: Db;
  now: number;
  random: () => number;
  at: At;
  dist: Ctx;
  driver: Ctx;
  routes: { id: string; name: string; weekdays: string }[];
  seats: Seat[];
  priceOf: (seat: Seat, sku: Sku) => number;
};

/** Events in time order; whatever would happen after `limit` has not happened yet. */
export class Timeline {
  private events: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  constructor(readonly limit: number) {}
  add(at: number, fn: () => void) {
    if (at > this.limit) return;
    const e = { at, seq: this.seq++, fn };
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid].at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.events.splice(lo, 0, e);
  }
  run() {
    for (let e = this.events.shift(); e; e = this.events.shift()) e.fn();
  }
}

/** A moment in [start, end) when a shopkeeper is up (07:00-22:00), if the window has one. */
function daytime(start: number, end: number, random: () => number): number {
  let t = start;
  for (let i = 0; i < 6; i++) {
    t = start + random() * (end - start);
    const hour = ((t + 8 * HOUR) % DAY) / HOUR;
    if (hour >= 7 && hour < 22) break;
  }
  return t;
}

/** An instant at a local (Asia/Shanghai) wall-clock time on a calendar date. */
export function local(date: string, hh: number, mm = 0): number {
  return shanghaiDayStart(date) + hh * HOUR + mm * MINUTE;
}

/**
 * A month of restock orders, replayed in time order through the real use cases: shops fill carts
 * before each cut-off, the office confirms (or now and then rejects; a shop sometimes cancels),
 * the warehouse picks at dawn (a few short lines, backordered or dropped), the van leaves at
 * 07:30 and the driver takes delivery codes and cash along the route, shops check the goods in
 * (now and then a damaged or missing pack becomes a claim the office credits or rejects), and
 * twice a week the office books what the shops paid.
 *
 * The runs before the latest dispatched one are completed. That one (today's, or the last
 * working day's) is still on the road with half its stops done; the next is being picked; later
 * ones are planned, holding confirmed orders and fresh carts still waiting for the office.
 */
export function seedRestockMonth(m: Month) {
  const { now, random } = m;
  const timeline = new Timeline(now - 5 * MINUTE);
  const today = shanghaiDate(now);
  const routes: MonthRoute[] = m.routes.map((r) => ({ ...r, cutoffTime: "18:00", cutoffDaysBefore: 1 }));
  const dates = (r: MonthRoute) => {
    const out: string[] = [];
    for (let d = addDays(today, -32); d <= addDays(today, 8); d = addDays(d, 1))
      if (parseWeekdays(r.weekdays).includes(isoWeekday(d))) out.push(d);
    return out;
  };
  const all = [...new Set(routes.flatMap(dates))].sort();
  const onRoad = all.filter((d) => local(d, 8) <= now).at(-1)!;
  const nextUp = all.find((d) => d > onRoad)!;
  const steps = restockSteps(m, timeline);

  for (const route of routes) {
    const ds = dates(route);
    const seats = m.seats.filter((s) => s.routeId === route.id);
    for (let i = 1; i < ds.length; i++) {
      const date = ds[i];
      const end = cutoffFor(route, date) - 15 * MINUTE;
      const start = Math.max(cutoffFor(route, ds[i - 1]), end - 60 * HOUR, now - 30 * DAY);
      if (start < end) {
        for (const seat of seats) {
          if (random() >= seat.keen) continue;
          const t = daytime(start, end, random);
          timeline.add(t, () => steps.submit(seat, t));
        }
      }
      const run = () =>
        m.db
          .select()
          .from(deliveryRuns)
          .where(
            and(
              eq(deliveryRuns.orgId, m.dist.org.id),
              eq(deliveryRuns.routeId, route.id),
              eq(deliveryRuns.deliveryDate, date),
            ),
          )
          .get();
      const step = (t: number, fn: (t: number) => void) => timeline.add(t, () => fn(t));
      if (date <= onRoad) {
        step(local(date, 5, 30), (t) => steps.startPicking(t, run()));
        step(local(date, 6, 15), (t) => steps.recordShortPicks(t, run()));
        step(local(date, 7, 30), (t) =>
          steps.dispatch(t, run(), date === onRoad ? Math.min(local(date, 16), now - 5 * MINUTE) : null),
        );
        if (date < onRoad) step(local(date, 17, 30), (t) => steps.complete(t, run()));
      } else if (date === nextUp) {
        const start = Math.min(local(date, 5, 30), now - 25 * MINUTE);
        step(start, (t) => steps.startPicking(t, run()));
        // Half the orders are picked so far.
        step(start + 10 * MINUTE, (t) => steps.recordShortPicks(t, run(), 0.5));
      }
    }
  }
  // The office books payments on Wednesday and Saturday evenings; that morning the showcase
  // store transfers what it owes and reports it (db/seed/newuser.ts), for the office to confirm.
  const showcase = m.seats.find((s) => s.showcase);
  for (let d = addDays(today, -30); d <= today; d = addDays(d, 1)) {
    const weekday = isoWeekday(d);
    const t = local(d, 19, 30);
    if (weekday !== 3 && weekday !== 6) continue;
    const morning = local(d, 9, 30);
    if (showcase) timeline.add(morning, () => showcaseReportsTransfer(m, showcase, morning));
    timeline.add(t, () => steps.payments(t, weekday === 6));
  }
  timeline.run();
  // The last hour's carts, which the office has not opened yet.
  for (const seat of m.seats.filter((s, i) => s.showcase || i % 13 === 5)) {
    const t = now - (10 + random() * 50) * MINUTE;
    steps.submit(seat, t, false);
  }
}
