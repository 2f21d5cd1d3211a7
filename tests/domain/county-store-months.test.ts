import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { organisations, stapleBasket, storeMonths } from "../../db/schema";
import { createCustomer } from "~/domain/credit/customers.server";
import { monthOfDay } from "~/domain/county/months";
import { importPlaces, placeCodeFor, townshipsOf } from "~/domain/county/places.server";
import { Invalid } from "~/domain/errors";
import { makeBureau } from "../support/county";
import { recordStockPositions, rollUpCountyMonth } from "~/domain/county/store-months.server";
import { shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { receiveStock } from "~/domain/inventory/receive-stock.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { at, PINNED_NOW, shanghai } from "../support/clock";
import { createTestDb } from "../support/db";
import { makeProduct, makeStore } from "../support/factories";

const { db, close } = createTestDb();
afterAll(() => close());
const month = monthOfDay(shanghaiDate(PINNED_NOW));

describe("a store's month for the county", () => {
  it("is rolled up from the store's own sales, credit part, staple prices and stock positions", async () => {
    const { ctx, org } = await makeStore(db);
    db.update(organisations).set({ placeCode: "410225106904" }).where(eq(organisations.id, org.id)).run();
    const rice = makeProduct(ctx, {
      name: "东北大米 5kg",
      barcode: "6948195200013",
      priceFen: 3790,
      category: "粮油调味",
    });
    makeProduct(ctx, { name: "大豆油 5L", barcode: "6948195100021", priceFen: 6290, category: "粮油调味" });
    for (const [item, barcode] of [
      ["大米", "6948195200013"],
      ["食用油", "6948195100021"],
    ]) {
      db.insert(stapleBasket).values({ countyCode: "410225", item, matchKind: "barcode", matchValue: barcode }).run();
    }
    receiveStock(ctx, rice.id, {
      requestId: newId(),
      qty: 10,
      unit: "base",
      costFen: 3000,
      batchNo: "",
      expiryDate: "",
    });
    const early = at(ctx, shanghai(`${month}-02T09:00`));
    const { customerId } = createCustomer(early, { requestId: newId(), name: "王婶", phone: null });
    recordSale(early, { saleId: newId(), tender: "cash", lines: [{ productId: rice.id, qty: 2 }] });
    recordSale(early, { saleId: newId(), tender: "credit", customerId, lines: [{ productId: rice.id, qty: 1 }] });

    // Two days of closing stock: oil was never in stock, rice was.
    expect(recordStockPositions(db, "410225", `${month}-02`)).toBe(2);
    expect(recordStockPositions(db, "410225", `${month}-03`)).toBe(2);
    expect(recordStockPositions(db, "410225", `${month}-03`)).toBe(2); // a rerun rewrites, never adds

    rollUpCountyMonth(db, "410225", month);
    const row = db.select().from(storeMonths).where(eq(storeMonths.orgId, org.id)).get();
    expect(row).toMatchObject({
      townshipCode: "410225106",
      salesFen: 3 * 3790,
      creditFen: 3790,
      saleCount: 2,
      sellingDays: 1,
      stockDays: 4,
      stockoutDays: 2,
      basketFen: 3790 + 6290,
    });
  });

  it("locates a written address at its village, its township, or nowhere", () => {
    const place = (township: string, village: string | null) =>
      placeCodeFor(db, { countyCode: "410225", township, village });
    expect(place("东坝头镇", "张庄村")).toBe("410225106904");
    expect(place("阎楼乡", null)).toBe("410225209"); // a former name
    expect(place("东坝头镇", "不存在村")).toBe("410225106");
    expect(place("张君墓镇", "张君墓村")).toBe("410225103"); // 考城镇 before 2014
  });
});

describe("importing another county's places", () => {
  it("takes a CSV of codes inside the bureau's county, all or nothing, and locates its stores", async () => {
    const bureau = await makeBureau(db, "410726");
    const { org } = await makeStore(db);
    db.update(organisations)
      .set({ countyCode: "410726", township: "城关镇", village: "东关村" })
      .where(eq(organisations.id, org.id))
      .run();
    const refused = [
      "code,name\n410225001,兰阳街道\n", // another county's code
      "code,name\n41072610,太短\n",
      "code,name\n410726100,\n",
      "code,name\n410726100001,东关村\n", // a village without its township
      "code,name\n",
    ];
    for (const csv of refused) expect(() => importPlaces(bureau.ctx, csv)).toThrow(Invalid);
    expect(townshipsOf(db, "410726")).toEqual([]);
    const result = importPlaces(
      bureau.ctx,
      "代码,名称,曾用名\n410726100,城关镇,\n410726100001,东关村,\n410726101,太平镇,大平乡\n",
    );
    expect(result).toEqual({ townships: 2, villages: 1, located: 1 });
    expect(db.select().from(organisations).where(eq(organisations.id, org.id)).get()?.placeCode).toBe("410726100001");
    expect(placeCodeFor(db, { countyCode: "410726", township: "大平乡", village: null })).toBe("410726101");
  });
});
