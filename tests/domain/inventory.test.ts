import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { products } from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { addDays, shanghaiDate } from "~/domain/dates";
import { Conflict, Invalid, NotFound } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { adjustStock } from "~/domain/inventory/adjust-stock.server";
import { hasValidCheckDigit, normaliseBarcode } from "~/domain/inventory/barcode";
import { countStock } from "~/domain/inventory/count-stock.server";
import { getProduct, getProductDetail } from "~/domain/inventory/get-product.server";
import { findByBarcode, listProducts, stockSummary } from "~/domain/inventory/list-products.server";
import { productSchema } from "~/domain/inventory/product-fields.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { createProduct, createProductSchema, updateProduct } from "~/domain/inventory/save-product.server";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore, uniqueBarcode } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { dbSnapshot } from "../support/snapshot";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const EAN13 = "4006381333931";
const EAN8 = "96385074";
const UPCA = "036000291452";

const receive = (ctx: Ctx, productId: string, qty: number, extra: { batchNo?: string; expiryDate?: string } = {}) =>
  receiveStock(ctx, productId, {
    requestId: newId(),
    qty,
    unit: "base",
    costFen: 300,
    batchNo: "",
    expiryDate: "",
    ...extra,
  });

const productInput = (overrides: Record<string, string> = {}) => ({
  name: "农夫山泉 550ml",
  barcode: "",
  category: "饮料",
  baseUnit: "瓶",
  packUnit: "箱",
  packSize: "24",
  priceFen: "2",
  reorderPoint: "12",
  active: "on",
  ...overrides,
});

describe("barcodes", () => {
  it("accepts EAN-13, EAN-8 and UPC-A with a right check digit, and stores UPC-A as its EAN-13", () => {
    expect(normaliseBarcode(EAN13)).toBe(EAN13);
    expect(normaliseBarcode(EAN8)).toBe(EAN8);
    expect(normaliseBarcode(UPCA)).toBe(`0${UPCA}`);
    expect(normaliseBarcode(" 4006381-333931 ")).toBe(EAN13);
  });

  it("refuses a wrong check digit, a wrong length and anything not digits", () => {
    expect(normaliseBarcode("4006381333932")).toBeNull();
    expect(normaliseBarcode("96385075")).toBeNull();
    expect(normaliseBarcode("036000291453")).toBeNull();
    expect(normaliseBarcode("400638133393")).toBeNull(); // 12 digits, not a UPC-A
    expect(normaliseBarcode("12345678901234")).toBeNull();
    expect(normaliseBarcode("40063813339a1")).toBeNull();
    expect(hasValidCheckDigit("")).toBe(false);
  });

  it("catches every single mistyped digit", () => {
    for (let position = 0; position < EAN13.length; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        if (String(digit) === EAN13[position]) continue;
        const typo = EAN13.slice(0, position) + digit + EAN13.slice(position + 1);
        expect(normaliseBarcode(typo), typo).toBeNull();
      }
    }
  });

  it("validates the barcode in the product form with a dictionary key, and leaves it empty for loose goods", () => {
    const bad = productSchema.safeParse(productInput({ barcode: "4006381333932" }));
    expect(bad.error?.issues.map((i) => [i.path[0], i.message])).toEqual([["barcode", "product.barcodeInvalid"]]);
    expect(productSchema.parse(productInput({ barcode: UPCA })).barcode).toBe(`0${UPCA}`);
    expect(productSchema.parse(productInput({ barcode: "  " })).barcode).toBeNull();
  });
});

describe("product form values", () => {
  it("turns yuan into fen and text into numbers", () => {
    const parsed = createProductSchema.parse(productInput({ priceFen: "2.5", costFen: "1.05" }));
    expect(parsed).toMatchObject({ priceFen: 250, costFen: 105, packSize: 24, reorderPoint: 12, active: true });
  });

  it.each([
    ["name", { name: "" }, "validation.required"],
    ["name", { name: "名".repeat(61) }, "too_big"],
    ["baseUnit", { baseUnit: "" }, "validation.required"],
    ["packSize", { packSize: "0" }, "validation.positive"],
    ["packSize", { packSize: "-3" }, "validation.positive"],
    ["packSize", { packSize: "2.5" }, "validation.integer"],
    ["packSize", { packSize: "十" }, "validation.integer"],
    ["priceFen", { priceFen: "-1" }, "validation.money"],
    ["priceFen", { priceFen: "1.234" }, "validation.money"],
    ["priceFen", { priceFen: "abc" }, "validation.money"],
    ["priceFen", { priceFen: "" }, "validation.required"],
    ["reorderPoint", { reorderPoint: "-1" }, "validation.nonNegative"],
  ])("refuses a bad %s (%j)", (field, overrides, expected) => {
    const parsed = createProductSchema.safeParse(productInput(overrides as Record<string, string>));
    const issue = parsed.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message === expected || issue?.code === expected, JSON.stringify(issue)).toBe(true);
  });
});

