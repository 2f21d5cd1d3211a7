import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products, stockMovements } from "@db/schema";
import { newId } from "~/domain/ids.server";
import { addMember, makeProduct, makeStore, makeUser } from "../support/factories";
import { Client, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const HEADER = "名称,条码,分类,基本单位,整件单位,每件数量,售价,进价,补货线,库存";

function upload(content: BlobPart, requestId = newId()) {
  const form = new FormData();
  form.set("requestId", requestId);
  form.set("file", new Blob([content], { type: "text/csv" }), "商品.csv");
  return form;
}

async function loggedIn(role: "owner" | "clerk" = "owner") {
  const store = await makeStore(server.db);
  let phone = store.user.phone;
  if (role === "clerk") {
    const clerk = await makeUser(server.db);
    addMember(server.db, store.org.id, clerk.id, "clerk");
    phone = clerk.phone;
  }
  const client = new Client(server.url);
  await client.logIn(phone, "password123");
  return { ...store, client };
}

const productsOf = (orgId: string) => server.db.select().from(products).where(eq(products.orgId, orgId)).all();

describe("CSV import over HTTP", () => {
  it("sends a visitor who is not signed in to the login page", async () => {
    const client = new Client(server.url);
    for (const res of [
      await client.get("/store/import"),
      await client.post("/store/import", upload(`${HEADER}\r\n`)),
      await client.get("/store/export/stock.csv"),
      await client.get("/store/import/template.csv"),
    ]) {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login\?redirectTo=%2Fstore%2F/);
    }
  });

  it("shows the form with a template link", async () => {
    const { client } = await loggedIn();
    const res = await client.get("/store/import");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<form [^>]*action="\/store\/import" encType="multipart\/form-data"/i);
    expect(html).toContain('href="/store/import/template.csv"');
  });

  it("answers a bad file with a 400 naming each row and column in Chinese, and writes nothing", async () => {
    const { client, org } = await loggedIn();
    const file = [
      HEADER,
      "好商品,6920000000012,,瓶,,,2.00,,,5",
      "坏条码,6920000000013,,瓶,,,2.00,,,",
      "负价,,,瓶,,,-1,,,",
    ].join("\r\n");
    const res = await client.post("/store/import", upload(file));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("有 2 行有问题，什么都没有导入");
    expect(html).toContain("第 3 行，条码：条码校验位不对");
    expect(html).toContain("第 4 行，售价：不能是负数");
    expect(productsOf(org.id)).toEqual([]);
    expect(server.db.select().from(stockMovements).where(eq(stockMovements.orgId, org.id)).all()).toEqual([]);
  });

  it("lets a clerk import, and a repeated post of the same form changes nothing more", async () => {
    const { client, org } = await loggedIn("clerk");
    const template = await client.get("/store/import/template.csv");
    expect(template.status).toBe(200);
    const bytes = new Uint8Array(await template.arrayBuffer());
    const requestId = newId();
    const first = await client.post("/store/import", upload(bytes, requestId));
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("导入完成：新增 2 种，更新 0 种");
    const again = await client.post("/store/import", upload(bytes, requestId));
    expect(await again.text()).toContain("导入完成：新增 2 种，更新 0 种");
    const rows = productsOf(org.id);
    expect(rows.map((p) => [p.name, p.priceFen, p.onHand]).sort()).toEqual([
      ["康师傅红烧牛肉面 105g", 450, 48],
      ["散装白砂糖", 500, 20],
    ]);
  });

  it("refuses a file over 2 MB with a 413", async () => {
    const { client, org } = await loggedIn();
    const res = await client.post("/store/import", upload(new Uint8Array(2 * 1024 * 1024 + 10).fill(0x41)));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("文件太大了");
    expect(productsOf(org.id)).toEqual([]);
  });

  it("answers a form without a file with a 400", async () => {
    const { client } = await loggedIn();
    const res = await client.post("/store/import", { requestId: newId() });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请选择一个 CSV 文件");
  });
});

describe("stock CSV export over HTTP", () => {
  it("downloads only this store's stock, with a BOM, Chinese headers and yuan amounts", async () => {
    const { client, ctx } = await loggedIn("clerk");
    const { ctx: other } = await makeStore(server.db);
    makeProduct(ctx, { name: "本店方便面", barcode: "6920000000012", priceFen: 450, costFen: 305 });
    makeProduct(other, { name: "别家方便面" });
    const res = await client.get("/store/export/stock.csv");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="stock-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    expect(disposition).toContain(encodeURIComponent("库存-"));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
    expect(header).toBe(`${HEADER},库存金额,最近到期`);
    expect(lines).toEqual(['本店方便面,"=""6920000000012""",方便食品,袋,箱,24,4.50,3.05,10,0,0.00,']);
  });
});
