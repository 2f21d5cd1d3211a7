import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryRuns, restockOrderLines, restockOrders } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { addStaff, makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { makeStore } from "../support/factories";
import { shows, visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

const TUESDAY = "2030-01-01";
let server: TestServer;
let route: Awaited<ReturnType<typeof makeDeliveryRoute>>;
let orders: ReturnType<typeof makeConfirmedOrder>[];
let runId: string;
const clients: Record<"admin" | "warehouse" | "driver" | "store" | "other", Client> = {} as never;

async function clientFor(user: { phone: string; password: string }) {
  const client = new Client(server.url);
  await client.logIn(user.phone, user.password);
  return client;
}

beforeAll(async () => {
  server = await startTestServer();
  route = await makeDeliveryRoute(server.db, { stores: 2, skus: 2, deliveryDate: TUESDAY });
  orders = route.stores.map((s) =>
    makeConfirmedOrder(route.distributor.ctx, {
      linkId: s.linkId,
      deliveryDate: TUESDAY,
      lines: route.skus.map((sku) => ({ sku, packs: 2 })),
    }),
  );
  runId = orders[0].runId!;
  const other = await makeDeliveryRoute(server.db, { stores: 0, skus: 0 });
  clients.admin = await clientFor(route.distributor.user);
  clients.warehouse = await clientFor((await addStaff(server.db, route.distributor.org, "warehouse")).user);
  clients.driver = await clientFor((await addStaff(server.db, route.distributor.org, "driver")).user);
  clients.store = await clientFor((await makeStore(server.db)).user);
  clients.other = await clientFor(other.distributor.user);
});
afterAll(() => server?.stop());

const runPath = (suffix = "") => `/distributor/runs/${runId}${suffix}`;

describe("who may see and do what", () => {
  it("a store user gets 403 on every run page", async () => {
    for (const path of ["/distributor/runs", runPath(), runPath("/pick-list"), runPath("/stops")]) {
      expect((await clients.store.get(path)).status, path).toBe(403);
    }
  });

  it("another distributor gets 404 for this run, and sees nothing of it", async () => {
    for (const path of [
      runPath(),
      runPath("/pick-list"),
      runPath("/packing"),
      runPath("/manifest"),
      runPath("/picks"),
    ]) {
      const res = await clients.other.get(path);
      expect(res.status, path).toBe(404);
      expect(visibleHtml(await res.text())).not.toContain(route.stores[0].org.name);
    }
    const res = await clients.other.post(runPath("/picks"), { requestId: newId(), intent: "start" });
    expect(res.status).toBe(404);
  });

  it("a driver may not pick, and the warehouse may not deliver", async () => {
    expect((await clients.driver.get(runPath("/picks"))).status).toBe(403);
    expect((await clients.driver.post(runPath("/picks"), { requestId: newId(), intent: "start" })).status).toBe(403);
    expect((await clients.warehouse.get(runPath("/stops"))).status).toBe(403);
    expect((await clients.driver.get(runPath())).status).toBe(200);
  });
});

describe("print views", () => {
  it("the runs list and overview show the run", async () => {
    const list = await (await clients.admin.get(`/distributor/runs?date=${TUESDAY}`)).text();
    expect(shows(list, TUESDAY)).toBe(true);
    const overview = await (await clients.admin.get(runPath())).text();
    for (const store of route.stores) expect(shows(overview, store.org.name)).toBe(true);
    expect(shows(overview, "开始拣货")).toBe(true);
  });

  it.each(["/pick-list", "/packing", "/manifest"])("%s renders for A4 and for an 80 mm receipt", async (suffix) => {
    for (const paper of ["", "?paper=80mm"]) {
      const res = await clients.warehouse.get(runPath(suffix) + paper);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`data-paper="${paper ? "80mm" : "a4"}"`);
      expect(html).toContain("@page");
      expect(html).toMatch(/class="no-print/);
    }
    const pick = await (await clients.warehouse.get(runPath("/pick-list"))).text();
    expect(shows(pick, "A-01")).toBe(true);
    expect(shows(pick, route.skus[1].name)).toBe(true);
  });
});

describe("a run with JavaScript off: start, short pick, dispatch, deliver, fail, complete", () => {
  it("goes through every step with plain form posts", async () => {
    expect(await clients.warehouse.post(runPath("/picks"), { requestId: newId(), intent: "start" })).toMatchObject({
      status: 302,
    });
    const picks = await (await clients.warehouse.get(runPath("/picks"))).text();
    expect(picks.match(/data-testid="pick-form"/g)).toHaveLength(2);

    const line = server.db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orders[0].id)).all()[0];
    const tooMany = await clients.warehouse.post(runPath("/picks"), {
      requestId: newId(),
      intent: "record",
      orderId: orders[0].id,
      shortfall: "backorder",
      [`picked.${line.id}`]: "9",
    });
    expect(tooMany.status).toBe(400);
    expect(shows(await tooMany.text(), "实拣不能多于订购数量")).toBe(true);
    const record = await clients.warehouse.post(runPath("/picks"), {
      requestId: newId(),
      intent: "record",
      orderId: orders[0].id,
      shortfall: "backorder",
      [`picked.${line.id}`]: "1",
    });
    expect(record.status).toBe(302);
    expect(
      server.db.select().from(restockOrders).where(eq(restockOrders.backorderOf, orders[0].id)).all(),
    ).toHaveLength(1);

    expect((await clients.warehouse.post(runPath("/picks"), { requestId: newId(), intent: "dispatch" })).status).toBe(
      302,
    );
    const stops = await (await clients.driver.get(runPath("/stops"))).text();
    expect(stops.match(/data-testid="stop"/g)).toHaveLength(2);
    expect(shows(stops, route.stores[0].org.name)).toBe(true);

    const before = dbSnapshot(server.db);
    const wrong = orders[0].deliveryCode === "000000" ? "111111" : "000000";
    const refused = await clients.driver.post(runPath("/stops"), {
      requestId: newId(),
      intent: "deliver",
      orderId: orders[0].id,
      code: wrong,
      signedBy: "",
      cashFen: "10.00",
      method: "cash",
    });
    expect(refused.status).toBe(400);
    expect(shows(await refused.text(), "收货码不对，请让店主再看一下订单上的收货码。")).toBe(true);
    expect(dbSnapshot(server.db)).toEqual(before);

    const ok = await clients.driver.post(runPath("/stops"), {
      requestId: newId(),
      intent: "deliver",
      orderId: orders[0].id,
      code: orders[0].deliveryCode,
      signedBy: "",
      cashFen: "",
      method: "cash",
    });
    expect(ok.status).toBe(302);
    expect((await clients.driver.post(runPath("/stops"), { requestId: newId(), intent: "complete" })).status).toBe(409);
    const failed = await clients.driver.post(runPath("/stops"), {
      requestId: newId(),
      intent: "fail",
      orderId: orders[1].id,
      reason: "店门关着",
      then: "return",
    });
    expect(failed.status).toBe(302);
    expect((await clients.driver.post(runPath("/stops"), { requestId: newId(), intent: "complete" })).status).toBe(302);

    expect(server.db.select().from(deliveryRuns).where(eq(deliveryRuns.id, runId)).get()?.status).toBe("completed");
    const overview = await (await clients.admin.get(runPath())).text();
    expect(overview).toContain("没有送到：店门关着。货已退回仓库");
    expect(overview).toContain("缺货 1 箱，已转到 1月4日周五的配送");
  });
});
