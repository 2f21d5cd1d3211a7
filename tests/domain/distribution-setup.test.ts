import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { catalogItems, distributorLinks, organisations, products, stockMovements } from "@db/schema";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { acceptLink, acceptLinkSchema, rejectLink } from "~/domain/distribution/decide-link.server";
import { linkTermsSchema } from "~/domain/distribution/link-terms.server";
import { casePriceFor } from "~/domain/distribution/links.server";
import { distributorSummary, getCatalogItem, listCatalog } from "~/domain/distribution/list-catalog.server";
import { listStoreLinks } from "~/domain/distribution/list-store-links.server";
import { getPriceList, listPriceLists } from "~/domain/distribution/price-lists.server";
import { requestLink } from "~/domain/distribution/request-link.server";
import {
  createCatalogItem,
  createCatalogItemSchema,
  updateCatalogItem,
} from "~/domain/distribution/save-catalog-item.server";
import { createPriceList, setListPrice } from "~/domain/distribution/save-price-list.server";
import { listRoutes, routeSchema, updateRoute } from "~/domain/distribution/save-route.server";
import { storeCatalog } from "~/domain/distribution/store-catalog.server";
import { findDistributors } from "~/domain/distribution/store-suppliers.server";
import { updateLinkTerms } from "~/domain/distribution/update-link-terms.server";
import { changeReservation } from "~/domain/distribution/warehouse.server";
import { inTransaction } from "~/domain/context.server";
import { receiveWarehouseStock } from "~/domain/inventory/receive-stock.server";
import { createTestDb } from "../support/db";
import { addStaff, linkStore, makeDistributor, makeRoute, makeSku } from "../support/distribution";
import { makeStore } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { at } from "../support/clock";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

/** An instant given as Asia/Shanghai wall-clock time. */
const shanghai = (local: string) => Date.parse(`${local}+08:00`);

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { name: error.name, key: error.key, status: error.status };
    throw error;
  }
  throw new Error("expected a DomainError");
}

async function setup() {
  const dist = await makeDistributor(db);
  const store = await makeStore(db);
  const route = makeRoute(dist.ctx);
  return { dist, store, route };
}