describe("saving products", () => {
  it("creates a product with its pinyin key, no stock and the given cost", async () => {
    const { ctx } = await makeStore(db);
    const { id } = createProduct(ctx, createProductSchema.parse(productInput({ barcode: EAN13, costFen: "1.2" })));
    expect(getProduct(ctx, id)).toMatchObject({
      orgId: ctx.org.id,
      barcode: EAN13,
      pinyin: "nfsq nongfushanquan",
      onHand: 0,
      costFen: 120,
      priceFen: 200,
    });
  });

  it("keeps barcodes unique within a store, checked on create and on update", async () => {
    const { ctx } = await makeStore(db);
    const first = makeProduct(ctx, { barcode: EAN8, name: "甲" });
    const second = makeProduct(ctx, { barcode: uniqueBarcode(), name: "乙" });
    expect(() => makeProduct(ctx, { barcode: EAN8 })).toThrow(Conflict);
    try {
      updateProduct(ctx, second.id, { ...second, barcode: EAN8 });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ status: 409, key: "product.barcodeTaken", params: { name: "甲" } });
    }
    expect(getProduct(ctx, second.id).barcode).toBe(second.barcode);
    // Saving a product with its own barcode is no clash.
    expect(updateProduct(ctx, first.id, { ...first, name: "甲改" })).toEqual({ id: first.id });
  });

  it("allows the same barcode in two stores: every store keeps its own catalogue", async () => {
    const a = await makeStore(db);
    const b = await makeStore(db);
    const code = uniqueBarcode();
    const inA = makeProduct(a.ctx, { barcode: code });
    const inB = makeProduct(b.ctx, { barcode: code });
    expect(findByBarcode(a.ctx, code)).toEqual({ id: inA.id });
    expect(findByBarcode(b.ctx, code)).toEqual({ id: inB.id });
  });

  it("lets many loose goods go without a barcode", async () => {
    const { ctx } = await makeStore(db);
    makeProduct(ctx, { barcode: null, name: "散装大米" });
    makeProduct(ctx, { barcode: null, name: "散装面粉" });
    expect(listProducts(ctx).total).toBe(2);
  });

  it("updates the fields a person edits and the search key, never stock or average cost", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx, { name: "康师傅红烧牛肉面", costFen: 350 });
    receive(ctx, product.id, 10);
    const before = getProduct(ctx, product.id);
    const input = productSchema.parse({ ...productInput({ name: "白象大骨面", onHand: "999", costFen: "0.01" }) });
    updateProduct(ctx, product.id, input);
    const after = getProduct(ctx, product.id);
    expect(after).toMatchObject({
      name: "白象大骨面",
      pinyin: "bxdgm baixiangdagumian",
      onHand: before.onHand,
      costFen: before.costFen,
    });
    expect(listProducts(ctx, { q: "bxdg" }).items.map((i) => i.id)).toEqual([product.id]);
    expect(listProducts(ctx, { q: "ksf" }).items).toEqual([]);
  });
});

