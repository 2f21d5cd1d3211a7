import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { newId } from "~/domain/ids.server";
import { getProduct, getProductDetail } from "~/domain/inventory/get-product.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { makeProduct, makeStore, uniqueBarcode } from "../support/factories";
import { hiddenValue, inputValue, shows } from "../support/html";
import { ledgerViolations } from "../support/ledger";
import { Client, startTestServer, type TestServer } from "../support/server";
import { dbSnapshot } from "../support/snapshot";

let server: TestServer;
let ctx: Ctx;
let client: Client;

beforeAll(async () => {
  server = await startTestServer();
  const store = await makeStore(server.db);
  ctx = store.ctx;
  client = new Client(server.url);
  await client.logIn(store.user.phone, store.user.password);
});
afterAll(() => server?.stop());

const BAD_REQUEST = "提交的内容有误，请检查后重试。";

/** Posts a form that must be refused: 400, the field's Chinese message shown, nothing written. */
async function expectRefused(path: string, form: Record<string, string>, message: string) {
  const before = dbSnapshot(server.db);
  const res = await client.post(path, form);
  const html = await res.text();
  expect(res.status, `${path} ${JSON.stringify(form)}`).toBe(400);
  expect(shows(html, message), `${path} should show ${message} for ${JSON.stringify(form)}`).toBe(true);
  expect(dbSnapshot(server.db)).toEqual(before);
  return html;
}

/** A redirect to `path` whose query includes `params` (the page may add more for its notice). */
function expectRedirect(res: Response, path: string, params: Record<string, string> = {}) {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") ?? "", "http://x");
  expect(location.pathname).toBe(path);
  for (const [key, value] of Object.entries(params)) expect(location.searchParams.get(key), key).toBe(value);
}

async function requestIdFrom(path: string): Promise<string> {
  const page = await client.get(path);
  expect(page.status).toBe(200);
  return hiddenValue(await page.text(), "requestId");
}

