import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { recallReturns } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { completeRun } from "~/domain/fulfilment/complete-run.server";
import { dispatchRun } from "~/domain/fulfilment/dispatch-run.server";
import { startPicking } from "~/domain/fulfilment/start-picking.server";
import { flagRecallSchema } from "~/domain/recall/fields.server";
import { flagRecall } from "~/domain/recall/flag-recall.server";
import { addStaff, makeDistributor } from "../support/distribution";
import { nextRunOrder, recallWorld } from "../support/recall";
import { type Client, loggedInClient, startTestServer, type TestServer } from "../support/server";
import { refusedWithoutWriting } from "../support/snapshot";
import { warehouseLot } from "../support/trace";

// Decision 046 over HTTP: the run's pages carry the recall returns; the driver's pickup and the
// warehouse's book-in refuse hostile input with a 4xx and write nothing; good ones write once.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);
const refused = (send: () => Promise<Response>) => refusedWithoutWriting(server.db, send);

describe("recall returns on a run over HTTP", () => {
  it("shows them on the pick list, manifest and driver's page; pickup and book-in refuse hostile input and write once", async () => {
    const db = server.db;
    const world = await recallWorld(db, { stores: 2, received: 30, perStore: 10 });
    const [a, b] = world.stores;
    const dist = world.distributor.ctx;
    flagRecall(
      world.alliance.ctx,
      flagRecallSchema.parse({
        requestId: newId(),
        source: `supplier_batch:${world.batchId}`,
        reason: "标签错印过敏原",
      }),
    );
    completeRun(dist, world.runId, { requestId: newId() });
    warehouseLot(dist, world.sku.id, 5, { batchNo: "CLEAN-W", expiryDate: "2028-06-30" });
    const next = nextRunOrder(world, 0, 1);
    const driverUser = await addStaff(db, world.distributor.org, "driver");
    const keeperUser = await addStaff(db, world.distributor.org, "warehouse");
    const driver = await loggedIn(driverUser.user);
    const keeper = await loggedIn(keeperUser.user);
    const base = `/distributor/runs/${next.runId}`;

    const pickList = await (await keeper.get(`${base}/pick-list`)).text();
    expect(pickList).toContain("召回退货（回程带回）");
    expect(pickList).toContain("召回隔离 10 桶，不发货：标签错印过敏原");
    expect(pickList).toContain(a!.org.name);
    expect(pickList).toContain(b!.org.name);
    const manifest = await (await keeper.get(`${base}/manifest`)).text();
    expect(manifest).toContain("应退 10 桶");
    expect(manifest).toContain("实收件数 ____");

    const pickup = (over: Record<string, string> = {}) =>
      driver.post(`${base}/recall-returns`, {
        intent: "pickup",
        requestId: newId(),
        lotId: b!.lot.id,
        qty: "6",
        ...over,
      });
    // Not on the road yet.
    expect((await refused(() => pickup())).status).toBe(409);
    startPicking(dist, next.runId, { requestId: newId() });
    dispatchRun(dist, next.runId, { requestId: newId() });
    const stops = await (await driver.get(`${base}/stops`)).text();
    expect(stops).toContain("确认取回");
    expect(stops).toContain("应退 10 桶");

    expect((await refused(() => pickup({ intent: "" }))).status).toBe(400);
    expect((await refused(() => pickup({ intent: "steal" }))).status).toBe(400);
    expect((await refused(() => pickup({ qty: "abc" }))).status).toBe(400);
    expect((await refused(() => pickup({ qty: "0" }))).status).toBe(400);
    expect((await refused(() => pickup({ qty: "-3" }))).status).toBe(400);
    const tooMany = await refused(() => pickup({ qty: "11" }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toContain("最多 10 件");
    expect((await refused(() => pickup({ requestId: "x" }))).status).toBe(400);
    expect((await refused(() => pickup({ lotId: "' or 1=1 --" }))).status).toBe(404);
    expect((await refused(() => pickup({ lotId: world.warehouseLot.id }))).status).toBe(404);
    expect(
      (
        await refused(() =>
          keeper.post(`${base}/recall-returns`, { intent: "pickup", requestId: newId(), lotId: b!.lot.id, qty: "6" }),
        )
      ).status,
    ).toBe(403);
    const stranger = await loggedIn((await makeDistributor(db)).user);
    expect(
      (
        await refused(() =>
          stranger.post(`${base}/recall-returns`, { intent: "pickup", requestId: newId(), lotId: b!.lot.id, qty: "6" }),
        )
      ).status,
    ).toBe(404);
    const shop = await loggedIn(a!.user);
    expect((await refused(() => shop.post(`${base}/recall-returns`, { intent: "pickup" }))).status).toBe(403);

    const requestId = newId();
    const good = await pickup({ requestId });
    expect(good.status).toBe(302);
    expect(good.headers.get("location")).toBe(`${base}/stops?done=recallPickedUp`);
    expect((await pickup({ requestId })).status).toBe(302); // retried: written once
    const rows = db.select().from(recallReturns).where(eq(recallReturns.storeLotId, b!.lot.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ qty: 6, outcome: null, runId: next.runId });
    expect(await (await driver.get(`${base}/stops`)).text()).toContain("已取回 6 桶");

    const bookIn = (client: Client, over: Record<string, string> = {}) =>
      client.post(`${base}/recall-returns`, {
        intent: "bookIn",
        requestId: newId(),
        returnId: rows[0]!.id,
        outcome: "quarantined",
        ...over,
      });
    expect((await refused(() => bookIn(keeper, { outcome: "burn" }))).status).toBe(400);
    expect((await refused(() => bookIn(keeper, { outcome: "" }))).status).toBe(400);
    expect((await refused(() => bookIn(keeper, { returnId: "nope" }))).status).toBe(404);
    expect((await refused(() => bookIn(driver))).status).toBe(403);
    expect((await refused(() => bookIn(stranger))).status).toBe(404);
    const page = await (await keeper.get(`${base}/recall-returns`)).text();
    expect(page).toContain("入库隔离");
    expect(page).toContain("待仓库入库");
    const booked = await bookIn(keeper);
    expect(booked.status).toBe(302);
    expect((await refused(() => bookIn(keeper, { outcome: "destroyed" }))).status).toBe(409);
    expect(await (await keeper.get(`${base}/recall-returns`)).text()).toContain("已入库隔离");
    expect(db.select().from(recallReturns).where(eq(recallReturns.id, rows[0]!.id)).get()!.outcome).toBe("quarantined");
  });
});