describe("finding products", () => {
  it("finds 康师傅 by pinyin initials, full pinyin, either case, and by its Chinese name", async () => {
    const { ctx } = await makeStore(db);
    const noodles = makeProduct(ctx, { name: "康师傅红烧牛肉面 105g" });
    makeProduct(ctx, { name: "白象方便面" });
    for (const q of ["ksf", "kangshifu", "KSF", "hsnrm", "niurou", "康师傅", "牛肉面"]) {
      expect(
        listProducts(ctx, { q }).items.map((i) => i.id),
        q,
      ).toEqual([noodles.id]);
    }
    expect(listProducts(ctx, { q: "wahaha" }).items).toEqual([]);
  });

  it("treats % and _ in a search as plain characters", async () => {
    const { ctx } = await makeStore(db);
    makeProduct(ctx, { name: "可乐" });
    expect(listProducts(ctx, { q: "%" }).items).toEqual([]);
    expect(listProducts(ctx, { q: "_" }).items).toEqual([]);
  });

  it("finds a product by its exact barcode, typed as UPC-A or EAN-13, and only in its own store", async () => {
    const { ctx } = await makeStore(db);
    const other = await makeStore(db);
    const product = makeProduct(ctx, { barcode: `0${UPCA}` });
    makeProduct(ctx, { barcode: EAN13 });
    expect(findByBarcode(ctx, UPCA)).toEqual({ id: product.id });
    expect(findByBarcode(ctx, `0${UPCA}`)).toEqual({ id: product.id });
    expect(listProducts(ctx, { q: UPCA }).items.map((i) => i.id)).toEqual([product.id]);
    expect(findByBarcode(ctx, "036000291453")).toBeNull();
    expect(findByBarcode(other.ctx, UPCA)).toBeNull();
    expect(listProducts(other.ctx, { q: UPCA }).items).toEqual([]);
  });

  it("never lists another store's products, whatever the search", async () => {
    const mine = await makeStore(db);
    const theirs = await makeStore(db);
    makeProduct(theirs.ctx, { name: "康师傅冰红茶" });
    expect(listProducts(mine.ctx, { q: "ksf" }).total).toBe(0);
    expect(listProducts(mine.ctx, { filter: "low" }).total).toBe(0);
    expect(stockSummary(mine.ctx)).toEqual({ products: 0, stockValueFen: 0, low: 0, expiring: 0 });
  });
});

describe("list filters", () => {
  it("shows low stock (at or below the reorder point, most short first), with negative stock first, inactive left out", async () => {
    const { ctx } = await makeStore(db);
    const plenty = makeProduct(ctx, { name: "甲", reorderPoint: 5 });
    const atPoint = makeProduct(ctx, { name: "乙", reorderPoint: 5 });
    const negative = makeProduct(ctx, { name: "丙", reorderPoint: 5 });
    const inactive = makeProduct(ctx, { name: "丁", reorderPoint: 5, active: false });
    receive(ctx, plenty.id, 6);
    receive(ctx, atPoint.id, 5);
    adjustStock(ctx, negative.id, { requestId: newId(), reason: "lost", qty: 3, note: null });
    const low = listProducts(ctx, { filter: "low" });
    expect(low.items.map((i) => i.id)).toEqual([negative.id, atPoint.id]);
    expect(low.items[0].onHand).toBe(-3);
    expect(low.total).toBe(2);
    expect(listProducts(ctx).items.map((i) => i.id)).toContain(inactive.id);
    expect(stockSummary(ctx).low).toBe(2);
  });

  it("shows what expires within 30 days (Asia/Shanghai calendar), soonest first, ignoring empty lots", async () => {
    const { ctx } = await makeStore(db);
    const today = shanghaiDate(ctx.clock.now());
    const soon = makeProduct(ctx, { name: "牛奶" });
    const edge = makeProduct(ctx, { name: "面包" });
    const expired = makeProduct(ctx, { name: "酸奶" });
    const later = makeProduct(ctx, { name: "罐头" });
    const soldOut = makeProduct(ctx, { name: "豆腐" });
    const noDate = makeProduct(ctx, { name: "盐" });
    receive(ctx, soon.id, 4, { batchNo: "S", expiryDate: addDays(today, 10) });
    receive(ctx, soon.id, 4, { batchNo: "L", expiryDate: addDays(today, 200) });
    receive(ctx, edge.id, 4, { expiryDate: addDays(today, 30) });
    receive(ctx, expired.id, 4, { expiryDate: addDays(today, -1) });
    receive(ctx, later.id, 4, { expiryDate: addDays(today, 31) });
    receive(ctx, soldOut.id, 4, { expiryDate: addDays(today, 5) });
    adjustStock(ctx, soldOut.id, { requestId: newId(), reason: "expired", qty: 4, note: null });
    receive(ctx, noDate.id, 4);

    const expiring = listProducts(ctx, { filter: "expiring" });
    expect(expiring.items.map((i) => i.id)).toEqual([expired.id, soon.id, edge.id]);
    expect(expiring.items.find((i) => i.id === soon.id)).toMatchObject({
      nextExpiry: addDays(today, 10),
      expiresSoon: true,
    });
    const all = listProducts(ctx).items;
    expect(all.find((i) => i.id === later.id)).toMatchObject({ nextExpiry: addDays(today, 31), expiresSoon: false });
    expect(all.find((i) => i.id === soldOut.id)).toMatchObject({ nextExpiry: null, expiresSoon: false });
    expect(all.find((i) => i.id === noDate.id)).toMatchObject({ nextExpiry: null, expiresSoon: false });
    expect(stockSummary(ctx).expiring).toBe(3);
  });
});

