import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lotSources, organisations, products, restockOrders, stockLots, supplierBatches, users } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { dbSnapshot } from "../support/snapshot";
import { Client, startTestServer, type TestServer } from "../support/server";
import { tracedWorld } from "../support/trace";
import { flagRecall } from "~/domain/recall/flag-recall.server";
import { releaseRecall } from "~/domain/recall/release-recall.server";

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

const lot = (orgId: string, batchNo: string) =>
  server.db
    .select()
    .from(stockLots)
    .where(and(eq(stockLots.orgId, orgId), eq(stockLots.batchNo, batchNo)))
    .get()!;

describe("the lot chain and its labels over HTTP", () => {
  it("the holder opens its lot's chain, labels and spreadsheet; another store gets a 404", async () => {
    const w = await tracedWorld(server.db);
    const id = lot(w.a.org.id, "JLY-2401").id;
    const store = await clientFor(w.a.user);
    const page = await store.get(`/store/trace/lots/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("JLY-2401");
    expect(html).toContain("供应商批次");
    const sheet = await store.get(`/store/trace/lots/${id}/export.xlsx`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("content-type")).toContain("spreadsheetml");
    const label = await (await store.get(`/store/trace/lots/${id}/label?size=a4`)).text();
    expect(label.match(/data-testid="lot-label"/g)).toHaveLength(24);
    expect(label).toContain("<svg");

    const other = await clientFor(w.b.user);
    for (const path of [
      `/store/trace/lots/${id}`,
      `/store/trace/lots/${id}/export.xlsx`,
      `/store/trace/lots/${id}/label`,
    ])
      expect((await other.get(path)).status).toBe(404);
    expect((await other.get(`/store/trace/lots/${encodeURIComponent("../../x")}`)).status).toBe(404);
  });

  it("the warehouse receipt refuses a batch that is not delivered to it, or a hostile one, writing nothing", async () => {
    const w = await tracedWorld(server.db);
    const office = await clientFor(w.r.distributor.user);
    const path = `/distributor/catalog/${w.sku.id}/receive`;
    const form = await (await office.get(path)).text();
    expect(form).toContain("JLY-2401");
    // Another alliance's batch for another distributor.
    const elsewhere = await tracedWorld(server.db);
    for (const supplierBatchId of [elsewhere.batch.batchId, "' OR 1=1 --", "x".repeat(300)]) {
      const before = dbSnapshot(server.db);
      const res = await office.post(path, { requestId: newId(), qty: "1", unit: "pack", supplierBatchId });
      expect(res.status).toBe(400);
      expect(dbSnapshot(server.db)).toEqual(before);
    }
    const ok = await office.post(path, {
      requestId: newId(),
      qty: "1",
      unit: "pack",
      supplierBatchId: w.batch.batchId,
    });
    expect(ok.status).toBe(302);
    expect(
      server.db.select().from(lotSources).where(eq(lotSources.sourceId, w.batch.batchId)).all().length,
    ).toBeGreaterThanOrEqual(2);
  });
});

describe("the public trace page", () => {
  it("opens without a login at the GS1 and the plain path, is cacheable, and leaks nothing", async () => {
    const w = await tracedWorld(server.db);
    const id = lot(w.a.org.id, "JLY-2401").id;
    const store = await clientFor(w.a.user);
    const labelHtml = await (await store.get(`/store/trace/lots/${id}/label`)).text();
    const url = /data-testid="label-url"[^>]*>([^<]+)</.exec(labelHtml)?.[1] ?? "";
    const gs1 = new URL(url.replaceAll("&amp;", "&"));
    expect(gs1.pathname).toMatch(/^\/01\/\d{14}\/10\/[0-9A-Z]{10}$/);
    const code = gs1.pathname.split("/").at(-1)!;

    const anonymous = new Client(server.url);
    for (const path of [`${gs1.pathname}${gs1.search}`, `/lot/${code}`]) {
      const res = await anonymous.get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=60");
      expect(res.headers.get("set-cookie")).toBeNull();
      const html = await res.text();
      expect(html).toContain("JLY-2401");
      expect(html).toContain("2030-06-30");
      expect(html).toContain("第1村");
      // No phone numbers, no people, no prices, no ids from the database.
      // (a mobile number: 11 digits from 13…–19…, not part of a longer number such as a licence)
      expect(html).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
      expect(html).not.toMatch(/¥|￥|元/);
      const people = server.db
        .select({ name: users.name })
        .from(users)
        .all()
        .map((u) => u.name);
      const phones = [
        ...server.db.select({ p: users.phone }).from(users).all(),
        ...server.db.select({ p: organisations.contactPhone }).from(organisations).all(),
      ].flatMap((r) => (r.p ? [r.p] : []));
      const ids = [
        ...server.db.select({ id: stockLots.id }).from(stockLots).all(),
        ...server.db.select({ id: organisations.id }).from(organisations).all(),
        ...server.db.select({ id: products.id }).from(products).all(),
        ...server.db.select({ id: restockOrders.id }).from(restockOrders).all(),
        ...server.db.select({ id: supplierBatches.id }).from(supplierBatches).all(),
        ...server.db.select({ id: users.id }).from(users).all(),
      ].map((r) => r.id);
      for (const secret of [
        ...people,
        ...phones,
        ...ids,
        "赊账客户王大妈",
        w.a.org.name,
        w.b.org.name,
        "王经理",
        "0371-12345678",
      ])
        expect(html, secret).not.toContain(secret);
    }
    expect((await anonymous.get(`/01/00000000000000/10/${code}`)).status).toBe(404);
    expect((await anonymous.get(`/lot/NOSUCHCODE1`)).status).toBe(404);
    expect((await anonymous.get(`/lot/${encodeURIComponent("<script>")}`)).status).toBe(404);
  });
  it("says a lot is recalled on its public page while the recall is open, for the lots it reached only; a drill says nothing", async () => {
    const w = await tracedWorld(server.db);
    const store = await clientFor(w.a.user);
    const publicPath = async (batchNo: string) => {
      const html = await (await store.get(`/store/trace/lots/${lot(w.a.org.id, batchNo).id}/label`)).text();
      const url = new URL((/data-testid="label-url"[^>]*>([^<]+)</.exec(html)?.[1] ?? "").replaceAll("&amp;", "&"));
      return `/lot/${url.pathname.split("/").at(-1)}`;
    };
    const [recalledPath, cleanPath] = [await publicPath("JLY-2401"), await publicPath("OLD-1")];
    const anonymous = new Client(server.url);
    const page = async (path: string) => (await anonymous.get(path)).text();
    const reason = "抽检酸价超标";
    const flag = (drill: boolean) =>
      flagRecall(w.dist, {
        requestId: newId(),
        source: { kind: "supplier_batch", id: w.batch.batchId },
        reason,
        returnNote: null,
        drill,
      });

    flag(true);
    expect(await page(recalledPath)).not.toContain(reason);
    const { recallId } = flag(false);
    expect(await page(recalledPath)).toContain(reason);
    expect(await page(cleanPath)).not.toContain(reason);
    releaseRecall(w.dist, recallId, { requestId: newId(), reason: "复检合格" });
    expect(await page(recalledPath)).not.toContain(reason);
  });
});
