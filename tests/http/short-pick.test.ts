import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { restockOrderLines, restockOrders } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";

// Issue 11: a line picked short showed its ordered amount while the order's total counted only
// what was shipped. The line and the total now agree, and both show ordered and shipped amounts.

const TUESDAY = "2030-01-01";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function clientFor(user: { phone: string; password: string }) {
  const client = new Client(server.url);
  await client.logIn(user.phone, user.password);
  return client;
}

const text = (html: string) =>
  visibleHtml(html)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

it("a short-picked line and its order total agree, on the store's and the distributor's order page", async () => {
  const route = await makeDeliveryRoute(server.db, { stores: 1, skus: 2, deliveryDate: TUESDAY });
  const order = makeConfirmedOrder(route.distributor.ctx, {
    linkId: route.stores[0].linkId,
    deliveryDate: TUESDAY,
    lines: route.skus.map((sku) => ({ sku, packs: 2 })),
  });
  const office = await clientFor(route.distributor.user);
  const runPath = `/distributor/runs/${order.runId}/picks`;
  expect((await office.post(runPath, { requestId: newId(), intent: "start" })).status).toBe(302);
  const [short, full] = server.db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, order.id)).all();
  const picked = await office.post(runPath, {
    requestId: newId(),
    intent: "record",
    orderId: order.id,
    shortfall: "cancel",
    [`picked.${short.id}`]: "1",
  });
  expect(picked.status).toBe(302);
  const ordered = 2 * short.casePriceFen + 2 * full.casePriceFen;
  const shipped = 1 * short.casePriceFen + 2 * full.casePriceFen;
  expect(server.db.select().from(restockOrders).where(eq(restockOrders.id, order.id)).get()!.totalFen).toBe(shipped);
  const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

  const store = await clientFor(route.stores[0].user);
  for (const [client, path] of [
    [store, `/store/restock/orders/${order.id}`],
    [office, `/distributor/orders/${order.id}`],
  ] as const) {
    const page = text(await (await client.get(path)).text());
    // The short line: what is charged (1 pack) and what was ordered (2 packs, struck through).
    expect(page, path).toContain(`${yuan(2 * short.casePriceFen)} ${yuan(short.casePriceFen)}`);
    expect(page, path).toContain("订购 2 箱");
    expect(page, path).toContain("实发 1箱");
    // The total adds up the lines as shipped, and says what was ordered.
    expect(page, path).toContain(`订购金额 ${yuan(ordered)}`);
    expect(page, path).toContain(`合计（按实发） ${yuan(shipped)}`);
  }
});
