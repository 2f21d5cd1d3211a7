import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleHtml } from "../support/html";
import { Client, startTestServer, type TestServer } from "../support/server";
import { tracedWorld } from "../support/trace";

// (recallui) The lot pages are reachable from each layout's menu, and the alliance has a chain
// page for its supplier batches: supplier → order → campaign up, the warehouses that received it
// down (never a store's sales); another alliance's batch is a 404.
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

describe("menus to the lot pages and the alliance's batch chain", () => {
  it("each layout links its lot pages", async () => {
    const w = await tracedWorld(server.db);
    const store = await clientFor(w.a.user);
    for (const path of ["/store", "/store/products"])
      expect(await (await store.get(path)).text()).toContain('href="/store/trace"');
    const office = await clientFor(w.r.distributor.user);
    expect(await (await office.get("/distributor")).text()).toContain('href="/distributor/trace"');
    const coordinator = await clientFor(w.alliance.user);
    expect(await (await coordinator.get("/alliance")).text()).toContain('href="/alliance/trace"');
  });

  it("the coordinator opens a supplier batch's chain; others cannot", async () => {
    const w = await tracedWorld(server.db);
    const coordinator = await clientFor(w.alliance.user);
    const list = visibleHtml(await (await coordinator.get("/alliance/trace")).text());
    expect(list).toContain("JLY-2401");
    expect(list).toContain(`/alliance/trace/batches/${w.batch.batchId}`);
    const res = await coordinator.get(`/alliance/trace/batches/${w.batch.batchId}`);
    expect(res.status).toBe(200);
    const chain = visibleHtml(await res.text());
    expect(chain).toContain("JLY-2401");
    expect(chain).toContain('data-step="supplierOrder"');
    expect(chain).toContain('data-step="campaign"');
    expect(chain).toContain('data-step="supplier"');
    // Down: the distributor's warehouse lot that received it (2 packs = 24 units), not the stores.
    expect(chain).toContain('data-step="warehouseLot"');
    expect(chain).toContain(w.dist.org.name);
    expect(chain).not.toContain(w.a.org.name);
    expect(chain).not.toContain("赊账客户王大妈");
    expect(chain).not.toContain("/export.xlsx");

    const other = await tracedWorld(server.db);
    const stranger = await clientFor(other.alliance.user);
    expect((await stranger.get(`/alliance/trace/batches/${w.batch.batchId}`)).status).toBe(404);
    expect((await stranger.get("/alliance/trace/batches/..%2F..%2Fx")).status).toBe(404);
    const store = await clientFor(w.a.user);
    expect((await store.get(`/alliance/trace/batches/${w.batch.batchId}`)).status).toBe(403);
  });
});
