import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaigns, notifications, payments, pledges } from "@db/schema";
import { closeCampaign } from "~/domain/alliances/close-campaign.server";
import { systemCtx } from "~/domain/jobs/system-context.server";
import { addMemberStore, serverClock, setMembershipStatus } from "../support/alliance";
import { makeStore } from "../support/factories";
import { groupBuyWorld } from "../support/group-buy";
import { hiddenValue, inputValue, visibleHtml } from "../support/html";
import { type Client, startTestServer, type TestServer, loggedInClient } from "../support/server";
import { dbSnapshot } from "../support/snapshot";
import { fixedClock } from "../../app/domain/dates";

// The store's side of a group buy over the real server, posting forms as a browser with
// JavaScript off does. No payment keys: deposits are recorded to be settled offline.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

async function world() {
  const w = await groupBuyWorld(server.db, {
    capPacks: 200,
    distributorCasePriceFen: 5600,
    title: "金龙鱼大豆油团购",
    clock: serverClock,
  });
  const clients = await Promise.all(w.stores.map((s) => loggedIn(s.user)));
  return { ...w, clients, page: `/store/alliances/campaigns/${w.campaignId}` };
}

/** The pledge form as the detail page rendered it. */
async function pledgeForm(client: Client, page: string) {
  const res = await client.get(page);
  expect(res.status).toBe(200);
  const html = await res.text();
  return {
    html,
    form: {
      intent: "pledge",
      requestId: hiddenValue(html, "requestId"),
      campaignId: hiddenValue(html, "campaignId"),
      priceFen: hiddenValue(html, "priceFen"),
    },
  };
}

const pledgesOf = (campaignId: string) =>
  server.db.select().from(pledges).where(eq(pledges.campaignId, campaignId)).all();

/** Refused with `status` and `message` in the page, and not one row anywhere changed. */
async function refused(send: () => Promise<Response>, status: number, message: string) {
  const before = dbSnapshot(server.db);
  const res = await send();
  expect(res.status).toBe(status);
  expect(visibleHtml(await res.text())).toContain(message);
  expect(dbSnapshot(server.db)).toEqual(before);
}

