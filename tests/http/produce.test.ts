import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buyingListLines, consignmentLines, producePurchases } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { offerConsignment } from "~/domain/produce/offer-consignment.server";
import { addStaff } from "../support/distribution";
import { visibleHtml } from "../support/html";
import { PNG, offerForm, produceWorld, sendRunOut } from "../support/produce";
import { loggedInClient, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

// Every produce form, posted as a browser with JavaScript off would, with what a careless or
// hostile sender might put in it: each is refused with a 4xx in the user's language and not one
// row (nor one uploaded file) is written.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);

const photos = () => {
  const dir = path.join(path.dirname(server.dbFile), "uploads", "produce");
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
};

async function refused(send: () => Promise<Response>, status: number, message?: string) {
  const before = dbSnapshot(server.db);
  const files = photos();
  const res = await send();
  expect(res.status).toBe(status);
  if (message) expect(visibleHtml(await res.text())).toContain(message);
  expect(dbSnapshot(server.db)).toEqual(before);
  expect(photos()).toEqual(files);
}

function multipart(fields: Record<string, string>, file: Uint8Array | null = PNG, name = "cert.png") {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", new Blob([Buffer.from(file)], { type: "image/png" }), name);
  return form;
}

describe("produce forms refuse hostile input and write nothing", () => {
  let w: Awaited<ReturnType<typeof produceWorld>>;
  let store: (typeof w.stores)[number];
  let other: (typeof w.stores)[number];
  let millet: typeof buyingListLines.$inferSelect;
  beforeAll(async () => {
    w = await produceWorld(server.db);
    [store, other] = w.stores;
    millet = server.db
      .select()
      .from(buyingListLines)
      .where(eq(buyingListLines.listId, w.listId))
      .all()
      .find((l) => l.produce === "小米")!;
  });

  it("publishing a buying list", async () => {
    const office = await loggedIn(w.distributor.user);
    const good = {
      requestId: newId(),
      title: "本周",
      weekOf: w.deliveryDate,
      produce: ["小米"],
      grade: ["一级"],
      unit: ["jin"],
      price: ["2.00"],
      wanted: ["10"],
    };
    await refused(() => office.post("/distributor/produce", { ...good, price: ["abc"] }), 400, "金额格式不对");
    await refused(() => office.post("/distributor/produce", { ...good, price: ["-1"] }), 400);
    await refused(() => office.post("/distributor/produce", { ...good, produce: [""] }), 400, "至少填一行");
    await refused(() => office.post("/distributor/produce", { ...good, unit: ["kg"] }), 400);
    await refused(() => office.post("/distributor/produce", { ...good, weekOf: "2026-02-30" }), 400);
    await refused(() => office.post("/distributor/produce", { ...good, wanted: ["1e9"] }), 400);
    await refused(() => office.post("/distributor/produce", { ...good, requestId: "../../x" }), 400);
    await refused(() => office.post("/distributor/produce", { ...good, produce: Array(41).fill("米") }), 400);
    const shop = await loggedIn(store.user);
    await refused(() => shop.post("/distributor/produce", good), 403);
  });

  it("buying from a farmer", async () => {
    const shop = await loggedIn(store.user);
    const good = {
      requestId: newId(),
      listLineId: millet.id,
      farmerName: "张大爷",
      farmerMobile: "13900000001",
      village: "张庄村",
      qty: "12345",
      price: "1.50",
      payment: "cash",
      certNo: "HG-1",
      harvestDate: "2026-11-24",
      cardConfirmed: "on",
    };
    const post = (fields: Record<string, string>, file?: Uint8Array | null) =>
      shop.post("/store/produce/buy", multipart(fields, file === undefined ? PNG : file));
    await refused(() => post(good, null), 400);
    await refused(() => post({ ...good, cardConfirmed: "" }), 400, "过秤前要先给农户看价格卡并确认");
    await refused(() => post({ ...good, qty: "-5" }), 400);
    await refused(() => post({ ...good, qty: "12.5" }), 400);
    await refused(() => post({ ...good, price: "0" }), 400);
    await refused(() => post({ ...good, farmerMobile: "12345" }), 400);
    await refused(() => post({ ...good, payment: "barter" }), 400);
    await refused(() => post({ ...good, harvestDate: "2099-01-01" }), 400, "采收日期不能晚于今天");
    await refused(() => post(good, new TextEncoder().encode("<script>alert(1)</script>.....")), 400);
    await refused(() => post({ ...good, listLineId: "nope-nope-nope" }), 404);
    await refused(() => post({ ...good, farmerId: "someone-elses-farmer" }), 404);
    // A store not linked to this distributor cannot buy against its list.
    const outsider = await produceWorld(server.db);
    const stranger = await loggedIn(outsider.stores[0].user);
    await refused(() => stranger.post("/store/produce/buy", multipart(good)), 404);
    // And the good form goes through once, however often it is posted.
    const kept = photos().length;
    const first = await post(good);
    expect(first.status).toBe(302);
    expect((await post(good)).status).toBe(302);
    // The certificate photo was kept once; the retry's copy was dropped.
    expect(photos()).toHaveLength(kept + 1);
    expect(
      server.db.select().from(producePurchases).where(eq(producePurchases.orgId, store.org.id)).all(),
    ).toHaveLength(1);
  });

  it("offering a consignment, paying and netting a farmer", async () => {
    const purchase = server.db.select().from(producePurchases).where(eq(producePurchases.orgId, store.org.id)).get()!;
    const shop = await loggedIn(store.user);
    const good = {
      requestId: newId(),
      listId: w.listId,
      pickupDate: w.deliveryDate,
      lotId: [purchase.lotId],
      qty: ["100"],
    };
    await refused(() => shop.post("/store/produce/offer", { ...good, qty: ["99999999"] }), 400);
    await refused(() => shop.post("/store/produce/offer", { ...good, qty: ["abc"] }), 400);
    await refused(() => shop.post("/store/produce/offer", { ...good, qty: [""] }), 400, "至少填一行");
    await refused(() => shop.post("/store/produce/offer", { ...good, pickupDate: "2026-11-26" }), 400);
    await refused(() => shop.post("/store/produce/offer", { ...good, lotId: ["not-a-lot-of-mine"] }), 404);
    const neighbour = await loggedIn(other.user);
    await refused(() => neighbour.post("/store/produce/offer", good), 404);

    await refused(
      () => shop.post("/store/produce/mix", { requestId: newId(), lotId: [purchase.lotId] }),
      400,
      "至少选两批才能合并",
    );
    await refused(
      () => shop.post("/store/produce/mix", { requestId: newId(), lotId: [purchase.lotId, "not-mine-at-all"] }),
      404,
    );
    await refused(
      () => neighbour.post("/store/produce/mix", { requestId: newId(), lotId: [purchase.lotId, purchase.lotId + "x"] }),
      404,
    );
    const farmerPage = `/store/produce/farmers/${purchase.farmerId}`;
    await refused(() => shop.post(farmerPage, { intent: "steal", requestId: newId() }), 400);
    await refused(() => shop.post(farmerPage, { intent: "pay", requestId: newId(), amount: "0.01" }), 400);
    await refused(() => shop.post(farmerPage, { intent: "pay", requestId: newId(), amount: "abc" }), 400);
    await refused(() => shop.post(farmerPage, { intent: "net", requestId: newId() }), 400, "没有可以相抵的金额");
    await refused(() => neighbour.post(farmerPage, { intent: "pay", requestId: newId(), amount: "1" }), 404);
    const clerk = await addStaff(server.db, store.org, "clerk");
    const clerkClient = await loggedIn(clerk.user);
    await refused(() => clerkClient.post(farmerPage, { intent: "pay", requestId: newId(), amount: "1" }), 403);
  });

  it("the driver's pickup and the warehouse's grading", async () => {
    const purchase = server.db.select().from(producePurchases).where(eq(producePurchases.orgId, store.org.id)).get()!;
    const { consignmentId } = offerConsignment(
      store.ctx,
      offerForm(w.listId, w.deliveryDate, [[purchase.lotId, 1000]]),
    );
    const [line] = server.db
      .select()
      .from(consignmentLines)
      .where(eq(consignmentLines.consignmentId, consignmentId))
      .all();
    sendRunOut(w.distributor.ctx, w.runId);
    const driver = await addStaff(server.db, w.distributor.org, "driver");
    const van = await loggedIn(driver.user);
    const stops = `/distributor/runs/${w.runId}/stops`;
    const good = {
      intent: "pickup",
      requestId: newId(),
      consignmentId,
      signedBy: "李店主",
      lineId: [line.id],
      qty: ["1000"],
    };
    await refused(() => van.post(stops, { ...good, qty: ["1001"] }), 400, "实取不能超过门店交的数量");
    await refused(() => van.post(stops, { ...good, qty: ["-1"] }), 400);
    await refused(() => van.post(stops, { ...good, signedBy: "" }), 400);
    await refused(() => van.post(stops, { ...good, lineId: ["someone-else"] }), 400);
    await refused(() => van.post(stops, { ...good, consignmentId: "not-on-this-run" }), 404);
    expect((await van.post(stops, good)).status).toBe(302);
    await refused(() => van.post(stops, { intent: "handBack", requestId: newId() }), 400);
    await refused(() => van.post(stops, { intent: "handBack", requestId: newId(), lineId: line.id }), 404);

    const warehouse = await addStaff(server.db, w.distributor.org, "warehouse");
    const desk = await loggedIn(warehouse.user);
    const page = `/distributor/produce/consignments/${consignmentId}`;
    const grade = {
      requestId: newId(),
      lineId: [line.id],
      result: ["accepted"],
      newGrade: [""],
      price: [""],
      reason: [""],
    };
    await refused(() => desk.post(page, { ...grade, result: ["downgraded"] }), 400, "降级要填新价格");
    await refused(
      () => desk.post(page, { ...grade, result: ["downgraded"], newGrade: ["二级"], price: ["9.99"] }),
      400,
    );
    await refused(() => desk.post(page, { ...grade, result: ["rejected"] }), 400, "拒收要写原因");
    await refused(() => desk.post(page, { ...grade, result: ["eaten"] }), 400);
    await refused(() => desk.post(page, { ...grade, lineId: [] }), 400);
    await refused(() => van.post(page, grade), 403);
    const outsider = await produceWorld(server.db);
    const otherOffice = await loggedIn(outsider.distributor.user);
    await refused(() => otherOffice.post(page, grade), 404);
    expect((await desk.post(page, grade)).status).toBe(302);
  });
});
