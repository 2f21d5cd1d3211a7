import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  accountEntries,
  deliveryClaims,
  products,
  restockOrderLines,
  restockOrders,
  stockLots,
  stockMovements,
} from "@db/schema";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { accountList, accountOf } from "~/domain/restock/account.server";
import { getOrder } from "~/domain/restock/get-order.server";
import { listClaims } from "~/domain/restock/list-claims.server";
import { defaultRetailFen, receiveOrder } from "~/domain/restock/receive-order.server";
import { receiveOrderFormSchema } from "~/domain/restock/receive-form.server";
import { recordPayment, recordPaymentSchema } from "~/domain/restock/record-payment.server";
import { resolveClaim } from "~/domain/restock/resolve-claim.server";
import { createTestDb } from "../support/db";
import { makeDeliveryRoute } from "../support/distribution";
import { makeProduct } from "../support/factories";
import { ledgerViolations } from "../support/ledger";
import { fixedClock } from "../../app/domain/dates";
import { deliverRun, MONDAY_NIGHT, submitAndConfirm, TUESDAY } from "../support/restock";
import { dbSnapshot } from "../support/snapshot";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const rid = () => ({ requestId: newId() });

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return { key: error.key, status: error.status, fields: Object.keys(error.fieldErrors) };
    throw error;
  }
  throw new Error("expected a domain error");
}

function refusedWithoutWriting(fn: () => unknown) {
  const before = dbSnapshot(db);
  const error = errorOf(fn);
  expect(dbSnapshot(db)).toEqual(before);
  return error;
}

const linesOf = (orderId: string) =>
  db.select().from(restockOrderLines).where(eq(restockOrderLines.orderId, orderId)).all();
const productOf = (id: string) => db.select().from(products).where(eq(products.id, id)).get()!;

/**
 * Two stores on one run. Store A orders 3 packs of SKU 0 (the warehouse finds only 2: a short
 * pick, the rest dropped) and 1 of SKU 1; store B orders 1 pack of SKU 1. A already sells SKU 0
 * under the same barcode; SKU 1 is new to both.
 */
async function delivered() {
  const r = await makeDeliveryRoute(db, {
    stores: 2,
    skus: 2,
    stockPacks: 10,
    deliveryDate: TUESDAY,
    clock: fixedClock(MONDAY_NIGHT),
  });
  const [a, b] = r.stores;
  const dist = r.distributor.ctx;
  const existing = makeProduct(a.ctx, {
    name: "A 店自己的商品名",
    barcode: r.skus[0].barcode,
    packSize: 12,
    priceFen: 150,
    costFen: 80,
  });
  const orderA = submitAndConfirm(a.ctx, dist, [
    { sku: r.skus[0], packs: 3 },
    { sku: r.skus[1], packs: 1 },
  ]);
  const orderB = submitAndConfirm(b.ctx, dist, [{ sku: r.skus[1], packs: 1 }]);
  expect(orderB.runId).toBe(orderA.runId);
  const shortLine = linesOf(orderA.orderId).find((l) => l.productId === r.skus[0].id)!;
  deliverRun(db, dist, orderA.runId, { [orderA.orderId]: { [shortLine.id]: 2 } });
  return { ...r, a, b, dist, existing, orderA: orderA.orderId, orderB: orderB.orderId };
}