describe("catalog", () => {
  it("creates a SKU as a product of the distributor with a catalog row, idempotent by request id", async () => {
    const { ctx } = await makeDistributor(db);
    const input = createCatalogItemSchema.parse({
      requestId: newId(),
      name: "农夫山泉 550ml",
      barcode: "6921168509256",
      baseUnit: "瓶",
      packUnit: "箱",
      packSize: "24",
      casePriceFen: "30.00",
      minOrderPacks: "2",
      shelfLocation: "B-03-01",
      reorderPacks: "5",
      active: "on",
    });
    const first = createCatalogItem(ctx, input);
    expect(createCatalogItem(ctx, input)).toEqual(first);
    const product = db.select().from(products).where(eq(products.orgId, ctx.org.id)).all();
    expect(product).toHaveLength(1);
    expect(product[0]).toMatchObject({
      barcode: "6921168509256",
      packSize: 24,
      reorderPoint: 120,
      priceFen: 125,
      onHand: 0,
    });
    expect(getCatalogItem(ctx, first.id)).toMatchObject({
      casePriceFen: 3000,
      minOrderPacks: 2,
      shelfLocation: "B-03-01",
      reserved: 0,
    });
  });

  it("refuses a bad barcode, price or pack size with field keys", () => {
    const bad = createCatalogItemSchema.safeParse({
      requestId: newId(),
      name: "坏商品",
      barcode: "6921168509257",
      baseUnit: "瓶",
      packUnit: "箱",
      packSize: "0",
      casePriceFen: "3.001",
      minOrderPacks: "1",
    });
    expect(bad.success).toBe(false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path[0], i.message]));
    expect(messages).toMatchObject({
      barcode: "product.barcodeInvalid",
      packSize: "validation.positive",
      casePriceFen: "validation.money",
    });
  });

  it("lists on hand, reserved and available in packs and units, searches by pinyin and barcode, flags low stock", async () => {
    const { ctx } = await makeDistributor(db);
    const noodles = makeSku(ctx, { reorderPacks: 2 });
    const water = makeSku(ctx, { name: "农夫山泉 550ml", packSize: 24, reorderPacks: 1 });
    receiveWarehouseStock(ctx, noodles.id, {
      requestId: newId(),
      qty: 5,
      unit: "pack",
      costFen: 7000,
      batchNo: "",
      expiryDate: "",
    });
    receiveWarehouseStock(ctx, water.id, {
      requestId: newId(),
      qty: 10,
      unit: "pack",
      costFen: undefined,
      batchNo: "",
      expiryDate: "",
    });
    inTransaction(db, (tx) => changeReservation(tx, ctx, noodles.id, 3 * 24 + 5));
    const item = getCatalogItem(ctx, noodles.id);
    expect(item).toMatchObject({ onHand: 120, reserved: 77, available: 43, availablePacks: 1, onHandPacks: 5 });
    expect(listCatalog(ctx, { q: "ksf" }).items.map((i) => i.id)).toEqual([noodles.id]);
    expect(listCatalog(ctx, { q: water.barcode }).items.map((i) => i.id)).toEqual([water.id]);
    expect(listCatalog(ctx, { filter: "low" }).items.map((i) => i.id)).toEqual([noodles.id]);
    expect(distributorSummary(ctx)).toMatchObject({ skus: 2, low: 1 });
    // The warehouse is the same ledger as a store's.
    expect(db.select().from(stockMovements).where(eq(stockMovements.orgId, ctx.org.id)).all()).toHaveLength(2);
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("updates a SKU and keeps barcodes unique within the distributor", async () => {
    const { ctx } = await makeDistributor(db);
    const a = makeSku(ctx);
    const b = makeSku(ctx);
    updateCatalogItem(ctx, a.id, { ...a, casePriceFen: 9000, active: false });
    expect(getCatalogItem(ctx, a.id)).toMatchObject({ casePriceFen: 9000, active: false });
    expect(errorOf(() => updateCatalogItem(ctx, a.id, { ...a, barcode: b.barcode }))).toMatchObject({ status: 409 });
  });
});

describe("price lists", () => {
  it("a store pays the default price without a list, the list's price with one, the default for SKUs the list leaves out", async () => {
    const { dist, store, route } = await setup();
    const noodles = makeSku(dist.ctx, { casePriceFen: 8600 });
    const water = makeSku(dist.ctx, { casePriceFen: 3000 });
    const linkId = linkStore(store.ctx, dist.ctx, { routeId: route.id });
    const link = () => db.select().from(distributorLinks).where(eq(distributorLinks.id, linkId)).get()!;
    expect(casePriceFor(db, link(), noodles.id)).toBe(8600);

    const list = createPriceList(dist.ctx, { requestId: newId(), name: "联盟成员价" });
    setListPrice(dist.ctx, list.id, { productId: noodles.id, casePriceFen: 8200 });
    setListPrice(dist.ctx, list.id, { productId: noodles.id, casePriceFen: 8100 });
    updateLinkTerms(dist.ctx, linkId, {
      routeId: route.id,
      priceListId: list.id,
      stopSeq: 2,
      paymentTerms: "cod",
      creditLimitFen: 0,
    });
    expect(casePriceFor(db, link(), noodles.id)).toBe(8100);
    expect(casePriceFor(db, link(), water.id)).toBe(3000);
    const prices = storeCatalog(store.ctx, dist.org.id).items.map((i) => [i.productId, i.casePriceFen]);
    expect(prices.sort()).toEqual(
      [
        [noodles.id, 8100],
        [water.id, 3000],
      ].sort(),
    );
    expect(listPriceLists(dist.ctx)).toEqual([expect.objectContaining({ id: list.id, items: 1, stores: 1 })]);

    setListPrice(dist.ctx, list.id, { productId: noodles.id, casePriceFen: undefined });
    expect(casePriceFor(db, link(), noodles.id)).toBe(8600);
    expect(getPriceList(dist.ctx, list.id).items.every((i) => i.listFen === null)).toBe(true);
  });
});