describe("receiving stock", () => {
  it("books packs as base units with cost per pack, batch and expiry, and says how much arrived", async () => {
    const product = makeProduct(ctx, { packSize: 24, costFen: 0 });
    const path = `/store/products/${product.id}/receive`;
    const requestId = await requestIdFrom(path);
    const res = await client.post(path, {
      requestId,
      qty: "2",
      unit: "pack",
      costFen: "36.00",
      batchNo: "B2026",
      expiryDate: "2030-05-01",
    });
    expectRedirect(res, `/store/products/${product.id}`, { done: "received", qty: "48" });
    const { product: p, lots, movements } = getProductDetail(ctx, product.id);
    expect(p).toMatchObject({ onHand: 48, costFen: 150 });
    expect(lots).toEqual([expect.objectContaining({ batchNo: "B2026", expiryDate: "2030-05-01", onHand: 48 })]);
    expect(movements).toEqual([
      expect.objectContaining({ kind: "receipt", qty: 48, unitCostFen: 150, refId: requestId }),
    ]);
    const detail = await (await client.get(res.headers.get("location")!)).text();
    expect(detail).toContain("B2026");
  });

  it("writes once when the same form is posted twice (a double tap or a retry)", async () => {
    const product = makeProduct(ctx);
    const path = `/store/products/${product.id}/receive`;
    const form = {
      requestId: await requestIdFrom(path),
      qty: "6",
      unit: "base",
      costFen: "",
      batchNo: "",
      expiryDate: "",
    };
    const [first, second] = await Promise.all([client.post(path, form), client.post(path, form)]);
    const third = await client.post(path, form);
    for (const res of [first, second, third])
      expectRedirect(res, `/store/products/${product.id}`, { done: "received", qty: "6" });
    const { product: p, movements } = getProductDetail(ctx, product.id);
    expect(p.onHand).toBe(6);
    expect(movements).toHaveLength(1);
  });

  it("keeps the request key and what was typed after a refusal, so the corrected form still writes once", async () => {
    const product = makeProduct(ctx);
    const path = `/store/products/${product.id}/receive`;
    const requestId = await requestIdFrom(path);
    const html = await expectRefused(
      path,
      { requestId, qty: "abc", unit: "base", batchNo: "LOT-7", expiryDate: "" },
      "请填整数",
    );
    expect(inputValue(html, "batchNo")).toBe("LOT-7");
    expect(inputValue(html, "qty")).toBe("abc");
    expect(hiddenValue(html, "requestId")).toBe(requestId);
    const ok = await client.post(path, { requestId, qty: "3", unit: "base", batchNo: "LOT-7", expiryDate: "" });
    expect(ok.status).toBe(302);
    expect(getProduct(ctx, product.id).onHand).toBe(3);
  });

  it.each([
    [{ qty: "" }, "必填"],
    [{ qty: "abc" }, "请填整数"],
    [{ qty: "1.5" }, "请填整数"],
    [{ qty: "-3" }, "请填大于 0 的数"],
    [{ qty: "0" }, "请填大于 0 的数"],
    [{ qty: "10000001" }, "数字太大了"],
    [{ costFen: "-1" }, "金额格式不对，例如 12.50"],
    [{ costFen: "1.234" }, "金额格式不对，例如 12.50"],
    [{ costFen: "十元" }, "金额格式不对，例如 12.50"],
    [{ batchNo: "B".repeat(41) }, "太长了，最多 40 个字"],
    [{ expiryDate: "2026-02-30" }, "日期格式不对，例如 2026-12-31"],
    [{ expiryDate: "31/12/2026" }, "日期格式不对，例如 2026-12-31"],
    [{ unit: "crate" }, "填写有误"],
    // The request key is a hidden field: the form-level message is what the person sees.
    [{ requestId: "" }, BAD_REQUEST],
    [{ requestId: "a b" }, BAD_REQUEST],
  ])("refuses %j with a Chinese message and writes nothing", async (override, message) => {
    const product = makeProduct(ctx);
    const html = await expectRefused(
      `/store/products/${product.id}/receive`,
      { requestId: newId(), qty: "2", unit: "base", costFen: "3.00", batchNo: "", expiryDate: "", ...override },
      message,
    );
    expect(shows(html, BAD_REQUEST)).toBe(true);
  });

  it("refuses a receipt too large to book exactly, writing nothing", async () => {
    const product = makeProduct(ctx, { packSize: 10_000 });
    await expectRefused(
      `/store/products/${product.id}/receive`,
      { requestId: newId(), qty: "1000000", unit: "pack", costFen: "999999999.99", batchNo: "", expiryDate: "" },
      "数字太大了",
    );
  });
});

describe("adjusting stock", () => {
  it.each([
    ["damaged", -3],
    ["expired", -3],
    ["lost", -3],
    ["found", 3],
  ])("gives a %s adjustment the sign %i", async (reason, delta) => {
    const product = makeProduct(ctx);
    receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 10,
      unit: "base",
      costFen: 300,
      batchNo: "",
      expiryDate: "",
    });
    const path = `/store/products/${product.id}/adjust`;
    const form = { requestId: await requestIdFrom(path), reason, qty: "3", note: "货架检查" };
    const res = await client.post(path, form);
    expectRedirect(res, `/store/products/${product.id}`, { done: "adjusted" });
    expect((await client.post(path, form)).status).toBe(302);
    const { product: p, movements } = getProductDetail(ctx, product.id);
    expect(p.onHand).toBe(10 + delta);
    expect(movements.filter((m) => m.kind === "adjustment")).toEqual([
      expect.objectContaining({ reason, qty: delta, note: "货架检查" }),
    ]);
  });

  it.each([
    [{ reason: "" }, "必填"],
    [{ reason: "stolen" }, "必填"],
    [{ qty: "" }, "必填"],
    [{ qty: "-2" }, "请填大于 0 的数"],
    [{ qty: "two" }, "请填整数"],
    [{ qty: "1000001" }, "数字太大了"],
    [{ note: "注".repeat(201) }, "太长了，最多 200 个字"],
  ])("refuses %j with a Chinese message and writes nothing", async (override, message) => {
    const product = makeProduct(ctx);
    await expectRefused(
      `/store/products/${product.id}/adjust`,
      { requestId: newId(), reason: "damaged", qty: "1", note: "", ...override },
      message,
    );
  });
});

