import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountEntries, distributorLinks, reportedPayments } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { makeDeliveryRoute } from "../support/distribution";
import { hiddenValue, shows, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";
import { shanghaiDate } from "~/domain/dates";
import { PINNED_NOW } from "../support/clock";

// Issue 11 over HTTP, as a phone with JavaScript off: the credit-limit refusal says what is owed
// and where to settle; the store reports a payment on 往来账; the office confirms or rejects it.

let server: TestServer;
let w: Awaited<ReturnType<typeof makeDeliveryRoute>>;
let store: Client;
let office: Client;
beforeAll(async () => {
  server = await startTestServer();
  w = await makeDeliveryRoute(server.db, { stores: 1, skus: 2, stockPacks: 2000, paymentTerms: "account" });
  const pair = { distributorOrgId: w.distributor.org.id, storeOrgId: w.stores[0].org.id };
  server.db
    .update(distributorLinks)
    .set({ creditLimitFen: 800_000 })
    .where(
      and(
        eq(distributorLinks.distributorOrgId, pair.distributorOrgId),
        eq(distributorLinks.storeOrgId, pair.storeOrgId),
      ),
    )
    .run();
  // What the store owes for earlier deliveries.
  server.db
    .insert(accountEntries)
    .values({ id: newId(), ...pair, kind: "order", amountFen: 1_131_950, createdAt: PINNED_NOW - 86_400_000 })
    .run();
  store = new Client(server.url);
  await store.logIn(w.stores[0].user.phone, "password123");
  office = new Client(server.url);
  await office.logIn(w.distributor.user.phone, "password123");
});
afterAll(() => server?.stop());

const accountPath = () => `/store/restock/account?d=${w.distributor.org.id}`;

async function reportForm(fields: Record<string, string>) {
  const html = await (await store.get(accountPath())).text();
  return {
    requestId: hiddenValue(html, "requestId"),
    distributorOrgId: hiddenValue(html, "distributorOrgId"),
    method: "bank",
    paidOn: shanghaiDate(PINNED_NOW),
    reference: "",
    ...fields,
  };
}

describe("over the credit limit", () => {
  it("the 409 says what is owed and the limit with thousands separators, and links to 往来账", async () => {
    const sku = w.skus[0];
    const html = await (await store.get(`/store/restock?d=${w.distributor.org.id}&line.${sku.id}=1`)).text();
    const form = {
      requestId: hiddenValue(html, "requestId"),
      distributorOrgId: w.distributor.org.id,
      deliveryDate: hiddenValue(html, "deliveryDate"),
      [`line.${sku.id}`]: "1",
      [`price.${sku.id}`]: hiddenValue(html, `price.${sku.id}`),
    };
    const res = await store.post("/store/restock", form);
    expect(res.status).toBe(409);
    const page = await res.text();
    expect(visibleHtml(page)).toContain("已欠 ¥11,319.50");
    expect(visibleHtml(page)).toContain("额度 ¥8,000.00");
    expect(page).toContain(`href="/store/restock/account?d=${w.distributor.org.id}"`);
    expect(shows(page, "去往来账登记付款")).toBe(true);
  });
});

describe("a reported payment", () => {
  it("refuses bad input with a 400 and writes nothing", async () => {
    for (const fields of [
      { amountFen: "" },
      { amountFen: "abc" },
      { amountFen: "20000" },
      { amountFen: "100", method: "online" },
      { amountFen: "100", paidOn: "2099-01-01" },
    ] as Record<string, string>[]) {
      const form = await reportForm(fields);
      const before = dbSnapshot(server.db);
      const res = await store.post(accountPath(), form);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(dbSnapshot(server.db)).toEqual(before);
      // The refusal shows alone: no success banner beside it.
      expect(visibleHtml(await res.text())).not.toContain("已提交付款记录");
    }
  });

  it("is reported once however often it is sent, and counts only when the office confirms it", async () => {
    const form = await reportForm({ amountFen: "3000", reference: "农商行 0417" });
    const first = await store.post(accountPath(), form);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toContain("done=reported");
    expect((await store.post(accountPath(), form)).status).toBe(302);
    const rows = server.db.select().from(reportedPayments).all();
    expect(rows).toHaveLength(1);
    const page = visibleHtml(await (await store.get(`${accountPath()}&done=reported`)).text());
    expect(page).toContain("已提交付款记录，等配送商确认。");
    expect(page).toContain("待确认");
    expect(page).toContain("¥11,319.50");

    // A store cannot confirm its own payment: the office's page is not theirs.
    expect(
      (
        await store.post(`/distributor/accounts?store=${w.stores[0].org.id}`, {
          reportId: rows[0].id,
          decision: "confirm",
          requestId: newId(),
        })
      ).status,
    ).toBe(403);

    const officePath = `/distributor/accounts?store=${w.stores[0].org.id}`;
    const officePage = await (await office.get(officePath)).text();
    expect(shows(officePage, "确认到账")).toBe(true);
    // Sending it back needs a reason.
    const noReason = await office.post(officePath, {
      reportId: rows[0].id,
      decision: "reject",
      reason: "",
      requestId: newId(),
    });
    expect(noReason.status).toBe(400);
    const ok = await office.post(officePath, {
      reportId: rows[0].id,
      decision: "confirm",
      reason: "",
      requestId: newId(),
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toContain("done=confirmed");
    const after = visibleHtml(await (await store.get(accountPath())).text());
    expect(after).toContain("¥8,319.50");
    expect(after).toContain("已确认");
    // Decided once: a second decision is a 409 with only the error shown.
    const again = await office.post(`${officePath}&done=confirmed`, {
      reportId: rows[0].id,
      decision: "reject",
      reason: "重复",
      requestId: newId(),
    });
    expect(again.status).toBe(409);
    const againPage = await again.text();
    expect(visibleHtml(againPage)).toContain("这笔付款记录已经处理过了");
    expect(visibleHtml(againPage)).not.toContain("已确认，已计入往来账。");
  });
});
