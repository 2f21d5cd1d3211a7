import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountEntries,
  catalogItems,
  deliveryClaims,
  deliveryRuns,
  products,
  restockOrderLines,
  restockOrders,
} from "@db/schema";
import { followingDelivery } from "~/domain/distribution/delivery-dates";
import { newId } from "~/domain/ids.server";
import { addStaff, makeDeliveryRoute } from "../support/distribution";
import { hiddenValue, shows, visibleHtml } from "../support/html";
import { ledgerViolations } from "../support/ledger";
import { type Client, startTestServer, type TestServer, loggedInClient } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

// Issue 4's walk, over HTTP with JavaScript off, through the pages only: two stores' carts, one
// pooled run, a short pick, a wrong then right delivery code, a damaged pack claimed and credited.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string; password: string }) => loggedInClient(server, user);

/** Posts the cart page's own form (request id, date, prices it rendered) with `lines` packs. */
async function submitCart(client: Client, distributorOrgId: string, lines: Record<string, number>): Promise<string> {
  const query = new URLSearchParams({ d: distributorOrgId });
  for (const [id, packs] of Object.entries(lines)) query.set(`line.${id}`, String(packs));
  const html = await (await client.get(`/store/restock?${query}`)).text();
  const form: Record<string, string> = {
    requestId: hiddenValue(html, "requestId"),
    distributorOrgId: hiddenValue(html, "distributorOrgId"),
    deliveryDate: hiddenValue(html, "deliveryDate"),
  };
  for (const [id, packs] of Object.entries(lines)) {
    form[`line.${id}`] = String(packs);
    form[`price.${id}`] = hiddenValue(html, `price.${id}`);
  }
  const res = await client.post("/store/restock", form);
  expect(res.status).toBe(302);
  return res.headers.get("location")!.split("?")[0].split("/").at(-1)!;
}

