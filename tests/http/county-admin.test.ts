import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { countyPublications, places, stapleBasket } from "../../db/schema";
import { addMonths } from "~/domain/county/months";
import { enqueueCountyJobs } from "~/domain/county/schedule.server";
import { shanghaiDate, shanghaiDayStart } from "~/domain/dates";
import { handlers } from "../../workers/registry";
import { runOnce } from "../../workers/runner";
import { COUNTY_MONTH, countyWithMonths, makeBureau } from "../support/county";
import { PINNED_NOW } from "../support/clock";
import { makeStore } from "../support/factories";
import { shows, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";

// The director's pages: publish a closed month, keep the staple basket, import places; hostile
// input is a 4xx and writes nothing; the worker's month close shows on the bureau's pages.

let server: TestServer;
let director: Client;
let otherDirector: Client;
let owner: Client;

beforeAll(async () => {
  server = await startTestServer();
  const county = await countyWithMonths(server.db);
  director = new Client(server.url);
  await director.logIn(county.bureau.user.phone, county.bureau.user.password);
  const other = await makeBureau(server.db, "410726");
  otherDirector = new Client(server.url);
  await otherDirector.logIn(other.user.phone, other.user.password);
  const shop = await makeStore(server.db);
  owner = new Client(server.url);
  await owner.logIn(shop.user.phone, shop.user.password);
});
afterAll(() => server?.stop());

/** The page shows `text` somewhere in its visible markup. */
const has = (html: string, text: string) => visibleHtml(html).includes(text);

const publications = (county = "410225") =>
  server.db.select().from(countyPublications).where(eq(countyPublications.countyCode, county)).all().length;

describe("publishing a month", () => {
  const next = addMonths(COUNTY_MONTH, -1);

  it("is done by the worker's close job on its own, and the bureau's pages show it", async () => {
    enqueueCountyJobs(server.db, PINNED_NOW);
    const lastMonth = addMonths(COUNTY_MONTH, 1); // PINNED_NOW's month − 1, not yet published
    const late = () => shanghaiDayStart(shanghaiDate(PINNED_NOW)) + 23 * 3600_000;
    while (await runOnce(server.db, handlers, "w-test", { now: late }));
    expect(publications()).toBe(2);
    while (await runOnce(server.db, handlers, "w-test", { now: late })); // nothing left: the keys are taken
    enqueueCountyJobs(server.db, PINNED_NOW + 3600_000);
    expect(publications()).toBe(2);
    const res = await director.get("/county");
    expect(res.status).toBe(200);
    expect(has(visibleHtml(await res.text()), `最新发布月份：${lastMonth}`)).toBe(true);
  });

  it("lists the closed months not yet published and publishes one, once", async () => {
    const page = visibleHtml(await (await director.get("/county/publish")).text());
    expect(has(page, `汇总并发布 ${next}`)).toBe(true);
    expect(has(page, `汇总并发布 ${COUNTY_MONTH}`)).toBe(false);
    const res = await director.post("/county/publish", { month: next });
    expect(res.status).toBe(200);
    expect(has(visibleHtml(await res.text()), `${next} 已发布`)).toBe(true);
    const again = await director.post("/county/publish", { month: next });
    expect(has(visibleHtml(await again.text()), `${next} 早已发布`)).toBe(true);
    expect(shows(visibleHtml(await (await director.get(`/county/report?month=${next}`)).text()), "满足率")).toBe(true);
  });

  it("refuses hostile months with a 400 and writes nothing", async () => {
    const before = publications();
    for (const month of ["2026-13", "<script>alert(1)</script>", "2026-01' OR 1=1", "9999-12", ""]) {
      const res = await director.post("/county/publish", { month });
      expect(res.status, month).toBe(400);
    }
    expect(publications()).toBe(before);
    expect((await owner.post("/county/publish", { month: addMonths(COUNTY_MONTH, -1) })).status).toBe(403);
    expect(publications()).toBe(before);
  });
});

describe("the staple basket", () => {
  const count = () => server.db.select().from(stapleBasket).where(eq(stapleBasket.countyCode, "410225")).all().length;

  it("adds and removes an entry", async () => {
    const add = await director.post("/county/basket", {
      intent: "add",
      item: "食盐",
      matchKind: "barcode",
      matchValue: "6901234567892",
    });
    expect(add.status).toBe(302);
    expect(shows(visibleHtml(await (await director.get("/county/basket")).text()), "6901234567892")).toBe(true);
    const n = count();
    const remove = await director.post("/county/basket", {
      intent: "remove",
      item: "食盐",
      matchKind: "barcode",
      matchValue: "6901234567892",
    });
    expect(remove.status).toBe(302);
    expect(count()).toBe(n - 1);
  });

  it("answers hostile input with a 4xx and the reason, and writes nothing", async () => {
    const n = count();
    const bad: [Record<string, string>, number, string | null][] = [
      [{ intent: "add", item: "大米", matchKind: "barcode", matchValue: "12ab" }, 400, "条码应为 8–14 位数字"],
      [{ intent: "add", item: "", matchKind: "category", matchValue: "粮油" }, 400, null],
      [{ intent: "add", item: "大米", matchKind: "sql", matchValue: "x" }, 400, null],
      [{ intent: "add", item: "大米".repeat(30), matchKind: "category", matchValue: "粮油" }, 400, null],
      [{ intent: "drop-table", item: "大米", matchKind: "category", matchValue: "粮油" }, 400, null],
      [{ intent: "remove", item: "没有", matchKind: "category", matchValue: "没有" }, 404, null],
    ];
    for (const [form, status, message] of bad) {
      const res = await director.post("/county/basket", form);
      expect(res.status, JSON.stringify(form)).toBe(status);
      if (message) expect(shows(visibleHtml(await res.text()), message)).toBe(true);
    }
    expect(
      (await owner.post("/county/basket", { intent: "add", item: "盐", matchKind: "category", matchValue: "盐" }))
        .status,
    ).toBe(403);
    expect(count()).toBe(n);
  });
});

describe("importing places", () => {
  const csv = (text: string) => {
    const form = new FormData();
    form.set("file", new Blob([text], { type: "text/csv" }), "places.csv");
    return form;
  };
  const placesOf = (county: string) =>
    server.db.select().from(places).where(eq(places.countyCode, county)).all().length;

  it("refuses a file with any bad row, or no file, and writes nothing", async () => {
    const bad = [
      "代码,名称\n410726100,城关镇\n410225001,兰阳街道\n", // another county's code in the middle
      "代码,名称\n410726100,城关镇\n410726100001,<script>alert(1)</script>很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长\n",
      "代码,名称\n410726200001,孤村\n",
      "代码,名称\n",
    ];
    for (const text of bad) expect((await otherDirector.post("/county/places", csv(text))).status, text).toBe(400);
    expect((await otherDirector.post("/county/places", { file: "not a file" })).status).toBe(400);
    expect(placesOf("410726")).toBe(0);
    expect((await owner.post("/county/places", csv("代码,名称\n410726100,城关镇\n"))).status).toBe(403);
    expect(placesOf("410726")).toBe(0);
  });

  it("imports a county's townships and villages and lists them", async () => {
    const res = await otherDirector.post(
      "/county/places",
      csv("\uFEFF代码,名称,曾用名\n410726100,城关镇,\n410726100001,东关村,\n410726101,太平镇,大平乡\n"),
    );
    expect(res.status).toBe(200);
    expect(has(visibleHtml(await res.text()), "已导入乡镇 2 个、村 1 个")).toBe(true);
    expect(placesOf("410726")).toBe(3);
    expect(shows(visibleHtml(await (await otherDirector.get("/county/places")).text()), "410726101 太平镇")).toBe(true);
  });
});
