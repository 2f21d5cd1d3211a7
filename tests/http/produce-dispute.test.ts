import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buyingListLines, farmerEntries, produceDisputes, producePurchases } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { addStaff } from "../support/distribution";
import { visibleHtml } from "../support/html";
import { PINNED_NOW } from "../support/clock";
import { buy, produceWorld } from "../support/produce";
import { Client, loggedInClient, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

// The farmer's dispute (decision 047) over HTTP as a phone with JavaScript off would post it:
// the public receipt page (no account) and the store's answer page. Every hostile post is a 4xx
// in the user's language with the database unchanged; the good posts write once however often sent.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

async function refused(send: () => Promise<Response>, status: number, message?: string) {
  const before = dbSnapshot(server.db);
  const res = await send();
  expect(res.status).toBe(status);
  if (message) expect(visibleHtml(await res.text())).toContain(message);
  expect(dbSnapshot(server.db)).toEqual(before);
}

describe("a farmer disputes a receipt and the store answers", () => {
  let w: Awaited<ReturnType<typeof produceWorld>>;
  let token: string;
  let lateToken: string;
  let purchaseId: string;
  beforeAll(async () => {
    w = await produceWorld(server.db);
    const millet = server.db
      .select()
      .from(buyingListLines)
      .where(eq(buyingListLines.listId, w.listId))
      .all()
      .find((l) => l.produce === "小米")!;
    const bought = buy(w.stores[0].ctx, millet.id, { qty: "12345", price: "1.50", payment: "owed" });
    token = bought.receiptToken;
    purchaseId = bought.purchaseId;
    const late = buy(w.stores[0].ctx, millet.id, { qty: "500", price: "1.50", farmerMobile: "13900000009" });
    lateToken = late.receiptToken;
    // This one was bought four days ago: its 3-day window has closed.
    server.db
      .update(producePurchases)
      .set({ disputeUntil: PINNED_NOW - 24 * 3600 * 1000 })
      .where(eq(producePurchases.id, late.purchaseId))
      .run();
  });

  it("the receipt link offers 有异议 without an account and refuses bad posts", async () => {
    const farmer = new Client(server.url);
    const page = await farmer.get(`/produce/receipt/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = visibleHtml(await page.text());
    expect(html).toContain("有异议");
    expect(html).toContain("提交异议");
    const path = `/produce/receipt/${token}`;
    await refused(() => farmer.post(path, { reason: "" }), 400, "必填");
    await refused(() => farmer.post(path, { reason: "多".repeat(201) }), 400);
    await refused(() => farmer.post(path, {}), 400);
    await refused(() => farmer.post("/produce/receipt/AAAAAAAAAAAAAAAA", { reason: "少了" }), 404);
    await refused(() => farmer.post("/produce/receipt/x'%20or%201=1", { reason: "少了" }), 404);
    // After the window the receipt already states: a clear refusal, and no form on the page.
    await refused(() => farmer.post(`/produce/receipt/${lateToken}`, { reason: "少了" }), 409, "异议期已过");
    const closed = visibleHtml(await (await farmer.get(`/produce/receipt/${lateToken}`)).text());
    expect(closed).toContain("异议期已过");
    expect(closed).not.toContain("提交异议");

    const first = await farmer.post(path, { reason: "秤不准，少了半斤" });
    expect(first.status).toBe(200);
    expect(visibleHtml(await first.text())).toContain("异议已提交");
    // Sent again (a retried post): the same dispute, nothing new.
    const before = dbSnapshot(server.db);
    expect((await farmer.post(path, { reason: "秤不准，少了半斤" })).status).toBe(200);
    expect(dbSnapshot(server.db)).toEqual(before);
    // A second, different dispute of the same receipt: refused, once per receipt.
    await refused(() => farmer.post(path, { reason: "价格也不对" }), 409, "每张收据只能提一次");
    const shown = visibleHtml(await (await farmer.get(path)).text());
    expect(shown).toContain("待店里处理");
    expect(shown).toContain("秤不准，少了半斤");
    expect(shown).not.toContain("提交异议");
  });

  it("the store sees it at home and on its produce page, and the owner answers it", async () => {
    const dispute = server.db.select().from(produceDisputes).where(eq(produceDisputes.purchaseId, purchaseId)).get()!;
    const owner = await loggedIn(w.stores[0].user);
    const home = visibleHtml(await (await owner.get("/store")).text());
    expect(home).toContain("1 条农户异议待处理");
    const produce = visibleHtml(await (await owner.get("/store/produce")).text());
    expect(produce).toContain("秤不准，少了半斤");
    expect(produce).toContain(`/store/produce/disputes/${dispute.id}`);
    // The purchase in the list says it is disputed.
    expect(produce).toContain('data-testid="purchase-disputed"');
    const path = `/store/produce/disputes/${dispute.id}`;
    expect((await owner.get(path)).status).toBe(200);

    const good = { intent: "correct", requestId: newId(), qty: "12845", price: "1.50", answer: "复秤多了 500 克" };
    await refused(() => owner.post(path, { ...good, intent: "delete" }), 400);
    await refused(() => owner.post(path, { ...good, qty: "abc" }), 400);
    await refused(() => owner.post(path, { ...good, qty: "-5" }), 400);
    await refused(() => owner.post(path, { ...good, qty: "1e9" }), 400);
    await refused(() => owner.post(path, { ...good, price: "0" }), 400);
    await refused(() => owner.post(path, { ...good, requestId: "../../x" }), 400);
    await refused(() => owner.post(path, { ...good, answer: "长".repeat(201) }), 400);
    await refused(() => owner.post(path, { ...good, qty: "12345" }), 400, "没有可记的差额");
    await refused(() => owner.post(path, { intent: "reject", requestId: newId(), answer: "" }), 400);
    // A clerk may read it but not answer; another store cannot even read it.
    const clerk = await addStaff(server.db, w.stores[0].org, "clerk");
    const clerkClient = await loggedIn(clerk.user);
    expect((await clerkClient.get(path)).status).toBe(200);
    await refused(() => clerkClient.post(path, good), 403);
    const stranger = await loggedIn(w.stores[1].user);
    expect((await stranger.get(path)).status).toBe(404);

    // The good correction, posted twice: one adjustment of +150 fen (3854 − 3704).
    expect((await owner.post(path, good)).status).toBe(302);
    expect((await owner.post(path, good)).status).toBe(302);
    const entries = server.db
      .select()
      .from(farmerEntries)
      .where(and(eq(farmerEntries.purchaseId, purchaseId), eq(farmerEntries.kind, "adjustment")))
      .all();
    expect(entries.map((e) => e.amountFen)).toEqual([150]);
    // Answered: a rejection now is a conflict, and nothing changes.
    await refused(
      () => owner.post(path, { intent: "reject", requestId: newId(), answer: "不对" }),
      409,
      "已经处理过了",
    );
    const farmerView = visibleHtml(await (await new Client(server.url).get(`/produce/receipt/${token}`)).text());
    expect(farmerView).toContain("已更正");
    expect(farmerView).toContain("¥38.54");
    expect(farmerView).toContain("+¥1.50");
    const account = visibleHtml(await (await owner.get(`/store/produce/farmers/${entries[0].farmerId}`)).text());
    expect(account).toContain("异议更正");
    expect(visibleHtml(await (await owner.get("/store")).text())).not.toContain("条农户异议待处理");
  });
});