describe("tenancy: another store's product id", () => {
  it("is not found by any inventory verb, and nothing is written", async () => {
    const mine = await makeStore(db);
    const theirs = await makeStore(db);
    const ownProduct = makeProduct(mine.ctx);
    const foreign = makeProduct(theirs.ctx, { name: "别人的商品" });
    receive(theirs.ctx, foreign.id, 7);
    const ctx = mine.ctx;
    const before = dbSnapshot(db);

    const verbs: [string, () => unknown][] = [
      ["getProduct", () => getProduct(ctx, foreign.id)],
      ["getProductDetail", () => getProductDetail(ctx, foreign.id)],
      [
        "receiveStock",
        () =>
          receiveStock(ctx, foreign.id, {
            requestId: newId(),
            qty: 5,
            unit: "pack",
            costFen: 100,
            batchNo: "X",
            expiryDate: "",
          }),
      ],
      [
        "adjustStock (found)",
        () => adjustStock(ctx, foreign.id, { requestId: newId(), reason: "found", qty: 5, note: null }),
      ],
      [
        "adjustStock (damaged)",
        () => adjustStock(ctx, foreign.id, { requestId: newId(), reason: "damaged", qty: 5, note: null }),
      ],
      [
        "countStock",
        () => countStock(ctx, { requestId: newId(), note: null, lines: [{ productId: foreign.id, counted: 0 }] }),
      ],
      [
        "countStock with an own product first",
        () =>
          countStock(ctx, {
            requestId: newId(),
            note: null,
            lines: [
              { productId: ownProduct.id, counted: 3 },
              { productId: foreign.id, counted: 0 },
            ],
          }),
      ],
      ["updateProduct", () => updateProduct(ctx, foreign.id, { ...foreign, name: "改名" })],
    ];
    for (const [name, run] of verbs) {
      expect(run, name).toThrow(NotFound);
    }
    expect(dbSnapshot(db)).toEqual(before);
    expect(getProduct(theirs.ctx, foreign.id)).toMatchObject({ name: "别人的商品", onHand: 7 });
  });

  it("is not found by an id that exists nowhere either", async () => {
    const { ctx } = await makeStore(db);
    expect(() => receive(ctx, "no-such-product", 1)).toThrow(NotFound);
    expect(() => getProduct(ctx, "")).toThrow(NotFound);
  });
});

describe("idempotency", () => {
  it("turns a retried adjustment into the first one's result", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx);
    receive(ctx, product.id, 10);
    const input = { requestId: newId(), reason: "damaged" as const, qty: 3, note: "摔了" };
    const first = adjustStock(ctx, product.id, input);
    const second = adjustStock(ctx, product.id, input);
    expect(second).toEqual(first);
    const { product: p, movements } = getProductDetail(ctx, product.id);
    expect(p.onHand).toBe(7);
    expect(movements.filter((m) => m.kind === "adjustment")).toHaveLength(1);
  });

  it("turns a retried count into the first one's result, not a second correction", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx);
    receive(ctx, product.id, 10);
    const input = { requestId: newId(), note: null, lines: [{ productId: product.id, counted: 8 }] };
    const first = countStock(ctx, input);
    // Stock moves between the first count and its retry: the retry must not recount.
    receive(ctx, product.id, 5);
    const second = countStock(ctx, input);
    expect(second).toEqual(first);
    expect(getProduct(ctx, product.id).onHand).toBe(13);
    expect(getProductDetail(ctx, product.id).movements.filter((m) => m.kind === "count")).toHaveLength(1);
  });

  it("keeps request keys per store: another store's identical key is its own request", async () => {
    const a = await makeStore(db);
    const b = await makeStore(db);
    const pa = makeProduct(a.ctx);
    const pb = makeProduct(b.ctx);
    const requestId = newId();
    const input = { requestId, qty: 4, unit: "base" as const, costFen: 300, batchNo: "", expiryDate: "" };
    receiveStock(a.ctx, pa.id, input);
    expect(receiveStock(b.ctx, pb.id, input)).toMatchObject({ productId: pb.id, qtyBase: 4 });
    expect(getProduct(b.ctx, pb.id).onHand).toBe(4);
  });

  it("refuses a key already used for a different operation instead of answering with its result", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx);
    const requestId = newId();
    receiveStock(ctx, product.id, { requestId, qty: 4, unit: "base", costFen: 300, batchNo: "", expiryDate: "" });
    expect(() => adjustStock(ctx, product.id, { requestId, reason: "lost", qty: 1, note: null })).toThrow(Conflict);
    expect(getProduct(ctx, product.id).onHand).toBe(4);
  });

  it("writes nothing, key included, when the first attempt failed: the retry does the work", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx);
    const requestId = newId();
    expect(() =>
      receiveStock(ctx, "not-mine", { requestId, qty: 4, unit: "base", costFen: 300, batchNo: "", expiryDate: "" }),
    ).toThrow(NotFound);
    expect(
      receiveStock(ctx, product.id, { requestId, qty: 4, unit: "base", costFen: 300, batchNo: "", expiryDate: "" }),
    ).toMatchObject({
      qtyBase: 4,
    });
    expect(getProduct(ctx, product.id).onHand).toBe(4);
  });
});

