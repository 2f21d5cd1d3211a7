import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import {
  aggregateConsents,
  campaigns,
  organisations,
  pledges,
  products,
  restockOrderLines,
  restockOrders,
  stateTransitions,
  storeMonthCategories,
  storeMonths,
} from "../../db/schema";
import { addMonths, monthOfDay } from "~/domain/county/months";
import { rollUpCountyMonth } from "~/domain/county/store-months.server";
import { shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { PINNED_NOW, shanghai } from "../support/clock";
import { createTestDb } from "../support/db";
import { makeConfirmedOrder, makeDeliveryRoute } from "../support/distribution";
import { makeOrg } from "../support/factories";

// The delivery network, stopped stores, restock by category and group-buy savings of a store's
// closed month, from orders made by the real order use case and then set to the state the
// fulfilment use cases leave them in (picked, delivered at a known instant).

const { db, close } = createTestDb();
afterAll(() => close());
const month = addMonths(monthOfDay(shanghaiDate(PINNED_NOW)), -2);
const before = addMonths(month, -1);
let world: Awaited<ReturnType<typeof makeDeliveryRoute>>;

/** The order as fulfilment leaves it: picked packs per line, delivered (or received) at `at`. */
function deliver(
  orderId: string,
  at: number,
  picked: (number | null)[],
  status: "delivered" | "received" = "received",
) {
  const lines = db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orderId)).all();
  lines
    .sort((a, b) => a.name.localeCompare(b.name))
    .forEach((l, i) =>
      db.update(restockOrderLines).set({ pickedPacks: picked[i] }).where(eq(restockOrderLines.id, l.id)).run(),
    );
  const total = lines.reduce((n, l, i) => n + (picked[i] ?? l.qtyPacks) * l.casePriceFen, 0);
  db.update(restockOrders).set({ status, totalFen: total }).where(eq(restockOrders.id, orderId)).run();
  const org = db.select().from(restockOrders).where(eq(restockOrders.id, orderId)).get()!.distributorOrgId;
  db.insert(stateTransitions)
    .values({
      id: newId(),
      entity: "order",
      entityId: orderId,
      orgId: org,
      fromState: "out_for_delivery",
      toState: "delivered",
      at,
    })
    .run();
}

beforeAll(async () => {
  world = await makeDeliveryRoute(db, { stores: 3, skus: 2, stockPacks: 0 });
  // 商品000 is 粮油 (¥10.00 a pack), 商品001 方便食品 (¥10.01).
  db.update(products).set({ category: "粮油" }).where(eq(products.id, world.skus[0].id)).run();
  for (const s of world.stores)
    db.update(organisations).set({ placeCode: "410225106" }).where(eq(organisations.id, s.org.id)).run();
  const [a, b, c] = world.stores;
  const order = (store: (typeof world.stores)[number], date: string, packs: [number, number]) =>
    makeConfirmedOrder(world.distributor.ctx, {
      linkId: store.linkId,
      deliveryDate: date,
      lines: [
        { sku: world.skus[0], packs: packs[0] },
        { sku: world.skus[1], packs: packs[1] },
      ],
    }).id;
  // Store a: two deliveries this month, one on time (short-picked), one a day late.
  const onTime = order(a, `${month}-10`, [4, 2]);
  deliver(onTime, shanghai(`${month}-10T15:00`), [3, null]);
  const late = order(a, `${month}-20`, [1, 0]);
  deliver(late, shanghai(`${month}-21T09:00`), [1, 0], "delivered");
  // A cancelled order is neither a delivery nor an order.
  const cancelled = order(a, `${month}-15`, [9, 9]);
  db.update(restockOrders).set({ status: "cancelled" }).where(eq(restockOrders.id, cancelled)).run();
  // Store b ordered last month and not this one: it stopped ordering.
  deliver(order(b, `${before}-12`, [2, 2]), shanghai(`${before}-12T10:00`), [null, null]);
  // Store c: its order is still only confirmed (not delivered): ordering, not a delivery.
  order(c, `${month}-25`, [1, 1]);
  // A group buy saved store a ¥12.34 on the on-time order (FK checks off for the campaign
  // fixture only: its supplier is not what this test reads).
  const alliance = makeOrg(db, "alliance");
  const campaignId = newId();
  db.$client.pragma("foreign_keys = OFF");
  db.insert(campaigns)
    .values({
      id: campaignId,
      orgId: alliance.id,
      supplierId: "s",
      supplierProductId: "p",
      title: "团购",
      productName: "油",
      baseUnit: "桶",
      packUnit: "箱",
      packSize: 4,
      moqPacks: 1,
      deadlineAt: PINNED_NOW,
      expectedDeliveryDate: `${month}-10`,
      status: "delivered",
      createdAt: PINNED_NOW,
      updatedAt: PINNED_NOW,
    } as typeof campaigns.$inferInsert)
    .run();
  db.$client.pragma("foreign_keys = ON");
  db.insert(pledges)
    .values({
      id: newId(),
      campaignId,
      allianceOrgId: alliance.id,
      storeOrgId: a.org.id,
      packs: 2,
      priceFen: 5000,
      regularPriceFen: 5617,
      restockOrderId: onTime,
      savingsFen: 1234,
      createdAt: PINNED_NOW,
      updatedAt: PINNED_NOW,
    })
    .run();
});

function consent(orgId: string, fromMonth: string) {
  db.insert(aggregateConsents)
    .values({ id: newId(), orgId, givenAt: PINNED_NOW, givenBy: world.distributor.user.id, fromMonth })
    .run();
}
const row = (orgId: string) =>
  db
    .select()
    .from(storeMonths)
    .where(and(eq(storeMonths.orgId, orgId), eq(storeMonths.month, month)))
    .get()!;

describe("a store's month of restock orders", () => {
  it("counts no delivery of a distributor that has not consented, but the store's own restock", () => {
    rollUpCountyMonth(db, "410225", month);
    expect(row(world.stores[0].org.id)).toMatchObject({
      deliveries: 0,
      onTime: 0,
      packsOrdered: 0,
      packsShipped: 0,
      restockFen: 3 * 1000 + 2 * 1001 + 1 * 1000,
      savedFen: 1234,
    });
  });

  it("counts deliveries, on time, fill, stopped stores, savings and restock by category to the unit", () => {
    consent(world.distributor.org.id, addMonths(month, -3));
    rollUpCountyMonth(db, "410225", month);
    rollUpCountyMonth(db, "410225", month); // a rerun rewrites the same rows
    const [a, b, c] = world.stores.map((s) => row(s.org.id));
    expect(a).toMatchObject({
      deliveries: 2,
      onTime: 1,
      packsOrdered: 4 + 2 + 1 + 0,
      packsShipped: 3 + 2 + 1 + 0,
      stopped: 0,
      savedFen: 1234,
      restockFen: 6002,
    });
    expect(b).toMatchObject({ deliveries: 0, stopped: 1, restockFen: 0, savedFen: 0 });
    expect(c).toMatchObject({ deliveries: 0, stopped: 0 });
    const categories = db
      .select({ category: storeMonthCategories.category, fen: storeMonthCategories.restockFen })
      .from(storeMonthCategories)
      .where(and(eq(storeMonthCategories.orgId, world.stores[0].org.id), eq(storeMonthCategories.month, month)))
      .all();
    expect(categories).toEqual([
      { category: "方便食品", fen: 2 * 1001 },
      { category: "粮油", fen: 3 * 1000 + 1 * 1000 },
    ]);
  });
});