describe("counting stock", () => {
  it("records only the differences, leaves uncounted products alone, and reports the result", async () => {
    const counted = makeProduct(ctx, { name: "盘点甲" });
    const same = makeProduct(ctx, { name: "盘点乙" });
    const skipped = makeProduct(ctx, { name: "盘点丙" });
    for (const p of [counted, same, skipped]) {
      receiveStock(ctx, p.id, { requestId: newId(), qty: 10, unit: "base", costFen: 300, batchNo: "", expiryDate: "" });
    }
    const form = {
      requestId: await requestIdFrom("/store/count"),
      [`counted.${counted.id}`]: "7",
      [`counted.${same.id}`]: "10",
      [`counted.${skipped.id}`]: "",
      note: "月底盘点",
    };
    const res = await client.post("/store/count", form);
    expectRedirect(res, "/store/count", { done: "2.1" });
    expect((await client.post("/store/count", form)).status).toBe(302);
    const { product: p, movements } = getProductDetail(ctx, counted.id);
    expect(p.onHand).toBe(7);
    expect(movements.filter((m) => m.kind === "count")).toEqual([expect.objectContaining({ qty: -3, note: null })]);
    for (const p of [same, skipped]) {
      expect(getProductDetail(ctx, p.id).movements.map((m) => m.kind)).toEqual(["receipt"]);
    }
    expect(ledgerViolations(server.db)).toEqual([]);
  });

  it.each([
    ["-1", "不能是负数"],
    ["abc", "请填整数"],
    ["1.5", "请填整数"],
    ["10000001", "数字太大了"],
  ])(
    "refuses a counted figure %j with a Chinese message at that product, and writes nothing",
    async (value, message) => {
      // The count list shows 20 at a time: the form is posted from the search that shows both.
      const ok = makeProduct(ctx, { name: `错数 ${value} 甲` });
      const bad = makeProduct(ctx, { name: `错数 ${value} 乙` });
      const html = await expectRefused(
        `/store/count?q=${encodeURIComponent(`错数 ${value}`)}`,
        { requestId: newId(), [`counted.${ok.id}`]: "4", [`counted.${bad.id}`]: value },
        message,
      );
      expect(inputValue(html, `counted.${bad.id}`)).toBe(value);
      expect(inputValue(html, `counted.${ok.id}`)).toBe("4");
    },
  );

  it("refuses a count with nothing counted", async () => {
    const product = makeProduct(ctx);
    await expectRefused(
      "/store/count",
      { requestId: newId(), [`counted.${product.id}`]: " " },
      "请至少填写一种商品的实盘数量",
    );
  });
});

