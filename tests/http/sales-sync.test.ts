import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { getSale } from "~/domain/sales/get-sale.server";
import { PINNED_NOW } from "../support/clock";
import { addMember, makeProduct, makeStore } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { saleStockViolations } from "../support/sales";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

let server: TestServer;
let ctx: Ctx;
let client: Client;
let noodles: ReturnType<typeof makeProduct>;
let otherStore: Awaited<ReturnType<typeof makeStore>>;

beforeAll(async () => {
  server = await startTestServer();
  const store = await makeStore(server.db);
  ctx = store.ctx;
  noodles = makeProduct(ctx, { name: "白象红烧牛肉面", priceFen: 450 });
  receiveStock(ctx, noodles.id, {
    requestId: newId(),
    qty: 20,
    unit: "base",
    costFen: 100,
    batchNo: "",
    expiryDate: "",
  });
  otherStore = await makeStore(server.db);
  client = new Client(server.url);
  await client.logIn(store.user.phone, store.user.password);
});
afterAll(() => server?.stop());

const version = () =>
  (
    server.db.$client.prepare("select version from catalog_versions where org_id = ?").get(ctx.org.id) as {
      version: number;
    }
  ).version;

function offlineSale(qty = 1, unitPriceFen = 450) {
  return {
    saleId: newId(),
    madeAt: PINNED_NOW - 60_000,
    catalogVersion: version(),
    tender: "cash",
    lines: [{ productId: noodles.id, qty, unitPriceFen }],
  };
}

function sync(body: unknown, headers: Record<string, string> = {}, who: Client = client) {
  return fetch(`${server.url}/api/sales/sync`, {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": "application/json", Cookie: who.cookieHeader(), Origin: server.url, ...headers },
  });
}

describe("POST /api/sales/sync", () => {
  it("records a batch and answers per sale; a replay answers duplicate", async () => {
    const sales = [offlineSale(2), offlineSale(1)];
    const res = await sync({ storeId: ctx.org.id, sales });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({
      results: sales.map((s) => ({ saleId: s.saleId, status: "recorded" })),
    });
    expect(getSale(ctx, sales[0].saleId).sale).toMatchObject({ totalFen: 900, createdAt: PINNED_NOW - 60_000 });
    expect(getProductDetail(ctx, noodles.id).product.onHand).toBe(17);

    const before = dbSnapshot(server.db);
    const again = await sync({ storeId: ctx.org.id, sales });
    expect(await again.json()).toEqual({
      results: sales.map((s) => ({ saleId: s.saleId, status: "duplicate" })),
    });
    expect(dbSnapshot(server.db)).toEqual(before);
    expect(ledgerViolations(server.db)).toEqual([]);
    expect(saleStockViolations(server.db)).toEqual([]);
  });

  it("refuses one sale with its reason in the user's language and records the rest", async () => {
    const good = offlineSale();
    const bad = { ...offlineSale(), lines: [{ productId: "no-such-product", qty: 1, unitPriceFen: 100 }] };
    const res = await sync({ storeId: ctx.org.id, sales: [bad, good] });
    const { results } = (await res.json()) as { results: Record<string, unknown>[] };
    expect(results[0]).toMatchObject({ saleId: bad.saleId, status: "refused", code: "error.notFound" });
    expect(results[0].reason).toMatch(/[\u4e00-\u9fff]/);
    expect(results[1]).toEqual({ saleId: good.saleId, status: "recorded" });
    const en = await sync(
      { storeId: ctx.org.id, sales: [{ ...bad, saleId: newId() }] },
      {
        Cookie: `${client.cookieHeader()}; vl_lang=en`,
      },
    );
    const [refused] = ((await en.json()) as { results: { reason: string }[] }).results;
    expect(refused.reason).toMatch(/^[\x20-\x7e]+$/);
  });

  it("refuses every sale of a store the user is not a member of, writing nothing", async () => {
    const before = dbSnapshot(server.db);
    const sales = [offlineSale()];
    const res = await sync({ storeId: otherStore.org.id, sales });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      results: [{ saleId: sales[0].saleId, status: "refused", code: "sync.notMember", reason: expect.any(String) }],
    });
    expect(dbSnapshot(server.db)).toEqual(before);
  });

  it("syncs into any store the person sells in, not only the session's active one", async () => {
    const second = makeProduct(otherStore.ctx, { name: "娃哈哈纯净水", priceFen: 150 });
    addMember(server.db, otherStore.org.id, ctx.actor.id, "clerk");
    const s = { ...offlineSale(), lines: [{ productId: second.id, qty: 1, unitPriceFen: 150 }], catalogVersion: 1 };
    const res = await sync({ storeId: otherStore.org.id, sales: [s] });
    // Nothing received there yet: sold all the same, and flagged as oversold as at the counter.
    expect(await res.json()).toEqual({ results: [{ saleId: s.saleId, status: "recorded", flags: ["oversold"] }] });
    expect(getSale(otherStore.ctx, s.saleId).sale.totalFen).toBe(150);
    // A product of the other store named under this store's id is nobody's: refused, not sold.
    const crossed = { ...offlineSale(), lines: [{ productId: second.id, qty: 1, unitPriceFen: 150 }] };
    const res2 = await sync({ storeId: ctx.org.id, sales: [crossed] });
    expect(((await res2.json()) as { results: { status: string }[] }).results[0].status).toBe("refused");
  });

  it("answers 401 without a session, 403 for a foreign origin, 400 for a malformed body", async () => {
    const before = dbSnapshot(server.db);
    const body = { storeId: ctx.org.id, sales: [offlineSale()] };
    expect((await sync(body, {}, new Client(server.url))).status).toBe(401);
    expect((await sync(body, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await sync({ storeId: ctx.org.id, sales: [] })).status).toBe(400);
    expect((await sync({ storeId: ctx.org.id, sales: Array.from({ length: 101 }, () => offlineSale()) })).status).toBe(
      400,
    );
    expect((await sync({ storeId: ctx.org.id, sales: [{ ...offlineSale(), qty: "x", lines: [] }] })).status).toBe(400);
    const notJson = await sync("{not json");
    expect(notJson.status).toBe(400);
    expect(dbSnapshot(server.db)).toEqual(before);
  });
});

describe("GET /store/sell-data", () => {
  it("hands the phone its copy, then only what changed since its version", async () => {
    await client.useOrg(ctx.org.id);
    const full = await client.get("/store/sell-data?since=0");
    expect(full.status).toBe(200);
    expect(full.headers.get("cache-control")).toBe("no-store");
    const first = (await full.json()) as {
      version: number;
      full: boolean;
      products: { id: string }[];
      stock: unknown[];
    };
    expect(first).toMatchObject({ storeId: ctx.org.id, full: true, version: version() });
    expect(first.products.map((p) => p.id)).toContain(noodles.id);
    const same = (await (await client.get(`/store/sell-data?since=${first.version}`)).json()) as typeof first;
    expect(same).toMatchObject({ full: false, products: [] });
    expect(same.stock.length).toBe(first.stock.length);
    const added = makeProduct(ctx, { name: "新到的酱油", priceFen: 800 });
    const delta = (await (await client.get(`/store/sell-data?since=${first.version}`)).json()) as typeof first;
    expect(delta.products.map((p) => p.id)).toEqual([added.id]);
    expect(delta.version).toBeGreaterThan(first.version);
  });
});