describe("a member store's group-buy pages", () => {
  it("lists the campaign with progress and saving, takes a pledge once however often it is posted, and records the deposit offline", async () => {
    const w = await world();
    const list = visibleHtml(await (await w.clients[0].get("/store/alliances/campaigns")).text());
    expect(list).toContain("金龙鱼大豆油团购");
    expect(list).toContain("已认购 0 箱");
    expect(list).toContain("还没达到第一档");
    expect(list).toContain("比常规价每箱省 ¥4.00");

    const { html, form } = await pledgeForm(w.clients[0], w.page);
    expect(form.priceFen).toBe("5200");
    expect(visibleHtml(html)).toContain("我还没有认购");
    const post = () => w.clients[0].post(w.page, { ...form, packs: "150" });
    const first = await post();
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`${w.page}?done=pledged`);
    expect((await post()).status).toBe(302);
    expect(pledgesOf(w.campaignId)).toEqual([
      expect.objectContaining({ packs: 150, depositFen: 78000, status: "active" }),
    ]);

    const after = visibleHtml(await (await w.clients[0].get(`${w.page}?done=pledged`)).text());
    expect(after).toContain("已认购 150 箱。");
    expect(after).toContain("已达第 1 档：每箱 ¥52.00");
    expect(after).toContain("再认购 150 箱 达到下一档");
    // Offline payment mode (issue 11): no green 支付定金 button, a plain message instead, and a
    // pay post (an old page, a crafted form) is refused with that message, writing nothing.
    expect(after).toContain("本系统未开通在线支付，不需要在这里付定金");
    expect(after).not.toContain("支付定金");
    const before = dbSnapshot(server.db);
    const pay = await w.clients[0].post(w.page, { intent: "pay" });
    expect(pay.status).toBe(409);
    expect(visibleHtml(await pay.text())).toContain("未开通在线支付：定金已记为认缴，线下结算。");
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("speaks English to a shopkeeper who chose it", async () => {
    const w = await world();
    const c = w.clients[2];
    expect((await c.post("/settings/language", { locale: "en", redirectTo: w.page })).status).toBe(302);
    const html = visibleHtml(await (await c.get(w.page)).text());
    expect(html).toContain("Packs to pledge (箱)");
    expect(html).toContain("Saves ¥4.00 per 箱");
    expect(html).toContain("I have not pledged yet");
    const res = await c.post(w.page, { ...(await pledgeForm(c, w.page)).form, packs: "0" });
    expect(res.status).toBe(400);
    expect(visibleHtml(await res.text())).toContain("Enter a whole number of at least 1.");
  });

  it("changes and withdraws a pledge (offline mode: no deposit is asked online at any point)", async () => {
    const w = await world();
    const c = w.clients[1];
    await c.post(w.page, { ...(await pledgeForm(c, w.page)).form, packs: "40" });
    const { html, form } = await pledgeForm(c, w.page);
    expect(inputValue(html, "packs")).toBe("40");
    expect((await c.post(w.page, { ...form, packs: "60" })).status).toBe(302);
    const [p] = pledgesOf(w.campaignId);
    expect(p).toMatchObject({ packs: 60, depositFen: 31200 });
    expect(server.db.select().from(payments).where(eq(payments.subjectId, p.id)).all()).toEqual([]);
    const changed = visibleHtml(await (await c.get(w.page)).text());
    expect(changed).not.toContain("支付定金");
    expect(changed).toContain("本系统未开通在线支付，不需要在这里付定金");

    const withdraw = await c.post(w.page, {
      intent: "withdraw",
      requestId: hiddenValue(await (await c.get(w.page)).text(), "requestId"),
      campaignId: w.campaignId,
    });
    expect(withdraw.status).toBe(302);
    expect(pledgesOf(w.campaignId)[0]).toMatchObject({ status: "withdrawn", depositFen: 0 });
    expect(visibleHtml(await (await c.get(`${w.page}?done=withdrawn`)).text())).toContain(
      "已退出。已付的定金会原路退回。",
    );
  });

  it("refuses bad pledges with a message in the page and writes nothing", async () => {
    const w = await world();
    const c = w.clients[0];
    const { form } = await pledgeForm(c, w.page);
    for (const packs of ["0", "-2", "1.5", "abc", "", "1e3"])
      await refused(() => c.post(w.page, { ...form, packs }), 400, "请输入 1 以上的整数");
    await refused(() => c.post(w.page, { ...form, packs: "201" }), 400, "每店最多认购 200 箱");
    await refused(() => c.post(w.page, { ...form, packs: "10", priceFen: "4700" }), 409, "团购价格已变化");

    // A store outside the alliance does not even see it; a removed member neither.
    const outsider = await makeStore(server.db);
    const oc = await loggedIn(outsider.user);
    expect((await oc.get(w.page)).status).toBe(404);
    await refused(() => oc.post(w.page, { ...form, packs: "5" }), 404, "不是该联盟的成员");
    setMembershipStatus(w.alliance, w.stores[2].org.id, "removed");
    const removedForm = (await pledgeForm(c, w.page)).form;
    await refused(() => w.clients[2].post(w.page, { ...removedForm, packs: "5" }), 404, "不是该联盟的成员");
    // A member the distributor does not serve could not receive the goods.
    const unlinked = await makeStore(server.db);
    addMemberStore(w.alliance, unlinked);
    const uc = await loggedIn(unlinked.user);
    const unlinkedForm = (await pledgeForm(uc, w.page)).form;
    await refused(() => uc.post(w.page, { ...unlinkedForm, packs: "5" }), 409, "还没有和配送商");
    // After the deadline.
    server.db
      .update(campaigns)
      .set({ deadlineAt: serverClock.now() - 1000 })
      .where(eq(campaigns.id, w.campaignId))
      .run();
    await refused(() => c.post(w.page, { ...form, packs: "5" }), 409, "这个团购已截止");
    expect(pledgesOf(w.campaignId)).toEqual([]);
    expect(
      server.db
        .select()
        .from(payments)
        .all()
        .filter((p) => w.stores.some((s) => s.org.id === p.orgId)),
    ).toEqual([]);
  });

  it("after the close: the notice on the store home opens the campaign with the final price and the order", async () => {
    const w = await world();
    for (const [i, packs] of [
      [0, "200"],
      [1, "150"],
    ] as const) {
      const c = w.clients[i];
      expect((await c.post(w.page, { ...(await pledgeForm(c, w.page)).form, packs })).status).toBe(302);
    }
    const deadline = server.db.select().from(campaigns).where(eq(campaigns.id, w.campaignId)).get()!.deadlineAt;
    closeCampaign(systemCtx(server.db, w.alliance.org.id, fixedClock(deadline)), w.campaignId);
    const home = await (await w.clients[0].get("/store")).text();
    expect(visibleHtml(home)).toContain("已成团：每箱 ¥49.50，你的 200 箱 已下单");
    const notice = server.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.orgId, w.stores[0].org.id)))
      .get()!;
    const open = await w.clients[0].post("/store/notifications", { id: notice.id });
    expect(open.status).toBe(302);
    expect(open.headers.get("location")).toBe(w.page);
    expect(server.db.select().from(notifications).where(eq(notifications.id, notice.id)).get()!.readAt).not.toBeNull();
    expect(visibleHtml(await (await w.clients[0].get("/store")).text())).not.toContain("已成团：每箱");
    // Another store cannot open this store's notice.
    expect((await w.clients[1].post("/store/notifications", { id: notice.id })).status).toBe(404);

    const detail = visibleHtml(await (await w.clients[0].get(w.page)).text());
    expect(detail).toContain("成交价 每箱 ¥49.50");
    expect(detail).toContain("查看进货单");
    expect(detail).not.toContain('name="packs"');
    const list = visibleHtml(await (await w.clients[0].get("/store/alliances/campaigns")).text());
    expect(list).toContain("我参加过的团购");
    expect(list).toContain("收货后记录节省金额");
    const orderId = pledgesOf(w.campaignId).find((p) => p.storeOrgId === w.stores[0].org.id)!.restockOrderId!;
    const order = visibleHtml(await (await w.clients[0].get(`/store/restock/orders/${orderId}`)).text());
    expect(order).toContain("¥9,900.00");
  });
});
