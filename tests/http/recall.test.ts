import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "~/domain/ids.server";
import { makeAlliance } from "../support/alliance";
import { recallWorld } from "../support/recall";
import { loggedInClient, startTestServer, type TestServer } from "../support/server";
import { refusedWithoutWriting } from "../support/snapshot";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const loggedIn = (user: { phone: string }) => loggedInClient(server, user);
const refused = (send: () => Promise<Response>) => refusedWithoutWriting(server.db, send);

describe("recalls over HTTP", () => {
  it("refuses hostile flags with a 4xx and writes nothing; a good one reaches the stores, blocks the till, feeds the report", async () => {
    const world = await recallWorld(server.db, { stores: 2, perStore: 6 });
    const [a, b] = world.stores;
    const coordinator = await loggedIn(world.alliance.user);
    const source = `supplier_batch:${world.batchId}`;
    const form = (over: Record<string, string> = {}) => ({
      requestId: newId(),
      source,
      reason: "标签错印过敏原",
      ...over,
    });

    expect((await refused(() => coordinator.post("/alliance/recalls", form({ source: "" })))).status).toBe(400);
    expect(
      (await refused(() => coordinator.post("/alliance/recalls", form({ source: "batch:'; drop table" })))).status,
    ).toBe(400);
    expect((await refused(() => coordinator.post("/alliance/recalls", form({ reason: "" })))).status).toBe(400);
    expect(
      (await refused(() => coordinator.post("/alliance/recalls", form({ reason: "长".repeat(201) })))).status,
    ).toBe(400);
    expect((await refused(() => coordinator.post("/alliance/recalls", form({ requestId: "x" })))).status).toBe(400);
    const other = await makeAlliance(server.db);
    const stranger = await loggedIn(other.user);
    const notTheirs = await refused(() => stranger.post("/alliance/recalls", form()));
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body).toContain("找不到这个批次");
    const shop = await loggedIn(a!.user);
    expect((await refused(() => shop.post("/alliance/recalls", form()))).status).toBe(403);

    const flagged = await coordinator.post("/alliance/recalls", form());
    expect(flagged.status).toBe(302);
    const reportPath = flagged.headers.get("location")!;
    const recallId = reportPath.split("/").at(-1)!;

    // The store's home page opens with the notice; its till refuses the product with the reason.
    const home = await (await shop.get("/store")).text();
    expect(home).toContain("召回：");
    expect(home).toContain("标签错印过敏原");
    const sale = await refused(() =>
      shop.post("/store/sell", { saleId: newId(), tender: "cash", [`line.${a!.product.id}`]: "1" }),
    );
    expect(sale.status).toBe(409);
    expect(sale.body).toContain("已被召回，不能出售：标签错印过敏原");
    // The offline copy: no sellable units, the reason carried.
    const data = (await (await shop.get("/store/sell-data?since=0")).json()) as {
      products: { id: string; onHand: number; recall: string | null }[];
    };
    expect(data.products.find((p) => p.id === a!.product.id)).toMatchObject({ onHand: 0, recall: "标签错印过敏原" });

    // The store acts: hostile input first.
    const path = `/store/recalls/${recallId}`;
    const settle = (over: Record<string, string>) =>
      shop.post(path, { intent: "settle", requestId: newId(), lotId: a!.lot.id, action: "return", qty: "2", ...over });
    expect((await refused(() => settle({ intent: "steal" }))).status).toBe(400);
    expect((await refused(() => settle({ qty: "abc" }))).status).toBe(400);
    expect((await refused(() => settle({ qty: "7" }))).status).toBe(400);
    expect((await refused(() => settle({ action: "sell" }))).status).toBe(400);
    expect((await refused(() => settle({ lotId: b!.lot.id }))).status).toBe(404);
    const otherShop = await loggedIn(b!.user);
    const elsewhere = (await recallWorld(server.db, { stores: 1 })).stores[0]!;
    expect((await (await loggedIn(elsewhere.user)).get(path)).status).toBe(404);
    expect((await shop.post(path, { intent: "confirm", requestId: newId() })).status).toBe(302);
    expect((await settle({})).status).toBe(302);
    expect((await settle({ action: "destroy", qty: "1" })).status).toBe(302);
    expect(await (await otherShop.get(path)).text()).toContain("确认已核对货架");

    const report = await (await coordinator.get(reportPath)).text();
    expect(report).toContain("召回报告");
    expect(report).toMatch(/data-testid="recall-totals"/);
    const xlsx = await coordinator.get(`${reportPath}/export.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect((await stranger.get(reportPath)).status).toBe(404);
    expect((await stranger.get(`${reportPath}/export.xlsx`)).status).toBe(404);

    // Release: a reason is required; then the till sells again.
    expect((await refused(() => coordinator.post(reportPath, { requestId: newId(), reason: "" }))).status).toBe(400);
    expect((await coordinator.post(reportPath, { requestId: newId(), reason: "复检合格" })).status).toBe(302);
    const sold = await otherShop.post("/store/sell", {
      saleId: newId(),
      tender: "cash",
      [`line.${b!.product.id}`]: "1",
    });
    expect(sold.status).toBe(302);
  });
});