describe("routes and the next delivery (Asia/Shanghai)", () => {
  it("validates a route form", () => {
    const bad = routeSchema.safeParse({ name: "", cutoffTime: "25:00", cutoffDaysBefore: "9" });
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path[0], i.message]));
    expect(messages).toMatchObject({
      name: "validation.required",
      weekdays: "route.weekdaysRequired",
      cutoffTime: "route.cutoffTimeInvalid",
      cutoffDaysBefore: "validation.tooLarge",
    });
    expect(
      routeSchema.parse({ name: "东线", weekdays: ["5", "2", "2"], cutoffTime: "18:00", cutoffDaysBefore: "1" })
        .weekdays,
    ).toBe("2,5");
  });

  it("an order before the cut-off goes on tomorrow's van, after it on the following delivery", async () => {
    const { dist, store, route } = await setup();
    linkStore(store.ctx, dist.ctx, { routeId: route.id });
    // Monday 2 March 2026: the Tuesday van closes at 18:00 Monday.
    const before = storeCatalog(at(store.ctx, shanghai("2026-03-02T17:59:00")), dist.org.id);
    expect(before.next).toEqual({ deliveryDate: "2026-03-03", cutoffAt: shanghai("2026-03-02T18:00:00") });
    const after = storeCatalog(at(store.ctx, shanghai("2026-03-02T18:00:00")), dist.org.id);
    expect(after.next).toEqual({ deliveryDate: "2026-03-06", cutoffAt: shanghai("2026-03-05T18:00:00") });
    // 00:30 Tuesday in Shanghai is still Monday in UTC: the local calendar decides.
    expect(storeCatalog(at(store.ctx, shanghai("2026-03-03T00:30:00")), dist.org.id).next?.deliveryDate).toBe(
      "2026-03-06",
    );
    expect(listRoutes(at(dist.ctx, shanghai("2026-03-02T12:00:00")))[0].next?.deliveryDate).toBe("2026-03-03");
  });

  it("a Sunday-only route: missing Saturday's cut-off means a week's wait", async () => {
    const { dist, store } = await setup();
    const sunday = makeRoute(dist.ctx, { name: "周日线", weekdays: "7" });
    linkStore(store.ctx, dist.ctx, { routeId: sunday.id });
    expect(storeCatalog(at(store.ctx, shanghai("2026-03-07T17:00:00")), dist.org.id).next?.deliveryDate).toBe(
      "2026-03-08",
    );
    expect(storeCatalog(at(store.ctx, shanghai("2026-03-07T19:00:00")), dist.org.id).next).toEqual({
      deliveryDate: "2026-03-15",
      cutoffAt: shanghai("2026-03-14T18:00:00"),
    });
    updateRoute(dist.ctx, sunday.id, {
      name: "周日线",
      areas: "",
      weekdays: "7",
      cutoffTime: "06:00",
      cutoffDaysBefore: 0,
      active: true,
    });
    expect(storeCatalog(at(store.ctx, shanghai("2026-03-08T05:59:00")), dist.org.id).next?.deliveryDate).toBe(
      "2026-03-08",
    );
    updateRoute(dist.ctx, sunday.id, {
      name: "周日线",
      areas: "",
      weekdays: "7",
      cutoffTime: "06:00",
      cutoffDaysBefore: 0,
      active: false,
    });
    expect(storeCatalog(store.ctx, dist.org.id).next).toBeNull();
  });
});

