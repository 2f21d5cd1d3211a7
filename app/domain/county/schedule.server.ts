import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@db/client";
import { organisations } from "@db/schema";
import { shanghaiDate, shanghaiDayStart } from "../dates";
import { enqueue } from "../jobs/queue.internal.server";
import { addMonths, monthOfDay } from "./months";

// What the worker's schedule enqueues for every county with a bureau: tonight's stock position
// (at 22:00 Shanghai, after the shops close) and the close of last month. The unique keys name
// the work, so several workers running the schedule enqueue each job once.

export const STOCK_JOB = "county.stock";
export const CLOSE_JOB = "county.close";
const EVENING_MS = 22 * 60 * 60 * 1000;

export function enqueueCountyJobs(db: Db, now: number): number {
  const bureaus = db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, "bureau"), isNotNull(organisations.countyCode)))
    .all();
  const day = shanghaiDate(now);
  const lastMonth = addMonths(monthOfDay(day), -1);
  for (const b of bureaus) {
    enqueue(
      db,
      {
        orgId: b.id,
        kind: STOCK_JOB,
        payload: { day },
        uniqueKey: `${STOCK_JOB}:${b.id}:${day}`,
        runAt: shanghaiDayStart(day) + EVENING_MS,
      },
      now,
    );
    enqueue(
      db,
      { orgId: b.id, kind: CLOSE_JOB, payload: { month: lastMonth }, uniqueKey: `${CLOSE_JOB}:${b.id}:${lastMonth}` },
      now,
    );
  }
  return bureaus.length;
}
