import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readXlsx } from "~/domain/sheets/xlsx.server";
import { COUNTY_MONTH, countyWithMonths, makeBureau } from "../support/county";
import { makeStore } from "../support/factories";
import { shows, visibleHtml } from "../support/html";
import { ROOT } from "../support/paths";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let bureau: Client;
let otherBureau: Client;
let owner: Client;
let county: Awaited<ReturnType<typeof countyWithMonths>>;

beforeAll(async () => {
  server = await startTestServer();
  county = await countyWithMonths(server.db);
  const other = await makeBureau(server.db, "410726");
  bureau = new Client(server.url);
  await bureau.logIn(county.bureau.user.phone, county.bureau.user.password);
  otherBureau = new Client(server.url);
  await otherBureau.logIn(other.user.phone, other.user.password);
  const shop = await makeStore(server.db);
  owner = new Client(server.url);
  await owner.logIn(shop.user.phone, shop.user.password);
});
afterAll(() => server?.stop());

/** Every page path of another kind of organisation, from the route files (params filled in). */
function otherKindsPaths(): string[] {
  return fs
    .readdirSync(path.join(ROOT, "app/routes"))
    .filter((f) => /^(store|distributor|alliance)[.]/.test(f) || /^(store|distributor|alliance)\.tsx$/.test(f))
    .map(
      (f) =>
        "/" +
        f
          .replace(/\.tsx?$/, "")
          .replace(/\[\.\]/g, "~dot~")
          .split(".")
          .filter((s) => s !== "_index")
          .map((s) => s.replace(/_$/, "").replace(/^\$\w+/, "x"))
          .join("/")
          .replace(/~dot~/g, "."),
    );
}

describe("the bureau", () => {
  it("lands on its county's page after logging in", async () => {
    const res = await bureau.get("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/county");
  });

  it("sees its county by township, with hidden cells labelled, never a single store", async () => {
    const res = await bureau.get("/county");
    expect(res.status).toBe(200);
    const html = visibleHtml(await res.text());
    expect(shows(html, "兰阳街道")).toBe(true);
    expect(shows(html, "保密")).toBe(true);
    for (const s of county.stores) expect(html).not.toContain(s.org.name);
  });

  it("gets the monthly report and its export with the same labels", async () => {
    const page = await bureau.get(`/county/report?month=${COUNTY_MONTH}`);
    expect(page.status).toBe(200);
    expect(shows(visibleHtml(await page.text()), "保密")).toBe(true);
    const file = await bureau.get(`/county/report.xlsx?month=${COUNTY_MONTH}`);
    expect(file.status).toBe(200);
    const rows = await readXlsx(new Uint8Array(await file.arrayBuffer()), 1000);
    expect(rows.flat()).toContain("保密");
  });

  it("opens no store, distributor or alliance page", async () => {
    const paths = otherKindsPaths();
    expect(paths.length).toBeGreaterThan(40);
    expect(paths).toContain("/store/products/x/edit");
    const opened: string[] = [];
    for (const p of paths) {
      const res = await bureau.get(p);
      if (res.status !== 403) opened.push(`${p} ${res.status}`);
    }
    expect(opened).toEqual([]);
  });

  it("answers hostile input with a 4xx and the reason", async () => {
    for (const q of ["2026-13", "abc", "<script>alert(1)</script>", "2026-01' OR 1=1", "9999-12"]) {
      const res = await bureau.get(`/county/report?month=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(400);
      expect(shows(visibleHtml(await res.text()), "该月份尚未发布")).toBe(true);
      const file = await bureau.get(`/county/report.xlsx?month=${encodeURIComponent(q)}`);
      expect(file.status, q).toBe(400);
    }
  });
});

describe("another county's bureau", () => {
  it("sees nothing of this county", async () => {
    const res = await otherBureau.get("/county");
    expect(res.status).toBe(200);
    const html = visibleHtml(await res.text());
    expect(shows(html, "兰阳街道")).toBe(false);
    expect(html).toContain("还没有发布的月份");
    expect((await otherBureau.get(`/county/report?month=${COUNTY_MONTH}`)).status).toBe(400);
  });
});

describe("a store owner", () => {
  it("cannot open the bureau's pages", async () => {
    for (const p of ["/county", "/county/report", `/county/report.xlsx?month=${COUNTY_MONTH}`]) {
      expect((await owner.get(p)).status, p).toBe(403);
    }
  });

  it("gives and withdraws consent, and an unknown intent is a 400 that changes nothing", async () => {
    expect((await owner.post("/store/county", { intent: "sell-everything" })).status).toBe(400);
    expect(visibleHtml(await (await owner.get("/store/county")).text())).toContain("尚未同意。");
    expect((await owner.post("/store/county", { intent: "give" })).status).toBe(302);
    expect(visibleHtml(await (await owner.get("/store/county")).text())).toMatch(
      /已同意（[^）]+），从 \d{4}-\d{2} 起计入/,
    );
    expect((await owner.post("/store/county", { intent: "withdraw" })).status).toBe(302);
    expect((await owner.post("/store/county", { intent: "withdraw" })).status).toBe(409);
    expect(visibleHtml(await (await owner.get("/store/county")).text())).toContain("尚未同意。");
  });
});