describe("links", () => {
  it("a store finds distributors of its own county only, asks once, and is accepted with terms", async () => {
    const { dist, store, route } = await setup();
    const far = await makeDistributor(db, { countyCode: "410221" });
    const found = findDistributors(store.ctx).distributors.map((d) => d.id);
    expect(found).toContain(dist.org.id);
    expect(found).not.toContain(far.org.id);
    expect(errorOf(() => requestLink(store.ctx, { distributorOrgId: far.org.id, note: null }))).toMatchObject({
      status: 404,
    });

    const asked = requestLink(store.ctx, { distributorOrgId: dist.org.id, note: "每周两次" });
    expect(requestLink(store.ctx, { distributorOrgId: dist.org.id, note: "每周两次" })).toEqual(asked);
    expect(listStoreLinks(dist.ctx).requests.map((r) => [r.id, r.note])).toEqual([[asked.id, "每周两次"]]);
    expect(distributorSummary(dist.ctx).pendingLinks).toBe(1);

    const terms = acceptLinkSchema.parse({
      requestId: newId(),
      routeId: route.id,
      stopSeq: "3",
      paymentTerms: "account",
      creditLimitFen: "2000.50",
    });
    acceptLink(dist.ctx, asked.id, terms);
    expect(acceptLink(dist.ctx, asked.id, terms)).toEqual({ id: asked.id });
    const link = db.select().from(distributorLinks).where(eq(distributorLinks.id, asked.id)).get();
    expect(link).toMatchObject({
      status: "active",
      routeId: route.id,
      stopSeq: 3,
      paymentTerms: "account",
      creditLimitFen: 200050,
      decidedBy: dist.user.id,
    });
    expect(errorOf(() => acceptLink(dist.ctx, asked.id, { ...terms, requestId: newId() }))).toMatchObject({
      status: 409,
      key: "link.notPending",
    });
    const mine = findDistributors(store.ctx).distributors.find((d) => d.id === dist.org.id)!;
    expect(mine.link?.status).toBe("active");
    expect(mine.route?.name).toBe("东线");
  });

  it("on account needs a credit limit; pay on delivery drops it", () => {
    const base = { routeId: "r", stopSeq: "0" };
    expect(
      linkTermsSchema.safeParse({ ...base, paymentTerms: "account", creditLimitFen: "" }).error?.issues[0].message,
    ).toBe("link.creditLimitRequired");
    expect(linkTermsSchema.parse({ ...base, paymentTerms: "cod", creditLimitFen: "500" }).creditLimitFen).toBe(0);
  });

  it("a rejected store reads the reason and may ask again", async () => {
    const { dist, store } = await setup();
    const asked = requestLink(store.ctx, { distributorOrgId: dist.org.id, note: null });
    rejectLink(dist.ctx, asked.id, { requestId: newId(), reason: "暂不覆盖你们村" });
    const seen = findDistributors(store.ctx).distributors.find((d) => d.id === dist.org.id)!;
    expect(seen.link).toMatchObject({ status: "rejected", note: "暂不覆盖你们村" });
    expect(seen.route).toBeNull();
    expect(errorOf(() => storeCatalog(store.ctx, dist.org.id))).toMatchObject({ status: 403 });
    expect(requestLink(store.ctx, { distributorOrgId: dist.org.id, note: "再试一次" })).toEqual({
      id: asked.id,
      status: "requested",
    });
    expect(listStoreLinks(dist.ctx).requests).toHaveLength(1);
  });
});

