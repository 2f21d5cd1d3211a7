import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, sessions } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { addMember, makeOrg, makeProduct, makeStore, makeUser } from "../support/factories";
import { shows, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

let server: TestServer;
let mine: Awaited<ReturnType<typeof makeStore>>;
let theirs: Awaited<ReturnType<typeof makeStore>>;
let ownProduct: ReturnType<typeof makeProduct>;
let foreign: ReturnType<typeof makeProduct>;
let owner: Client;

const NOT_FOUND = "没有找到，可能已删除，或不属于当前门店。";
const FORBIDDEN = "你没有权限做这件事。";

beforeAll(async () => {
  server = await startTestServer();
  mine = await makeStore(server.db);
  theirs = await makeStore(server.db);
  ownProduct = makeProduct(mine.ctx, { name: "我家的可乐" });
  foreign = makeProduct(theirs.ctx, { name: "隔壁店的秘密商品", barcode: "4006381333931" });
  receiveStock(theirs.ctx, foreign.id, {
    requestId: newId(),
    qty: 37,
    unit: "base",
    costFen: 123,
    batchNo: "SECRET-LOT",
    expiryDate: "2031-02-03",
  });
  owner = new Client(server.url);
  await owner.logIn(mine.user.phone, mine.user.password);
});
afterAll(() => server?.stop());

/** The response shows none of the other store's product (`echoed`: what the request itself typed). */
async function expectNoForeignData(res: Response, echoed: string[] = []) {
  const html = visibleHtml(await res.text());
  const secrets = [foreign.name, foreign.barcode!, "SECRET-LOT", "2031-02-03", theirs.org.name].filter(
    (s) => !echoed.includes(s),
  );
  for (const secret of secrets) {
    expect(html, `leaked ${secret}`).not.toContain(secret);
  }
  return html;
}

const validProduct = (name: string) => ({
  name,
  barcode: "",
  category: "饮料",
  baseUnit: "瓶",
  packUnit: "箱",
  packSize: "12",
  priceFen: "3.00",
  reorderPoint: "5",
  active: "on",
});

describe("another store's product id", () => {
  it.each(["", "/edit", "/receive", "/adjust"])("GET /store/products/:id%s is 404 without its data", async (suffix) => {
    const res = await owner.get(`/store/products/${foreign.id}${suffix}`);
    expect(res.status).toBe(404);
    const html = await expectNoForeignData(res);
    expect(shows(html, NOT_FOUND)).toBe(true);
  });

  it.each([
    ["/edit", () => validProduct("被我改名")],
    [
      "/receive",
      () => ({ requestId: newId(), qty: "5", unit: "pack", costFen: "10", batchNo: "X", expiryDate: "2030-01-01" }),
    ],
    ["/adjust", () => ({ requestId: newId(), reason: "found", qty: "5", note: "" })],
    ["/adjust", () => ({ requestId: newId(), reason: "damaged", qty: "5", note: "" })],
  ])("POST /store/products/:id%s is 404 and writes nothing", async (suffix, form) => {
    const before = dbSnapshot(server.db);
    const res = await owner.post(`/store/products/${foreign.id}${suffix}`, form());
    expect(res.status).toBe(404);
    await expectNoForeignData(res);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("in a stock count is 404 and the whole count is refused, own products included", async () => {
    const before = dbSnapshot(server.db);
    const res = await owner.post("/store/count", {
      requestId: newId(),
      [`counted.${ownProduct.id}`]: "9",
      [`counted.${foreign.id}`]: "0",
    });
    expect(res.status).toBe(404);
    await expectNoForeignData(res);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("is not reached through search or a scanned barcode", async () => {
    const byCode = await owner.get(`/store/products?q=${foreign.barcode}`);
    expect(byCode.status).toBe(200);
    const list = await expectNoForeignData(byCode, [foreign.barcode!]);
    expect(list).not.toContain(foreign.id);
    const byName = await owner.get(`/store/products?q=${encodeURIComponent("秘密")}`);
    expect(byName.status).toBe(200);
    await expectNoForeignData(byName);
    for (const path of ["/store", "/store/products?filter=low", "/store/products?filter=expiring", "/store/count"]) {
      await expectNoForeignData(await owner.get(path));
    }
  });

  it("is 404 even when the person also belongs to that store, until they switch to it", async () => {
    const both = await makeUser(server.db);
    addMember(server.db, mine.org.id, both.id, "clerk");
    addMember(server.db, theirs.org.id, both.id, "clerk");
    const client = new Client(server.url);
    await client.logIn(both.phone, both.password);
    // Two organisations and none chosen yet: choose first.
    const choose = await client.get("/store");
    expect(choose.status).toBe(302);
    expect(choose.headers.get("location")).toBe("/orgs");

    await client.useOrg(mine.org.id);
    expect((await client.get(`/store/products/${foreign.id}`)).status).toBe(404);
    await client.useOrg(theirs.org.id);
    const res = await client.get(`/store/products/${foreign.id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(foreign.name);
    expect((await client.get(`/store/products/${ownProduct.id}`)).status).toBe(404);
  });
});

describe("the team page", () => {
  it("shows the owner their own team only", async () => {
    const res = await owner.get("/store/team");
    expect(res.status).toBe(200);
    const html = visibleHtml(await res.text());
    expect(html).toContain(mine.user.phone);
    expect(html).not.toContain(theirs.user.phone);
  });

  it("is 403 for a clerk, reading and adding alike, and nothing is written", async () => {
    const clerk = await makeUser(server.db);
    addMember(server.db, mine.org.id, clerk.id, "clerk");
    const client = new Client(server.url);
    await client.logIn(clerk.phone, clerk.password);
    expect((await client.get("/store")).status).toBe(200);

    const page = await client.get("/store/team");
    expect(page.status).toBe(403);
    const html = visibleHtml(await page.text());
    expect(shows(html, FORBIDDEN)).toBe(true);
    expect(html).not.toContain(mine.user.phone);

    const newcomer = await makeUser(server.db);
    const before = dbSnapshot(server.db);
    expect((await client.post("/store/team", { phone: newcomer.phone })).status).toBe(403);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("lets the owner add a clerk, who then sees the store but not the team page", async () => {
    const clerk = await makeUser(server.db, { name: "新店员" });
    const res = await owner.post("/store/team", { phone: clerk.phone });
    expect(res.status).toBe(200);
    expect(shows(await res.text(), "已添加 新店员")).toBe(true);
    const client = new Client(server.url);
    await client.logIn(clerk.phone, clerk.password);
    expect((await client.get(`/store/products/${ownProduct.id}`)).status).toBe(200);
    expect((await client.get("/store/team")).status).toBe(403);
  });

  it("answers a number nobody signed up with, or a member already there, with a Chinese message and no write", async () => {
    const before = dbSnapshot(server.db);
    const unknown = await owner.post("/store/team", { phone: "13900000000" });
    expect(unknown.status).toBe(404);
    expect(shows(await unknown.text(), "这个手机号还没有注册")).toBe(true);
    const already = await owner.post("/store/team", { phone: mine.user.phone });
    expect(already.status).toBe(409);
    expect(shows(await already.text(), "此人已经是本店成员")).toBe(true);
    const bad = await owner.post("/store/team", { phone: "12" });
    expect(bad.status).toBe(400);
    expect(shows(await bad.text(), "请输入 11 位手机号，以 1 开头")).toBe(true);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("stops a removed clerk at the next request", async () => {
    const clerk = await makeUser(server.db);
    addMember(server.db, mine.org.id, clerk.id, "clerk");
    const client = new Client(server.url);
    await client.logIn(clerk.phone, clerk.password);
    expect((await client.get("/store/products")).status).toBe(200);
    server.db
      .delete(memberships)
      .where(and(eq(memberships.orgId, mine.org.id), eq(memberships.userId, clerk.id)))
      .run();
    const res = await client.get("/store/products");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/orgs");
    expect((await client.get(`/store/products/${ownProduct.id}`)).status).toBe(302);
  });
});

describe("people who are not store staff", () => {
  it("gets 403 on store pages and actions for a distributor-only user, with nothing written", async () => {
    const user = await makeUser(server.db);
    const distributor = makeOrg(server.db, "distributor");
    addMember(server.db, distributor.id, user.id, "admin");
    const client = new Client(server.url);
    await client.logIn(user.phone, user.password);
    expect((await client.get("/distributor")).status).toBe(200);

    for (const path of [
      "/store",
      "/store/products",
      `/store/products/${ownProduct.id}`,
      "/store/count",
      "/store/team",
      "/store/products/new",
    ]) {
      const res = await client.get(path);
      expect(res.status, path).toBe(403);
      const html = visibleHtml(await res.text());
      expect(shows(html, FORBIDDEN), path).toBe(true);
      expect(html).not.toContain(ownProduct.name);
    }
    const before = dbSnapshot(server.db);
    const posts: [string, Record<string, string>][] = [
      ["/store/products/new", validProduct("配送商建的商品")],
      [`/store/products/${ownProduct.id}/receive`, { requestId: newId(), qty: "1", unit: "base" }],
      [`/store/products/${ownProduct.id}/adjust`, { requestId: newId(), reason: "lost", qty: "1" }],
      ["/store/count", { requestId: newId(), [`counted.${ownProduct.id}`]: "0" }],
    ];
    for (const [path, form] of posts) expect((await client.post(path, form)).status, path).toBe(403);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("sends a visitor without a session to log in from every store page and action, writing nothing", async () => {
    const visitor = new Client(server.url);
    const paths = [
      "/store",
      "/store/products",
      "/store/products/new",
      `/store/products/${ownProduct.id}`,
      `/store/products/${ownProduct.id}/edit`,
      `/store/products/${ownProduct.id}/receive`,
      `/store/products/${ownProduct.id}/adjust`,
      "/store/count",
      "/store/team",
      "/orgs",
      "/account",
    ];
    for (const path of paths) {
      const res = await visitor.get(path);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
    const before = dbSnapshot(server.db);
    const posts: [string, Record<string, string>][] = [
      [`/store/products/${ownProduct.id}/receive`, { requestId: newId(), qty: "1", unit: "base" }],
      [`/store/products/${ownProduct.id}/adjust`, { requestId: newId(), reason: "found", qty: "1" }],
      ["/store/count", { requestId: newId(), [`counted.${ownProduct.id}`]: "0" }],
      ["/store/products/new", validProduct("游客的商品")],
      ["/store/team", { phone: mine.user.phone }],
      ["/orgs", { orgId: mine.org.id }],
    ];
    for (const [path, form] of posts) {
      const res = await visitor.post(path, form);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toMatch(/^\/login\?redirectTo=/);
    }
    expect(dbSnapshot(server.db)).toEqual(before);
  });
});

describe("switching organisation", () => {
  it("is 404 for an organisation the person is not in, and the session keeps its organisation", async () => {
    const client = new Client(server.url);
    await client.logIn(mine.user.phone, mine.user.password);
    await client.useOrg(mine.org.id);
    const sessionRow = () => server.db.select().from(sessions).where(eq(sessions.userId, mine.user.id)).all();
    const before = sessionRow();
    for (const orgId of [theirs.org.id, "no-such-org", ""]) {
      const res = await client.post("/orgs", { orgId });
      expect(res.status, orgId).toBe(404);
      await expectNoForeignData(res);
    }
    expect(sessionRow()).toEqual(before);
    const home = await client.get("/store");
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(mine.org.name);
  });

  it("moves the session to another organisation of the person and lands on its home", async () => {
    const user = await makeUser(server.db);
    const distributor = makeOrg(server.db, "distributor", { name: "兰考配送中心" });
    addMember(server.db, mine.org.id, user.id, "clerk");
    addMember(server.db, distributor.id, user.id, "driver");
    const client = new Client(server.url);
    await client.logIn(user.phone, user.password);
    const res = await client.post("/orgs", { orgId: distributor.id });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/distributor");
    expect((await client.get("/store")).status).toBe(403);
    await client.useOrg(mine.org.id);
    expect((await client.get("/store")).status).toBe(200);
  });
});
