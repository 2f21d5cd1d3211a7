import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { organisations, storeMonths } from "../../db/schema";
import type { PersonCtx } from "~/domain/context.server";
import { consentStatus, giveConsent, withdrawConsent } from "~/domain/county/consent.server";
import { countyHome, countyReport } from "~/domain/county/figures.server";
import { addMonths, monthOfDay } from "~/domain/county/months";
import { publishMonth } from "~/domain/county/publish.server";
import { countyReportXlsx } from "~/domain/county/report-xlsx.server";
import { readXlsx } from "~/domain/sheets/xlsx.server";
import { shanghaiDate } from "~/domain/dates";
import { Forbidden } from "~/domain/errors";
import { at, PINNED_NOW, shanghai } from "../support/clock";
import { createTestDb } from "../support/db";
import { addMember, makeOrg, makeStore, makeUser } from "../support/factories";

const { db, close } = createTestDb();
const month = addMonths(monthOfDay(shanghaiDate(PINNED_NOW)), -2);
const next = addMonths(month, 1);
const stores: PersonCtx[] = [];
let bureau: PersonCtx;
let otherBureau: PersonCtx;

async function makeBureau(countyCode: string): Promise<PersonCtx> {
  const org = makeOrg(db, "bureau");
  db.update(organisations).set({ countyCode }).where(eq(organisations.id, org.id)).run();
  const user = await makeUser(db);
  addMember(db, org.id, user.id, "director");
  const actor = { kind: "person" as const, id: user.id, name: user.name, phone: user.phone };
  return { db, actor, org, role: "director", locale: "zh-CN", clock: stores[0].clock };
}

/** A store month as the month-close rollup writes it. */
function storeMonth(ctx: PersonCtx, m: string, township: string, salesFen: number) {
  db.insert(storeMonths)
    .values({
      orgId: ctx.org.id,
      month: m,
      countyCode: "410225",
      townshipCode: township,
      salesFen,
      creditFen: Math.round(salesFen / 10),
      restockFen: Math.round(salesFen * 0.7),
      stockDays: 100,
      stockoutDays: 5,
      sellingDays: 20,
      basketFen: 5000,
    })
    .run();
}

beforeAll(async () => {
  // 兰阳街道 12 stores, 东坝头镇 8 (one of them dominant), 堌阳镇 6, 闫楼乡 2: consent given well before.
  const plan: [string, number][] = [
    ...Array.from({ length: 12 }, (): [string, number] => ["410225001", 100_000]),
    ...Array.from({ length: 6 }, (): [string, number] => ["410225101", 60_000]),
    ...Array.from({ length: 7 }, (): [string, number] => ["410225106", 50_000]),
    ["410225106", 3_000_000],
    ["410225209", 80_000],
    ["410225209", 90_000],
  ];
  for (const [township, fen] of plan) {
    const { ctx } = await makeStore(db);
    db.update(organisations).set({ placeCode: township }).where(eq(organisations.id, ctx.org.id)).run();
    const early = at(ctx, shanghai(`${addMonths(month, -2)}-10T09:00`));
    giveConsent(early);
    stores.push(ctx);
    storeMonth(ctx, month, township, fen);
    storeMonth(ctx, next, township, fen);
  }
  bureau = await makeBureau("410225");
  otherBureau = await makeBureau("410726");
  publishMonth(bureau, month);
});
afterAll(() => close());

describe("a published month", () => {
  it("counts every store of the register by township, consenting or not", () => {
    const home = countyHome(bureau);
    const lanyang = home.counts.find((c) => c.name === "兰阳街道")!;
    expect(lanyang).toMatchObject({ stores: 12, consenting: 12, inAlliance: 0, linked: 0 });
    expect(home.publishedStores).toBe(stores.length);
  });

  it("hides the township of too few stores and the dominated one, and shows the rest", () => {
    const report = countyReport(bureau, month);
    const names = report.townships.map((t) => t.name);
    // 闫楼乡's two stores are pooled with the smallest other township before any blanking.
    expect(names.some((n) => n.includes("闫楼乡"))).toBe(true);
    const lanyang = report.townships.find((t) => t.name === "兰阳街道")!;
    expect(lanyang.now.restockFen).toEqual({ state: "shown", value: 12 * 70_000 });
    const dongbatou = report.townships.find((t) => t.name.includes("东坝头镇"))!;
    expect(dongbatou.now.restockFen.state).toBe("confidential");
    // The county total would give 东坝头镇 away by subtraction: it is hidden with it.
    const hiddenInColumn = [report.county.now, ...report.townships.map((t) => t.now)].filter(
      (h) => h.restockFen.state !== "shown",
    );
    expect(hiddenInColumn.length).toBeGreaterThanOrEqual(2);
  });

  it("carries the same labels into the export, never a zero", async () => {
    const file = await countyReportXlsx(bureau, month);
    const rows = await readXlsx(file.body, 1000);
    const flat = rows.flat();
    expect(flat).toContain("保密");
    const restockRows = rows.filter((r) => r[1] === "进货额");
    expect(restockRows.length).toBeGreaterThan(1);
    for (const r of restockRows) expect(r[2]).not.toBe("0");
  });

  it("is frozen: a withdrawal later changes nothing published, and applies to the next month", () => {
    const before = countyReport(bureau, month);
    const leaving = stores[0];
    expect(consentStatus(leaving).publishedWithMyData).toEqual([month]);
    withdrawConsent(at(leaving, shanghai(`${next}-15T10:00`)));
    publishMonth(bureau, month); // a retry: still the same figures
    expect(countyReport(bureau, month)).toEqual(before);
    publishMonth(bureau, next);
    const after = countyReport(bureau, next);
    expect(after.stores.now).toBe(before.stores.now - 1);
    expect(consentStatus(leaving).publishedWithMyData).toEqual([month]);
    const lanyang = after.townships.find((t) => t.name === "兰阳街道")!;
    expect(lanyang.now.restockFen).toEqual({ state: "shown", value: 11 * 70_000 });
  });

  it("refuses a month not yet over, and a month that is no month", () => {
    expect(() => publishMonth(bureau, monthOfDay(shanghaiDate(PINNED_NOW)))).toThrow();
    expect(() => publishMonth(bureau, "2026-13")).toThrow();
    expect(() => countyReport(bureau, "'; drop table x")).toThrow();
  });
});

describe("another county's bureau", () => {
  it("sees nothing of this county", () => {
    const home = countyHome(otherBureau);
    expect(home.months).toEqual([]);
    expect(home.counts).toEqual([]);
    expect(home.townships).toEqual([]);
    expect(() => countyReport(otherBureau, month)).toThrow();
  });
});

describe("who may read", () => {
  it("a store owner cannot read the county's figures, a bureau cannot give a store's consent", () => {
    expect(() => countyHome(stores[1])).toThrow(Forbidden);
    expect(() => giveConsent(bureau)).toThrow(Forbidden);
  });
});
