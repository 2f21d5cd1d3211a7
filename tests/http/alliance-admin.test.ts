import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allianceMembers, campaigns, campaignTiers, notifications, pledges } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { addDays, shanghaiDate } from "~/domain/dates";
import { parseCsv } from "~/domain/sheets/csv.server";
import { readXlsx } from "~/domain/sheets/xlsx.server";
import {
  addMemberStore,
  makeAlliance,
  serverClock,
  makeCampaign,
  makeSupplierWithProduct,
  type Alliance,
} from "../support/alliance";
import { makeDistributor, makeSku } from "../support/distribution";
import { makeStore } from "../support/factories";
import { hiddenValue, visibleHtml } from "../support/html";
import { type Client, startTestServer, type TestServer, loggedInClient } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

/** An alliance (coordinator logged in), a supplier product and a county distributor carrying it. */
async function world() {
  const alliance = await makeAlliance(server.db, { clock: serverClock });
  const goods = makeSupplierWithProduct(alliance, { name: "金龙鱼大豆油 5L", packSize: 4 });
  const distributor = await makeDistributor(server.db);
  makeSku(distributor.ctx, {
    name: "金龙鱼大豆油 5L",
    barcode: goods.barcode!,
    packSize: 4,
    baseUnit: "桶",
    casePriceFen: 24_000,
  });
  return { alliance, goods, distributor, client: await loggedIn(alliance.user) };
}

const tomorrow = () => addDays(shanghaiDate(serverClock.now()), 1);

function campaignForm(
  requestId: string,
  productId: string,
  distributorOrgId: string,
  over: Record<string, string> = {},
) {
  return {
    requestId,
    supplierProductId: productId,
    title: "金龙鱼 5L 团购",
    tierPacks0: "100",
    tierPrice0: "52.00",
    tierPacks1: "300",
    tierPrice1: "49.50",
    tierPacks2: "600",
    tierPrice2: "47",
    tierPacks3: "",
    tierPrice3: "",
    tierPacks4: "",
    tierPrice4: "",
    moqPacks: "100",
    capPacks: "50",
    deadlineDate: tomorrow(),
    deadlineTime: "20:00",
    distributorOrgId,
    expectedDeliveryDate: addDays(tomorrow(), 3),
    depositPercent: "10",
    description: "年货备货",
    ...over,
  };
}

async function newForm(client: Client) {
  const res = await client.get("/alliance/campaigns/new");
  expect(res.status).toBe(200);
  return hiddenValue(await res.text(), "requestId");
}

describe("a coordinator runs a campaign with JavaScript off", () => {
  it("creates a draft with three tiers from the form, sees it, and opens it", async () => {
    const w = await world();
    const requestId = await newForm(w.client);
    const form = campaignForm(requestId, w.goods.productId, w.distributor.org.id);
    const created = await w.client.post("/alliance/campaigns/new", form);
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/alliance\/campaigns\/[\w-]+$/);
    // A resent POST (double tap) lands on the same campaign.
    expect((await w.client.post("/alliance/campaigns/new", form)).headers.get("location")).toBe(location);
    const id = location.split("/").pop()!;
    const row = server.db.select().from(campaigns).where(eq(campaigns.id, id)).get()!;
    expect([row.status, row.moqPacks, row.capPacks, row.depositBp, row.packSize, row.distributorOrgId]).toEqual([
      "draft",
      100,
      50,
      1000,
      4,
      w.distributor.org.id,
    ]);
    expect(row.deadlineAt).toBe(Date.parse(`${tomorrow()}T20:00:00+08:00`));
    const tiers = server.db.select().from(campaignTiers).where(eq(campaignTiers.campaignId, id)).all();
    expect(tiers.map((t) => [t.minPacks, t.priceFen]).sort((a, b) => a[0] - b[0])).toEqual([
      [100, 5200],
      [300, 4950],
      [600, 4700],
    ]);

    const page = visibleHtml(await (await w.client.get(location)).text());
    expect(page).toContain("金龙鱼 5L 团购");
    expect(page).toContain("草稿");
    expect(page).toContain("满 300 箱：每箱 ¥49.50");
    expect(page).toContain("未配置在线支付"); // no payment keys in tests: deposits are settled offline, and the page says so

    const open = await w.client.post(location, { intent: "open", requestId: hiddenValue(page, "requestId") });
    expect(open.status).toBe(200);
    expect(server.db.select().from(campaigns).where(eq(campaigns.id, id)).get()!.status).toBe("open");
    const after = visibleHtml(await (await w.client.get(location)).text());
    expect(after).toContain("进行中");
    expect(after).toContain("立即截单");
    expect(after).toContain("再认购 100 箱达到第 1 档");
  });

  it("edits a draft, and cancels an open campaign only with a reason, telling the stores that pledged", async () => {
    const w = await world();
    const { campaignId } = makeCampaign(w.alliance, { open: false });
    const editPage = await (await w.client.get(`/alliance/campaigns/${campaignId}/edit`)).text();
    expect(editPage).toContain('value="52.00"');
    const edit = await w.client.post(`/alliance/campaigns/${campaignId}/edit`, {
      ...campaignForm(hiddenValue(editPage, "requestId"), "", ""),
      supplierProductId: server.db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!
        .supplierProductId,
      title: "改过的标题",
    });
    expect(edit.status).toBe(302);
    expect(server.db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!.title).toBe("改过的标题");

    const store = await makeStore(server.db);
    addMemberStore(w.alliance, store);
    const page = await (await w.client.get(`/alliance/campaigns/${campaignId}`)).text();
    await w.client.post(`/alliance/campaigns/${campaignId}`, {
      intent: "open",
      requestId: hiddenValue(page, "requestId"),
    });
    const now = serverClock.now();
    server.db
      .insert(pledges)
      .values({
        id: newId(),
        campaignId,
        allianceOrgId: w.alliance.org.id,
        storeOrgId: store.org.id,
        packs: 5,
        depositFen: 2600,
        createdAt: now,
        updatedAt: now,
      })
      .run();

    const before = dbSnapshot(server.db);
    const noReason = await w.client.post(`/alliance/campaigns/${campaignId}`, {
      intent: "cancel",
      requestId: newId(),
      reason: " ",
    });
    expect(noReason.status).toBe(400);
    expect(visibleHtml(await noReason.text())).toContain("请填写取消原因");
    expect(dbSnapshot(server.db)).toEqual(before);

    const cancel = await w.client.post(`/alliance/campaigns/${campaignId}`, {
      intent: "cancel",
      requestId: newId(),
      reason: "厂家断货",
    });
    expect(cancel.status).toBe(200);
    const row = server.db.select().from(campaigns).where(eq(campaigns.id, campaignId)).get()!;
    expect([row.status, row.cancelReason]).toEqual(["cancelled", "厂家断货"]);
    const notice = server.db.select().from(notifications).where(eq(notifications.orgId, store.org.id)).all();
    expect(notice.map((n) => [n.messageKey, JSON.parse(n.params).reason])).toEqual([
      ["alliance.notice.cancelled", "厂家断货"],
    ]);
  });
});