describe("receiving a delivered order", () => {
  it("books received packs into matched and new store products at the order's cost, writes claims and closes the order", async () => {
    const w = await delivered();
    const [l0, l1] = [w.skus[0], w.skus[1]].map((sku) => linesOf(w.orderA).find((l) => l.productId === sku.id)!);
    expect(l0.pickedPacks).toBe(2);
    const { claims } = receiveOrder(w.a.ctx, w.orderA, {
      ...rid(),
      lines: [
        { lineId: l0.id, receivedPacks: 1, damagedPacks: 1, batchNo: "B2401", expiryDate: "2030-06-30" },
        { lineId: l1.id, receivedPacks: 0 },
      ],
    });
    expect(claims).toBe(2);
    const order = getOrder(w.a.ctx, w.orderA);
    expect(order.order.status).toBe("received");
    expect(order.timeline.at(-1)).toMatchObject({ from: "delivered", to: "received" });

    // The matched product got 12 units (one pack) at 1000/12 per unit, into the named lot.
    expect(productOf(w.existing.id).onHand).toBe(12);
    const moves = db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.orgId, w.a.org.id), eq(stockMovements.productId, w.existing.id)))
      .all();
    expect(moves).toMatchObject([
      { kind: "receipt", qty: 12, unitCostFen: Math.round(1000 / 12), batchNo: "B2401", expiryDate: "2030-06-30" },
    ]);
    expect(db.select().from(stockLots).where(eq(stockLots.productId, w.existing.id)).all()).toMatchObject([
      { batchNo: "B2401", expiryDate: "2030-06-30", onHand: 12 },
    ]);
    expect(order.lines.find((l) => l.id === l0.id)).toMatchObject({
      receivedPacks: 1,
      damagedPacks: 1,
      storeProductId: w.existing.id,
      shippedPacks: 2,
    });

    expect(order.claims.map((c) => [c.lineId, c.kind, c.qtyPacks, c.amountFen, c.status])).toEqual(
      expect.arrayContaining([
        [l0.id, "damaged", 1, 1000, "open"],
        [l1.id, "short", 1, 1001, "open"],
      ]),
    );
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("creates a store product when none has the barcode, priced at cost plus 20 % rounded up to 0.1 yuan", async () => {
    const w = await delivered();
    const line = linesOf(w.orderB)[0];
    receiveOrder(w.b.ctx, w.orderB, { ...rid(), lines: [{ lineId: line.id, receivedPacks: 2 }] });
    const created = db
      .select()
      .from(products)
      .where(and(eq(products.orgId, w.b.org.id), eq(products.barcode, line.barcode!)))
      .get()!;
    expect(created).toMatchObject({
      name: line.name,
      packSize: 12,
      baseUnit: line.baseUnit,
      onHand: 24,
      priceFen: defaultRetailFen(1001, 12),
    });
    expect(defaultRetailFen(1001, 12)).toBe(110); // 1001/12 = 83.4 fen; × 1.2 = 100.1 → 1.10 yuan
    expect(defaultRetailFen(8600, 24)).toBe(430);
    expect(getOrder(w.b.ctx, w.orderB).claims).toMatchObject([{ kind: "extra", qtyPacks: 1, amountFen: 1001 }]);
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("books in base units when the store keeps the goods in another pack size", async () => {
    const w = await delivered();
    const singles = makeProduct(w.b.ctx, { barcode: w.skus[1].barcode, packSize: 1, packUnit: null });
    const line = linesOf(w.orderB)[0];
    receiveOrder(w.b.ctx, w.orderB, { ...rid(), lines: [{ lineId: line.id, receivedPacks: 1 }] });
    expect(productOf(singles.id).onHand).toBe(12);
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("refuses a line that is not on the order, a missing line, an order not yet delivered, and a second receipt, writing nothing", async () => {
    const w = await delivered();
    const lines = linesOf(w.orderA);
    const all = lines.map((l) => ({ lineId: l.id, receivedPacks: 1 }));
    const otherLine = linesOf(w.orderB)[0];
    expect(
      refusedWithoutWriting(() =>
        receiveOrder(w.a.ctx, w.orderA, { ...rid(), lines: [...all, { lineId: otherLine.id, receivedPacks: 1 }] }),
      ),
    ).toMatchObject({
      status: 400,
      key: "restock.lineNotOnOrder",
      fields: [`received.${otherLine.id}`],
    });
    expect(
      refusedWithoutWriting(() => receiveOrder(w.a.ctx, w.orderA, { ...rid(), lines: all.slice(1) })),
    ).toMatchObject({ key: "restock.receiveEveryLine" });
    expect(refusedWithoutWriting(() => receiveOrder(w.b.ctx, w.orderA, { ...rid(), lines: all }))).toMatchObject({
      status: 404,
    });
    expect(refusedWithoutWriting(() => receiveOrder(w.dist, w.orderA, { ...rid(), lines: all }))).toMatchObject({
      status: 403,
    });

    const input = { ...rid(), lines: all };
    receiveOrder(w.a.ctx, w.orderA, input);
    const before = dbSnapshot(db);
    receiveOrder(w.a.ctx, w.orderA, input); // the same request again: the first answer, nothing more
    expect(dbSnapshot(db)).toEqual(before);
    expect(refusedWithoutWriting(() => receiveOrder(w.a.ctx, w.orderA, { ...rid(), lines: all }))).toMatchObject({
      status: 409,
      key: "restock.receiveOnlyDelivered",
    });

    const form = receiveOrderFormSchema.safeParse({
      ...rid(),
      [`received.${lines[0].id}`]: "-1",
      [`damaged.${lines[0].id}`]: "0.5",
    });
    expect(form.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      [`received.${lines[0].id}`, "restock.packsCount"],
      [`damaged.${lines[0].id}`, "restock.packsCount"],
    ]);
  });
});

describe("claims, credit notes, payments and the account", () => {
  it("the distributor settles claims; the account agrees on both sides with what was shipped, credited and paid", async () => {
    const w = await delivered();
    const [l0, l1] = [w.skus[0], w.skus[1]].map((sku) => linesOf(w.orderA).find((l) => l.productId === sku.id)!);
    receiveOrder(w.a.ctx, w.orderA, {
      ...rid(),
      lines: [
        { lineId: l0.id, receivedPacks: 1, damagedPacks: 1 },
        { lineId: l1.id, receivedPacks: 0 },
      ],
    });
    receiveOrder(w.b.ctx, w.orderB, { ...rid(), lines: [{ lineId: linesOf(w.orderB)[0].id, receivedPacks: 2 }] });

    const open = listClaims(w.dist);
    expect(open).toHaveLength(3);
    const find = (kind: string) => open.find((c) => c.claim.kind === kind)!.claim;
    resolveClaim(w.dist, find("damaged").id, { ...rid(), decision: "credit", note: "破损照赔" });
    expect(
      refusedWithoutWriting(() => resolveClaim(w.dist, find("short").id, { ...rid(), decision: "reject" })),
    ).toMatchObject({ key: "restock.claim.noteRequired" });
    resolveClaim(w.dist, find("short").id, { ...rid(), decision: "reject", note: "司机点过数" });
    resolveClaim(w.dist, find("extra").id, { ...rid(), decision: "credit" });
    expect(
      refusedWithoutWriting(() => resolveClaim(w.dist, find("damaged").id, { ...rid(), decision: "credit" })),
    ).toMatchObject({ status: 409, key: "restock.claim.closed" });
    expect(listClaims(w.dist)).toEqual([]);
    expect(getOrder(w.a.ctx, w.orderA).claims.map((c) => [c.kind, c.status, c.resolutionNote])).toEqual(
      expect.arrayContaining([
        ["damaged", "credited", "破损照赔"],
        ["short", "rejected", "司机点过数"],
      ]),
    );

    // A: shipped 2 × 1000 + 1 × 1001 at delivery; the damaged pack credited back.
    const shippedA = getOrder(w.a.ctx, w.orderA).order.totalFen;
    expect(shippedA).toBe(3001);
    const storeSide = accountOf(w.a.ctx, w.dist.org.id);
    const distSide = accountOf(w.dist, w.a.org.id);
    expect(storeSide.balanceFen).toBe(3001 - 1000);
    expect(distSide.balanceFen).toBe(storeSide.balanceFen);
    expect(storeSide.entries.map((e) => [e.kind, e.amountFen])).toEqual(
      expect.arrayContaining([
        ["order", 3001],
        ["credit_note", -1000],
      ]),
    );
    // B: 1001 shipped plus the extra pack it kept.
    expect(accountOf(w.b.ctx, w.dist.org.id).balanceFen).toBe(2002);

    const pay = (amount: string, storeOrgId = w.a.org.id) =>
      recordPaymentSchema.parse({ ...rid(), storeOrgId, amountFen: amount, method: "wechat" });
    expect(refusedWithoutWriting(() => recordPayment(w.dist, pay("20.02")))).toMatchObject({
      key: "restock.account.paymentTooLarge",
    });
    recordPayment(w.dist, pay("20.01"));
    expect(accountOf(w.a.ctx, w.dist.org.id).balanceFen).toBe(0);
    expect(accountList(w.dist).map((x) => [x.otherOrgId, x.balanceFen])).toEqual(
      expect.arrayContaining([
        [w.a.org.id, 0],
        [w.b.org.id, 2002],
      ]),
    );
    expect(
      recordPaymentSchema.safeParse({ ...rid(), storeOrgId: w.a.org.id, amountFen: "0", method: "cash" }).success,
    ).toBe(false);
    expect(
      recordPaymentSchema.safeParse({ ...rid(), storeOrgId: w.a.org.id, amountFen: "5", method: "online" }).success,
    ).toBe(false);

    // The account is the sum of its entries, and each store's stock is what it said it received.
    const sum = db
      .select()
      .from(accountEntries)
      .where(eq(accountEntries.storeOrgId, w.a.org.id))
      .all()
      .reduce((n, e) => n + e.amountFen, 0);
    expect(sum).toBe(0);
    expect(productOf(w.existing.id).onHand).toBe(12);
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("keeps claims and accounts within their organisations", async () => {
    const w = await delivered();
    const rival = await makeDeliveryRoute(db, { stores: 1, skus: 1, stockPacks: 1, deliveryDate: TUESDAY });
    receiveOrder(w.a.ctx, w.orderA, {
      ...rid(),
      lines: linesOf(w.orderA).map((l) => ({ lineId: l.id, receivedPacks: 0 })),
    });
    const claim = db.select().from(deliveryClaims).where(eq(deliveryClaims.orderId, w.orderA)).all()[0];
    expect(listClaims(rival.distributor.ctx)).toEqual([]);
    expect(
      refusedWithoutWriting(() => resolveClaim(rival.distributor.ctx, claim.id, { ...rid(), decision: "credit" })),
    ).toMatchObject({ status: 404 });
    // A store holds no claim.resolve permission: refused before anything is read.
    expect(
      refusedWithoutWriting(() => resolveClaim(w.a.ctx, claim.id, { ...rid(), decision: "credit" })),
    ).toMatchObject({ status: 403 });
    expect(errorOf(() => accountOf(w.a.ctx, rival.distributor.org.id))).toMatchObject({ status: 404 });
    expect(errorOf(() => accountOf(rival.distributor.ctx, w.a.org.id))).toMatchObject({ status: 404 });
    const pay = recordPaymentSchema.parse({ ...rid(), storeOrgId: w.a.org.id, amountFen: "1", method: "cash" });
    expect(refusedWithoutWriting(() => recordPayment(rival.distributor.ctx, pay))).toMatchObject({ status: 404 });
    expect(refusedWithoutWriting(() => recordPayment(w.a.ctx, pay))).toMatchObject({ status: 403 });
    expect(accountList(w.b.ctx).map((x) => x.otherOrgId)).toEqual([w.dist.org.id]);
    expect(db.select().from(restockOrders).where(eq(restockOrders.storeOrgId, rival.stores[0].org.id)).all()).toEqual(
      [],
    );
  });
});
