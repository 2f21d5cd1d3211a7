import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import {
  countyCells,
  countyPublications,
  jobs,
  organisations,
  stapleBasket,
  stockDaily,
  storeMonths,
} from "../../db/schema";
import { giveConsent } from "~/domain/county/consent.server";
import { closeCountyMonth, recordCountyStockPositions } from "~/domain/county/close-month.server";
import { addMonths, monthOfDay } from "~/domain/county/months";
import { CLOSE_JOB, enqueueCountyJobs, STOCK_JOB } from "~/domain/county/schedule.server";
import { shanghaiDate, shanghaiDayStart } from "~/domain/dates";
import { Forbidden } from "~/domain/errors";
import { systemCtx } from "~/domain/jobs/system-context.server";
import { handlers } from "../../workers/registry";
import { runOnce } from "../../workers/runner";
import { schedules } from "../../workers/schedules";
import { at, PINNED_NOW, shanghai } from "../support/clock";
import { makeBureau } from "../support/county";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";

// The county's scheduled jobs through the real worker pieces (the schedule, the queue, the
// registered handlers): each runs once per county and period, and a retry changes nothing.

const { db, close } = createTestDb();
afterAll(() => close());
const today = shanghaiDate(PINNED_NOW);
const lastMonth = addMonths(monthOfDay(today), -1);
let bureau: Awaited<ReturnType<typeof makeBureau>>;

beforeAll(async () => {
  bureau = await makeBureau(db);
  db.insert(stapleBasket)
    .values({ countyCode: "410225", item: "大米", matchKind: "category", matchValue: "粮油" })
    .run();
  for (let i = 0; i < 6; i += 1) {
    const { ctx, org } = await makeStore(db);
    db.update(organisations).set({ placeCode: "410225106" }).where(eq(organisations.id, org.id)).run();
    makeProduct(ctx, { name: `大米${i}`, category: "粮油", priceFen: 3000 + i });
    giveConsent(at(ctx, shanghai(`${addMonths(lastMonth, -1)}-03T09:00`)));
  }
});

const jobsOf = (kind: string) => db.select().from(jobs).where(eq(jobs.kind, kind)).all();

describe("the county schedule", () => {
  it("enqueues tonight's stock position and last month's close once per bureau, however often it runs", () => {
    const schedule = schedules.find((s) => s.name === "county.jobs")!;
    schedule.run(db, PINNED_NOW, () => {});
    schedule.run(db, PINNED_NOW + 60_000, () => {});
    enqueueCountyJobs(db, PINNED_NOW + 120_000);
    const stock = jobsOf(STOCK_JOB).filter((j) => j.orgId === bureau.org.id);
    const close = jobsOf(CLOSE_JOB).filter((j) => j.orgId === bureau.org.id);
    expect(stock).toHaveLength(1);
    expect(JSON.parse(stock[0].payload)).toEqual({ day: today });
    expect(stock[0].runAt).toBe(shanghaiDayStart(today) + 22 * 3600_000);
    expect(close).toHaveLength(1);
    expect(JSON.parse(close[0].payload)).toEqual({ month: lastMonth });
  });

  it("runs the close through the worker: the month is rolled up and published", async () => {
    const now = () => PINNED_NOW + 180_000;
    let ran = 0;
    for (let r = await runOnce(db, handlers, "w1", { now }); r; r = await runOnce(db, handlers, "w1", { now })) {
      expect(r.outcome).toBe("done");
      ran += 1;
    }
    expect(ran).toBe(1); // the stock job waits for 22:00
    const published = db
      .select()
      .from(countyPublications)
      .where(and(eq(countyPublications.countyCode, "410225"), eq(countyPublications.month, lastMonth)))
      .get();
    expect(published?.stores).toBe(6);
    expect(db.select().from(storeMonths).where(eq(storeMonths.month, lastMonth)).all()).toHaveLength(6);
  });

  it("runs the stock position at 22:00: one row per store and staple product of the day", async () => {
    const late = () => shanghaiDayStart(today) + 22 * 3600_000 + 1;
    const r = await runOnce(db, handlers, "w1", { now: late });
    expect(r).toMatchObject({ kind: STOCK_JOB, outcome: "done" });
    const rows = db.select().from(stockDaily).where(eq(stockDaily.day, today)).all();
    expect(rows).toHaveLength(6);
    expect(rows.every((s) => s.onHand === 0)).toBe(true);
  });

  it("is safe to retry: a second close or stock run writes nothing new", () => {
    const ctx = systemCtx(db, bureau.org.id, { now: () => PINNED_NOW });
    const cells = db.select().from(countyCells).where(eq(countyCells.period, lastMonth)).all();
    expect(closeCountyMonth(ctx, lastMonth)).toEqual({ month: lastMonth, published: false, stores: 6 });
    expect(db.select().from(countyCells).where(eq(countyCells.period, lastMonth)).all()).toEqual(cells);
    expect(recordCountyStockPositions(ctx, today)).toBe(6);
    expect(db.select().from(stockDaily).where(eq(stockDaily.day, today)).all()).toHaveLength(6);
  });

  it("is the worker's alone for the stock position; a director may close, a store may not", async () => {
    expect(() => recordCountyStockPositions(bureau.ctx, today)).toThrow(Forbidden);
    const { ctx } = await makeStore(db);
    expect(() => closeCountyMonth(ctx, lastMonth)).toThrow(Forbidden);
    expect(() => closeCountyMonth(bureau.ctx, monthOfDay(today))).toThrow(); // not over yet
  });
});