describe("receiving", () => {
  it("converts packs to base units at the cost per pack, and averages cost over positive stock only", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx, { packSize: 12, costFen: 200 });
    adjustStock(ctx, product.id, { requestId: newId(), reason: "lost", qty: 5, note: null });
    // 2 packs at ¥36 each: 24 units at 300 fen. The 5 oversold units were never bought at 200.
    const result = receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 2,
      unit: "pack",
      costFen: 3600,
      batchNo: "",
      expiryDate: "",
    });
    expect(result.qtyBase).toBe(24);
    const { product: p, movements } = getProductDetail(ctx, product.id);
    expect(p).toMatchObject({ onHand: 19, costFen: 300 });
    expect(movements[0]).toMatchObject({ kind: "receipt", qty: 24, unitCostFen: 300 });
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("books a receipt without a cost at the current average cost", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx, { costFen: 275 });
    receiveStock(ctx, product.id, {
      requestId: newId(),
      qty: 3,
      unit: "base",
      costFen: undefined,
      batchNo: "",
      expiryDate: "",
    });
    const { product: p, movements } = getProductDetail(ctx, product.id);
    expect(p.costFen).toBe(275);
    expect(movements[0]).toMatchObject({ qty: 3, unitCostFen: 275 });
  });

  it("refuses a receipt whose base units or total cost would not stay exact integers, writing nothing", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx, { packSize: 10_000 });
    const before = dbSnapshot(db);
    const huge = { requestId: newId(), batchNo: "", expiryDate: "" };
    // 1,000 packs × 10,000 = 10,000,000 units: the limit itself is fine at a small cost.
    expect(() => receiveStock(ctx, product.id, { ...huge, qty: 1_001, unit: "pack", costFen: 1 })).toThrow(Invalid);
    expect(() =>
      receiveStock(ctx, product.id, { ...huge, qty: 1_000_000, unit: "base", costFen: 99_999_999_999 }),
    ).toThrow(expect.objectContaining({ status: 400, fieldErrors: { costFen: "validation.tooLarge" } }));
    expect(dbSnapshot(db)).toEqual(before);
    expect(receiveStock(ctx, product.id, { ...huge, qty: 1_000, unit: "pack", costFen: 1 }).qtyBase).toBe(10_000_000);
  });

  it("keeps one lot per batch and expiry, adding later receipts of it", async () => {
    const { ctx } = await makeStore(db);
    const product = makeProduct(ctx);
    receive(ctx, product.id, 3, { batchNo: "A1", expiryDate: "2030-01-01" });
    receive(ctx, product.id, 4, { batchNo: "A1", expiryDate: "2030-01-01" });
    receive(ctx, product.id, 5, { batchNo: "A1", expiryDate: "2030-06-01" });
    const { lots } = getProductDetail(ctx, product.id);
    expect(lots.map((l) => [l.batchNo, l.expiryDate, l.onHand])).toEqual([
      ["A1", "2030-01-01", 7],
      ["A1", "2030-06-01", 5],
    ]);
    expect(db.select().from(products).where(eq(products.id, product.id)).get()?.onHand).toBe(12);
  });
});
