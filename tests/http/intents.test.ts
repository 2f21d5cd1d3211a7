import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributorLinks } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { makeSupplierWithProduct } from "../support/alliance";
import { makeProduct, makeStore } from "../support/factories";
import { groupBuyWorld } from "../support/group-buy";
import { hiddenValue, visibleHtml } from "../support/html";
import { type Client, startTestServer, type TestServer, loggedInClient } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

// Forms with several buttons post a named intent, and each action handles the intents it knows
// (readIntent in app/http/intents.server.ts). An intent it does not know (a page older than the
// code, a hand-made request) or none at all is a 400 in the user's language, and nothing is
// written: every form below would be a valid write under one of the route's real intents.
let server: TestServer;
type Case = { name: string; client: Client; path: string; form: Record<string, string> };
const cases: Case[] = [];

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

beforeAll(async () => {
  server = await startTestServer();

  // A sale with one line: its page voids the sale or returns lines.
  const shop = await makeStore(server.db);
  const noodles = makeProduct(shop.ctx, { name: "白象红烧牛肉面", priceFen: 450 });
  const cashier = await loggedIn(shop.user);
  const saleId = hiddenValue(await (await cashier.get("/store/sell")).text(), "saleId");
  const sold = await cashier.post("/store/sell", { saleId, [`line.${noodles.id}`]: "2", tender: "cash" });
  expect(sold.status).toBe(302);
  const salePage = await (await cashier.get(`/store/sales/${saleId}`)).text();
  const lineId = /name="return\.([^"]+)"/.exec(salePage)?.[1];
  expect(lineId).toBeTruthy();
  cases.push({
    name: "a sale (void / return)",
    client: cashier,
    path: `/store/sales/${saleId}`,
    form: { requestId: newId(), [`return.${lineId}`]: "1" },
  });

  // An open group buy: the member pledges, pays or withdraws; the coordinator opens, closes, cancels.
  const w = await groupBuyWorld(server.db, { stores: 1 });
  const member = await loggedIn(w.stores[0].user);
  const memberPage = `/store/alliances/campaigns/${w.campaignId}`;
  const pledgeHtml = await (await member.get(memberPage)).text();
  cases.push({
    name: "a member's group buy (pledge / pay / withdraw)",
    client: member,
    path: memberPage,
    form: {
      requestId: newId(),
      campaignId: w.campaignId,
      priceFen: hiddenValue(pledgeHtml, "priceFen"),
      packs: "5",
    },
  });
  const coordinator = await loggedIn(w.alliance.user);
  cases.push({
    name: "the coordinator's campaign (open / closeNow / cancel)",
    client: coordinator,
    path: `/alliance/campaigns/${w.campaignId}`,
    form: { requestId: newId(), reason: "供货商断货" },
  });

  // A supplier: its details, certificates and products are three forms on one page.
  const { supplierId } = makeSupplierWithProduct(w.alliance);
  cases.push({
    name: "a supplier (supplier / certificate / product)",
    client: coordinator,
    path: `/alliance/suppliers/${supplierId}`,
    form: { requestId: newId(), name: "改过名字的食品厂" },
  });

  // The distributor's stores: accept, reject or change a link's terms.
  const link = server.db
    .select()
    .from(distributorLinks)
    .where(eq(distributorLinks.storeOrgId, w.stores[0].org.id))
    .get()!;
  cases.push({
    name: "the distributor's stores (accept / reject / terms)",
    client: await loggedIn(w.distributorUser),
    path: "/distributor/stores",
    form: {
      linkId: link.id,
      requestId: newId(),
      routeId: w.routeId,
      stopSeq: "3",
      priceListId: "",
      paymentTerms: "cod",
      creditLimitFen: "",
      reason: "不再配送",
    },
  });
});
afterAll(() => server?.stop());

async function refusedWithNothingWritten(c: Case, form: Record<string, string>) {
  const before = dbSnapshot(server.db);
  const res = await c.client.post(c.path, form);
  expect(res.status, c.name).toBe(400);
  expect(dbSnapshot(server.db), c.name).toEqual(before);
  return res;
}

describe("an action with several intents refuses one it does not know", () => {
  it("covers every multi-intent route of this test", () => {
    expect(cases.map((c) => c.path.split("/").slice(1, 3).join("/"))).toEqual([
      "store/sales",
      "store/alliances",
      "alliance/campaigns",
      "alliance/suppliers",
      "distributor/stores",
    ]);
  });

  it("an unknown intent: 400, said in Chinese, nothing written", async () => {
    for (const c of cases) {
      const res = await refusedWithNothingWritten(c, { ...c.form, intent: "delete-everything" });
      expect(visibleHtml(await res.text()), c.name).toContain("无法识别这个操作");
    }
  });

  it("no intent at all: 400, nothing written (no action guesses a default)", async () => {
    for (const c of cases) await refusedWithNothingWritten(c, c.form);
  });

  it("says it in English to an English user", async () => {
    const c = cases[0];
    expect((await c.client.post("/settings/language", { locale: "en", redirectTo: c.path })).status).toBe(302);
    const res = await refusedWithNothingWritten(c, { ...c.form, intent: "refund-twice" });
    expect(visibleHtml(await res.text())).toContain("That action is not recognised");
    await c.client.post("/settings/language", { locale: "zh-CN", redirectTo: c.path });
  });
});