describe("creating and editing products", () => {
  const form = (overrides: Record<string, string> = {}) => ({
    requestId: newId(),
    name: "娃哈哈 AD 钙奶 220g",
    barcode: "",
    category: "饮料",
    baseUnit: "瓶",
    packUnit: "提",
    packSize: "4",
    priceFen: "2.50",
    costFen: "1.80",
    reorderPoint: "8",
    active: "on",
    ...overrides,
  });
  const productRow = (id: string) => server.db.select().from(products).where(eq(products.id, id)).get();

  it("creates one product from a double-tapped save (same request key)", async () => {
    const twice = form({ name: "双击测试 饼干" });
    const [first, second] = await Promise.all([
      client.post("/store/products/new", twice),
      client.post("/store/products/new", twice),
    ]);
    expect(first.status).toBe(302);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    const named = server.db.select().from(products).where(eq(products.name, "双击测试 饼干")).all();
    expect(named).toHaveLength(1);
  });

  it("creates a product in fen with a normalised barcode and its pinyin, then opens it", async () => {
    const res = await client.post("/store/products/new", form({ barcode: "036000291452" }));
    expect(res.status).toBe(302);
    const id = res.headers.get("location")!.match(/^\/store\/products\/([\w-]+)\?done=saved$/)![1];
    expect(productRow(id)).toMatchObject({
      orgId: ctx.org.id,
      name: "娃哈哈 AD 钙奶 220g",
      barcode: "0036000291452",
      priceFen: 250,
      costFen: 180,
      packSize: 4,
      reorderPoint: 8,
      onHand: 0,
      active: true,
    });
    expect(productRow(id)?.pinyin).toMatch(/^whhgn /);
    const list = await (await client.get("/store/products?q=whh")).text();
    expect(list).toContain("娃哈哈 AD 钙奶 220g");
  });

  it("edits a product without touching its stock or average cost", async () => {
    const product = makeProduct(ctx, { costFen: 300, barcode: uniqueBarcode() });
    receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 5,
      unit: "base",
      costFen: 300,
      batchNo: "",
      expiryDate: "",
    });
    const { costFen: _cost, ...editable } = form({ name: "改过的名字", onHand: "999", barcode: product.barcode! });
    const res = await client.post(`/store/products/${product.id}/edit`, { ...editable, active: "" });
    expectRedirect(res, `/store/products/${product.id}`, { done: "saved" });
    expect(productRow(product.id)).toMatchObject({
      name: "改过的名字",
      onHand: 5,
      costFen: 300,
      active: false,
      priceFen: 250,
    });
  });

  it("refuses a barcode another product of the store has, naming it, and writes nothing", async () => {
    const holder = makeProduct(ctx, { name: "条码原主", barcode: uniqueBarcode() });
    const before = dbSnapshot(server.db);
    const res = await client.post("/store/products/new", form({ barcode: holder.barcode! }));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(shows(html, "本店已有这个条码的商品：条码原主")).toBe(true);
    expect(inputValue(html, "name")).toBe("娃哈哈 AD 钙奶 220g");
    const other = makeProduct(ctx);
    const snapshot = dbSnapshot(server.db);
    const edit = await client.post(`/store/products/${other.id}/edit`, form({ barcode: holder.barcode! }));
    expect(edit.status).toBe(409);
    expect(dbSnapshot(server.db)).toEqual(snapshot);
    expect(productRow(other.id)?.barcode).toBe(other.barcode);
    expect(before.products.length + 1).toBe(snapshot.products.length);
  });

  it.each([
    [{ name: "" }, "必填"],
    [{ name: "名".repeat(61) }, "太长了，最多 60 个字"],
    [{ barcode: "4006381333932" }, "条码校验位不对，请核对（支持 EAN-13、EAN-8、UPC-A）"],
    [{ barcode: "12345" }, "条码校验位不对，请核对（支持 EAN-13、EAN-8、UPC-A）"],
    [{ baseUnit: "" }, "必填"],
    [{ baseUnit: "一二三四五六七" }, "太长了，最多 6 个字"],
    [{ packSize: "0" }, "请填大于 0 的数"],
    [{ packSize: "abc" }, "请填整数"],
    [{ priceFen: "" }, "必填"],
    [{ priceFen: "-2" }, "金额格式不对，例如 12.50"],
    [{ priceFen: "2.505" }, "金额格式不对，例如 12.50"],
    [{ costFen: "abc" }, "金额格式不对，例如 12.50"],
    [{ reorderPoint: "-1" }, "不能是负数"],
    [{ reorderPoint: "1e3" }, "请填整数"],
  ])("refuses a new product with %j in Chinese, keeping what was typed, writing nothing", async (override, message) => {
    const html = await expectRefused("/store/products/new", form(override), message);
    const [field, value] = Object.entries(override)[0];
    expect(inputValue(html, field)).toBe(value);
  });

  it("refuses a bad edit in Chinese and leaves the product as it was", async () => {
    const product = makeProduct(ctx, { name: "原来的名字" });
    const { costFen: _cost, ...editable } = form({ name: "", packSize: "-1" });
    const html = await expectRefused(`/store/products/${product.id}/edit`, editable, "必填");
    expect(shows(html, "请填大于 0 的数")).toBe(true);
    expect(productRow(product.id)?.name).toBe("原来的名字");
  });

  it("answers in English for a person who chose English", async () => {
    const english = new Client(server.url);
    const store = await makeStore(server.db);
    await english.logIn(store.user.phone, store.user.password);
    await english.post("/settings/language", { locale: "en", redirectTo: "/store" });
    const res = await english.post("/store/products/new", form({ barcode: "4006381333932", priceFen: "abc" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(shows(html, "Wrong check digit: please check the barcode (EAN-13, EAN-8, UPC-A)")).toBe(true);
    expect(shows(html, "Not a valid amount, e.g. 12.50")).toBe(true);
  });
});