describe("bad input", () => {
  const cases: [string, Record<string, string>, string][] = [
    ["tiers not increasing", { tierPacks1: "100" }, "各档的起订箱数必须逐档增加，不能重叠"],
    ["tier prices not decreasing", { tierPrice1: "53.00" }, "各档价格必须逐档降低"],
    ["a half-filled tier row", { tierPrice2: "" }, "价格档填写有误"],
    ["a deadline in the past", { deadlineDate: "2020-01-01" }, "截止时间必须在现在之后"],
    [
      "delivery before the deadline",
      { expectedDeliveryDate: shanghaiDate(serverClock.now()) },
      "预计送达日期必须在截止日期之后",
    ],
    ["a cap below one", { capPacks: "0" }, "请填大于 0 的数"],
    ["an MOQ below one", { moqPacks: "0" }, "请填大于 0 的数"],
    ["a deposit over 100 %", { depositPercent: "120" }, "定金比例填 0 到 100 之间的数"],
    ["a price with three decimals", { tierPrice0: "52.001" }, "价格档填写有误"],
  ];
  it.each(cases)("%s → 400 with the message, nothing written", async (_name, over, message) => {
    const w = await world();
    const requestId = await newForm(w.client);
    const before = dbSnapshot(server.db);
    const res = await w.client.post(
      "/alliance/campaigns/new",
      campaignForm(requestId, w.goods.productId, w.distributor.org.id, over),
    );
    expect(res.status).toBe(400);
    const html = visibleHtml(await res.text());
    expect(html).toContain(message);
    expect(html).toContain('value="金龙鱼 5L 团购"'); // what was typed is kept
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("a distributor without a SKU of that barcode is refused clearly", async () => {
    const w = await world();
    const other = await makeDistributor(server.db);
    const requestId = await newForm(w.client);
    const before = dbSnapshot(server.db);
    const res = await w.client.post(
      "/alliance/campaigns/new",
      campaignForm(requestId, w.goods.productId, other.org.id),
    );
    expect(res.status).toBe(400);
    expect(visibleHtml(await res.text())).toContain(`的商品目录里没有条码 ${w.goods.barcode} 的商品`);
    expect(dbSnapshot(server.db)).toEqual(before);
  });
});

describe("who may", () => {
  it("a store user gets 403 on coordinator pages and actions, and nothing is written", async () => {
    const w = await world();
    const store = await makeStore(server.db);
    const client = await loggedIn(store.user);
    const before = dbSnapshot(server.db);
    for (const path of [
      "/alliance",
      "/alliance/campaigns",
      "/alliance/campaigns/new",
      "/alliance/members",
      "/alliance/savings",
      "/alliance/savings/export?format=csv",
    ]) {
      expect((await client.get(path)).status, path).toBe(403);
    }
    const post = await client.post(
      "/alliance/campaigns/new",
      campaignForm(newId(), w.goods.productId, w.distributor.org.id),
    );
    expect(post.status).toBe(403);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("another alliance's campaign is a 404", async () => {
    const w = await world();
    const other: Alliance = await makeAlliance(server.db, { clock: serverClock });
    const { campaignId } = makeCampaign(other);
    expect((await w.client.get(`/alliance/campaigns/${campaignId}`)).status).toBe(404);
    const before = dbSnapshot(server.db);
    expect(
      (await w.client.post(`/alliance/campaigns/${campaignId}`, { intent: "cancel", requestId: newId(), reason: "x" }))
        .status,
    ).toBe(404);
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("a store owner applies; the coordinator approves from the home page", async () => {
    const w = await world();
    const store = await makeStore(server.db);
    const shop = await loggedIn(store.user);
    const list = visibleHtml(await (await shop.get("/store/alliances")).text());
    expect(list).toContain(w.alliance.org.name);
    expect((await shop.post("/store/alliances", { allianceOrgId: w.alliance.org.id })).status).toBe(302);
    const member = server.db
      .select()
      .from(allianceMembers)
      .where(and(eq(allianceMembers.storeOrgId, store.org.id), eq(allianceMembers.allianceOrgId, w.alliance.org.id)))
      .get()!;
    expect(member.status).toBe("requested");
    expect(visibleHtml(await (await w.client.get("/alliance")).text())).toContain(store.org.name);
    const approve = await w.client.post("/alliance/members", {
      memberId: member.id,
      decision: "approve",
      back: "home",
    });
    expect([approve.status, approve.headers.get("location")]).toEqual([302, "/alliance"]);
    expect(server.db.select().from(allianceMembers).where(eq(allianceMembers.id, member.id)).get()!.status).toBe(
      "active",
    );
    expect(visibleHtml(await (await shop.get("/store/alliances")).text())).toContain(
      'href="/store/alliances/campaigns"',
    );
  });
});

describe("in English", () => {
  it("the campaign page and a refusal speak the coordinator's language", async () => {
    const w = await world();
    const { campaignId } = makeCampaign(w.alliance);
    expect((await w.client.post("/settings/language", { locale: "en", redirectTo: "/alliance" })).status).toBe(302);
    const page = visibleHtml(await (await w.client.get(`/alliance/campaigns/${campaignId}`)).text());
    expect(page).toContain("Price tiers");
    expect(page).toContain("From 300 箱: ¥49.50 per 箱"); // the pack unit is the product's own word
    const res = await w.client.post(
      "/alliance/campaigns/new",
      campaignForm(newId(), w.goods.productId, w.distributor.org.id, { deadlineDate: "2020-01-01" }),
    );
    expect(res.status).toBe(400);
    expect(visibleHtml(await res.text())).toContain("The deadline must be in the future");
  });
});

describe("savings exports", () => {
  it("CSV and XLSX per member and per campaign, named in Chinese, to the fen", async () => {
    const w = await world();
    const { campaignId } = makeCampaign(w.alliance);
    const [a, b] = [await makeStore(server.db), await makeStore(server.db)];
    const now = serverClock.now();
    // A delivered campaign as the close and the receipts leave it: price fixed, savings recorded.
    server.db
      .update(campaigns)
      .set({ status: "delivered", totalPacks: 330, finalPriceFen: 4950 })
      .where(eq(campaigns.id, campaignId))
      .run();
    for (const [store, packs, savings] of [
      [a, 300, 195_000],
      [b, 30, 19_533],
    ] as const) {
      addMemberStore(w.alliance, store);
      server.db
        .insert(pledges)
        .values({
          id: newId(),
          campaignId,
          allianceOrgId: w.alliance.org.id,
          storeOrgId: store.org.id,
          packs,
          priceFen: 4950,
          regularPriceFen: 5600,
          savingsFen: savings,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
    const page = visibleHtml(await (await w.client.get("/alliance/savings")).text());
    expect(page).toContain("¥2,145.33");

    const csv = await w.client.get("/alliance/savings/export?table=members&format=csv");
    expect(csv.status).toBe(200);
    expect(decodeURIComponent(csv.headers.get("content-disposition")!)).toContain("联盟节省-按成员");
    const rows = parseCsv(await csv.text());
    expect(rows[0]).toEqual(["门店", "村", "参团次数", "箱数", "团购金额（元）", "节省（元）"]);
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      [a.org.name, "300", "14850.00", "1950.00"],
      [b.org.name, "30", "1485.00", "195.33"],
      ["合计", "330", "16335.00", "2145.33"],
    ]);

    const xlsx = await w.client.get("/alliance/savings/export?table=campaigns&format=xlsx");
    expect(xlsx.status).toBe(200);
    expect(decodeURIComponent(xlsx.headers.get("content-disposition")!)).toContain("联盟节省-按批次");
    const sheet = await readXlsx(new Uint8Array(await xlsx.arrayBuffer()), 100);
    expect(sheet[0]).toEqual(["批次", "状态", "成交价（元/箱）", "参团门店", "箱数", "团购金额（元）", "节省（元）"]);
    expect(sheet[1].slice(1).map(String)).toEqual(["已送达", "49.5", "2", "330", "16335", "2145.33"]);
  });
});