describe("tenancy", () => {
  it("another distributor's SKU, route, price list and link ids are NotFound", async () => {
    const { dist, store, route } = await setup();
    const other = await makeDistributor(db);
    const sku = makeSku(dist.ctx);
    const list = createPriceList(dist.ctx, { requestId: newId(), name: "A" });
    const asked = requestLink(store.ctx, { distributorOrgId: dist.org.id, note: null });
    const mine = makeSku(other.ctx);
    const theirRoute = makeRoute(other.ctx);
    const terms = {
      routeId: theirRoute.id,
      priceListId: null,
      stopSeq: 0,
      paymentTerms: "cod" as const,
      creditLimitFen: 0,
    };

    expect(errorOf(() => getCatalogItem(other.ctx, sku.id)).status).toBe(404);
    expect(errorOf(() => updateCatalogItem(other.ctx, sku.id, sku)).status).toBe(404);
    expect(
      errorOf(() =>
        receiveWarehouseStock(other.ctx, sku.id, {
          requestId: newId(),
          qty: 1,
          unit: "base",
          costFen: undefined,
          batchNo: "",
          expiryDate: "",
        }),
      ).status,
    ).toBe(404);
    expect(
      errorOf(() =>
        updateRoute(other.ctx, route.id, {
          name: "x",
          areas: "",
          weekdays: "1",
          cutoffTime: "18:00",
          cutoffDaysBefore: 1,
          active: true,
        }),
      ).status,
    ).toBe(404);
    expect(errorOf(() => getPriceList(other.ctx, list.id)).status).toBe(404);
    expect(errorOf(() => setListPrice(other.ctx, list.id, { productId: mine.id, casePriceFen: 1 })).status).toBe(404);
    expect(errorOf(() => setListPrice(dist.ctx, list.id, { productId: mine.id, casePriceFen: 1 })).status).toBe(404);
    expect(errorOf(() => acceptLink(other.ctx, asked.id, { ...terms, requestId: newId() })).status).toBe(404);
    expect(errorOf(() => rejectLink(other.ctx, asked.id, { requestId: newId(), reason: "x" })).status).toBe(404);
    // Its own link, but naming another distributor's route or list.
    expect(errorOf(() => acceptLink(dist.ctx, asked.id, { ...terms, requestId: newId() })).status).toBe(404);
    expect(
      errorOf(() =>
        acceptLink(dist.ctx, asked.id, { ...terms, routeId: route.id, priceListId: "nope", requestId: newId() }),
      ).status,
    ).toBe(404);
    expect(listStoreLinks(other.ctx).requests).toEqual([]);
    expect(db.select().from(distributorLinks).where(eq(distributorLinks.id, asked.id)).get()?.status).toBe("requested");
  });

  it("a store sees a catalog only once linked, and only active SKUs of that distributor", async () => {
    const { dist, store, route } = await setup();
    const other = await makeDistributor(db);
    const active = makeSku(dist.ctx, { name: "在售" });
    makeSku(dist.ctx, { name: "停售", active: false });
    makeSku(other.ctx, { name: "别家" });
    expect(errorOf(() => storeCatalog(store.ctx, dist.org.id))).toMatchObject({
      status: 404,
      key: "restock.notLinked",
    });
    const asked = requestLink(store.ctx, { distributorOrgId: dist.org.id, note: null });
    expect(errorOf(() => storeCatalog(store.ctx, dist.org.id))).toMatchObject({ status: 403 });
    acceptLink(dist.ctx, asked.id, {
      requestId: newId(),
      routeId: route.id,
      priceListId: null,
      stopSeq: 0,
      paymentTerms: "cod",
      creditLimitFen: 0,
    });
    const catalog = storeCatalog(store.ctx, dist.org.id);
    expect(catalog.items.map((i) => i.name)).toEqual(["在售"]);
    expect(catalog.items[0]).toMatchObject({
      productId: active.id,
      casePriceFen: 8600,
      minOrderPacks: 1,
      availablePacks: 0,
      packSize: 24,
    });
    expect(catalog.route?.id).toBe(route.id);
    expect(errorOf(() => storeCatalog(store.ctx, other.org.id)).status).toBe(404);
    // Any member of the linked store sees it, not only the one who asked.
    const clerk = await addStaff(db, store.org, "clerk");
    expect(storeCatalog(clerk.ctx, dist.org.id).items).toHaveLength(1);
  });

  it("a store cannot ask a store, and a county without code finds nothing", async () => {
    const { store } = await setup();
    const otherStore = await makeStore(db);
    expect(errorOf(() => requestLink(store.ctx, { distributorOrgId: otherStore.org.id, note: null })).status).toBe(404);
    db.update(organisations).set({ countyCode: null }).where(eq(organisations.id, store.org.id)).run();
    expect(findDistributors(store.ctx)).toEqual({ countyKnown: false, distributors: [] });
  });

  it("every catalog row belongs to the organisation of its product", () => {
    const crossed = db
      .select({ id: catalogItems.productId, itemOrg: catalogItems.orgId, productOrg: products.orgId })
      .from(catalogItems)
      .innerJoin(products, eq(products.id, catalogItems.productId))
      .all()
      .filter((r) => r.itemOrg !== r.productOrg);
    expect(crossed).toEqual([]);
  });
});