describe("cart to received stock across two stores and one run", () => {
  it("leaves the ledgers, reservations, accounts and the backorder agreeing", async () => {
    const w = await makeDeliveryRoute(server.db, { stores: 2, skus: 2, stockPacks: 10 });
    const [sku0, sku1] = w.skus; // 12 units a pack, ¥10.00 and ¥10.01
    const [a, b] = w.stores;
    const admin = await loggedIn(w.distributor.user);
    const warehouse = await loggedIn((await addStaff(server.db, w.distributor.org, "warehouse")).user);
    const driver = await loggedIn((await addStaff(server.db, w.distributor.org, "driver")).user);
    const storeA = await loggedIn(a.user);
    const storeB = await loggedIn(b.user);
    const order = (id: string) => server.db.select().from(restockOrders).where(eq(restockOrders.id, id)).get()!;
    const lines = (id: string) =>
      server.db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, id)).all();
    const lineOf = (id: string, skuId: string) => lines(id).find((l) => l.productId === skuId)!;

    // The stores fill their carts; the office confirms both from its inbox.
    const idA = await submitCart(storeA, w.distributor.org.id, { [sku0.id]: 3, [sku1.id]: 2 });
    const idB = await submitCart(storeB, w.distributor.org.id, { [sku0.id]: 2, [sku1.id]: 1 });
    const inbox = visibleHtml(await (await admin.get("/distributor/orders")).text());
    expect(inbox).toContain(a.org.name);
    expect(inbox).toContain(b.org.name);
    for (const id of [idA, idB])
      expect((await admin.post(`/distributor/orders/${id}`, { intent: "confirm", requestId: newId() })).status).toBe(
        302,
      );

    // One van for both: the run pools them, and its pick list adds them up per shelf.
    const runId = order(idA).runId!;
    expect(runId).toBeTruthy();
    expect(order(idB).runId).toBe(runId);
    const run = `/distributor/runs/${runId}`;
    const pickList = await (await warehouse.get(`${run}/pick-list`)).text();
    for (const sku of [sku0, sku1]) expect(shows(pickList, sku.name)).toBe(true);
    const packing = await (await warehouse.get(`${run}/packing`)).text();
    for (const store of [a, b]) expect(visibleHtml(packing)).toContain(store.org.name);

    // Store A's first SKU is one pack on the shelf short of three: picked 1, 2 backordered.
    expect((await warehouse.post(`${run}/picks`, { requestId: newId(), intent: "start" })).status).toBe(302);
    const shortLine = lineOf(idA, sku0.id);
    const picked = await warehouse.post(`${run}/picks`, {
      requestId: newId(),
      intent: "record",
      orderId: idA,
      shortfall: "backorder",
      [`picked.${shortLine.id}`]: "1",
    });
    expect(picked.status).toBe(302);
    expect((await warehouse.post(`${run}/picks`, { requestId: newId(), intent: "dispatch" })).status).toBe(302);
    expect([order(idA).totalFen, order(idB).totalFen]).toEqual([1000 + 2 * 1001, 2 * 1000 + 1001]);

    // At the doors: a wrong code is refused and writes nothing; the right codes deliver. A pays cash.
    const before = dbSnapshot(server.db);
    const wrong = order(idA).deliveryCode === "000000" ? "111111" : "000000";
    const refused = await driver.post(`${run}/stops`, {
      requestId: newId(),
      intent: "deliver",
      orderId: idA,
      code: wrong,
      signedBy: "",
      cashFen: "30.02",
      method: "cash",
    });
    expect(refused.status).toBe(400);
    expect(shows(await refused.text(), "收货码不对，请让店主再看一下订单上的收货码。")).toBe(true);
    expect(dbSnapshot(server.db)).toEqual(before);
    const deliver = (orderId: string, cashFen: string) =>
      driver.post(`${run}/stops`, {
        requestId: newId(),
        intent: "deliver",
        orderId,
        code: order(orderId).deliveryCode,
        signedBy: "",
        cashFen,
        method: "cash",
      });
    expect((await deliver(idA, "30.02")).status).toBe(302);
    expect((await deliver(idB, "")).status).toBe(302);
    expect((await driver.post(`${run}/stops`, { requestId: newId(), intent: "complete" })).status).toBe(302);
    expect(server.db.select().from(deliveryRuns).where(eq(deliveryRuns.id, runId)).get()!.status).toBe("completed");

    // A receives what was shipped; B finds one pack of the first SKU crushed.
    const receive = async (client: Client, orderId: string, damaged: Record<string, number>) => {
      const path = `/store/restock/orders/${orderId}`;
      const page = await (await client.get(path)).text();
      const form: Record<string, string> = { intent: "receive", requestId: hiddenValue(page, "requestId") };
      for (const l of lines(orderId)) {
        const broken = damaged[l.productId] ?? 0;
        form[`received.${l.id}`] = String(l.pickedPacks! - broken);
        form[`damaged.${l.id}`] = String(broken);
      }
      const res = await client.post(path, form);
      expect(res.status).toBe(302);
      return visibleHtml(await (await client.get(res.headers.get("location")!)).text());
    };
    await receive(storeA, idA, {});
    expect(await receive(storeB, idB, { [sku0.id]: 1 })).toContain("1 处差异已提交给配送商");
    const claim = server.db.select().from(deliveryClaims).where(eq(deliveryClaims.orderId, idB)).get()!;
    expect(claim).toMatchObject({ kind: "damaged", qtyPacks: 1, amountFen: 1000, status: "open" });
    expect(visibleHtml(await (await admin.get("/distributor/claims")).text())).toContain(b.org.name);
    expect(
      (
        await admin.post("/distributor/claims", {
          claimId: claim.id,
          requestId: newId(),
          decision: "credit",
          note: "压坏一箱，下趟抵扣",
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await admin.post("/distributor/accounts", {
          requestId: newId(),
          storeOrgId: b.org.id,
          amountFen: "15.00",
          method: "wechat",
        })
      ).status,
    ).toBe(302);

    // Shelves: each store holds what it said arrived in good order, 12 units a pack.
    const stockOf = (orgId: string) =>
      Object.fromEntries(
        server.db
          .select()
          .from(products)
          .where(eq(products.orgId, orgId))
          .all()
          .map((p) => [p.barcode, p.onHand]),
      );
    expect(stockOf(a.org.id)).toEqual({ [sku0.barcode]: 1 * 12, [sku1.barcode]: 2 * 12 });
    expect(stockOf(b.org.id)).toEqual({ [sku0.barcode]: 1 * 12, [sku1.barcode]: 1 * 12 });
    // Warehouse: 10 packs each, less what left on the van (3 packs of each).
    const warehouseOf = (id: string) => server.db.select().from(products).where(eq(products.id, id)).get()!.onHand;
    expect([warehouseOf(sku0.id), warehouseOf(sku1.id)]).toEqual([120 - 3 * 12, 120 - 3 * 12]);
    expect(ledgerViolations(server.db)).toEqual([]);

    // Only the backorder still holds stock, and it rides the route's next run.
    const reserved = (id: string) =>
      server.db.select().from(catalogItems).where(eq(catalogItems.productId, id)).get()!.reserved;
    expect([reserved(sku0.id), reserved(sku1.id)]).toEqual([2 * 12, 0]);
    const backorder = server.db.select().from(restockOrders).where(eq(restockOrders.backorderOf, idA)).get()!;
    const nextDate = followingDelivery(
      { weekdays: "2,5", cutoffTime: "18:00", cutoffDaysBefore: 1 },
      order(idA).deliveryDate,
    )!;
    expect(backorder).toMatchObject({
      status: "confirmed",
      deliveryDate: nextDate,
      totalFen: 2 * 1000,
      storeOrgId: a.org.id,
    });
    const nextRun = server.db.select().from(deliveryRuns).where(eq(deliveryRuns.id, backorder.runId!)).get()!;
    expect(nextRun).toMatchObject({ deliveryDate: nextDate, status: "planned", routeId: w.routeId });
    expect(lines(backorder.id).map((l) => [l.productId, l.qtyPacks])).toEqual([[sku0.id, 2]]);

    // Accounts: shipped totals less payments and credit notes, on both sides' pages.
    const entries = (orgId: string) =>
      server.db
        .select()
        .from(accountEntries)
        .where(and(eq(accountEntries.storeOrgId, orgId), eq(accountEntries.distributorOrgId, w.distributor.org.id)))
        .all();
    const balance = (orgId: string) => entries(orgId).reduce((n, e) => n + e.amountFen, 0);
    const sumOf = (orgId: string, kind: string) =>
      entries(orgId)
        .filter((e) => e.kind === kind)
        .reduce((n, e) => n + e.amountFen, 0);
    for (const [store, id] of [
      [a, idA],
      [b, idB],
    ] as const) {
      expect(sumOf(store.org.id, "order")).toBe(order(id).totalFen);
      expect(balance(store.org.id)).toBe(
        order(id).totalFen + sumOf(store.org.id, "payment") + sumOf(store.org.id, "credit_note"),
      );
    }
    expect([balance(a.org.id), balance(b.org.id)]).toEqual([0, 3001 - 1000 - 1500]);
    expect(visibleHtml(await (await storeB.get("/store/restock/account")).text())).toContain("¥5.01");
    expect(visibleHtml(await (await admin.get(`/distributor/accounts?store=${b.org.id}`)).text())).toContain("¥5.01");
    expect([order(idA).status, order(idB).status]).toEqual(["received", "received"]);
  });
});
