import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buyingListLines,
  farmerEntries,
  produceDisputes,
  producePurchases,
  stockLots,
  stockMovements,
} from "@db/schema";
import { DAY_MS, fixedClock, MINUTE_MS } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { lineAmountFen } from "~/domain/produce/amounts";
import { correctDisputeSchema, raiseDisputeSchema, rejectDisputeSchema } from "~/domain/produce/dispute-fields.server";
import {
  disputeByToken,
  getDispute,
  listDisputes,
  openDisputeCount,
  raiseDispute,
} from "~/domain/produce/disputes.server";
import { getFarmerAccount } from "~/domain/produce/farmer-accounts.server";
import { applyMovement } from "~/domain/inventory/ledger.server";
import { inTransaction } from "~/domain/context.server";
import { correctDispute, rejectDispute } from "~/domain/produce/resolve-dispute.server";
import { createTestDb } from "../support/db";
import { addStaff } from "../support/distribution";
import { buy, produceWorld } from "../support/produce";
import { refusal } from "../support/refusal";
import { dbSnapshot } from "../support/snapshot";
import { PINNED_NOW } from "../support/clock";

// The farmer's dispute of a produce receipt (decision 047): raised from the receipt link, once,
// inside the window; answered by the store's owner with an adjustment in the farmer account (the
// corrected line rounded half up once) or a rejection the farmer reads on the receipt page.
const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const reason = (text: string) => raiseDisputeSchema.parse({ reason: text });
const correction = (qty: string, price: string, answer = "") =>
  correctDisputeSchema.parse({ requestId: newId(), qty, price, answer });

const lotOnHand = (lotId: string) => db.select().from(stockLots).where(eq(stockLots.id, lotId)).get()!.onHand;
const purchaseOf = (id: string) => db.select().from(producePurchases).where(eq(producePurchases.id, id)).get()!;
const disputeMovements = (disputeId: string) =>
  db
    .select({ lotId: stockMovements.lotId, kind: stockMovements.kind, qty: stockMovements.qty })
    .from(stockMovements)
    .where(and(eq(stockMovements.refType, "produce_dispute"), eq(stockMovements.refId, disputeId)))
    .all();

/** Units of the lot gone (sold or sent up), as the ledger books any decrease on a known lot. */
function takeFrom(ctx: Parameters<typeof applyMovement>[1], lotId: string, qty: number) {
  const lot = db.select().from(stockLots).where(eq(stockLots.id, lotId)).get()!;
  inTransaction(ctx.db, (tx) => applyMovement(tx, ctx, { productId: lot.productId, kind: "sale", qty: -qty, lotId }));
}

describe("a farmer's dispute of a produce receipt", () => {
  let w: Awaited<ReturnType<typeof produceWorld>>;
  let millet: string;
  let eggs: string;
  beforeAll(async () => {
    w = await produceWorld(db);
    const lines = db.select().from(buyingListLines).where(eq(buyingListLines.listId, w.listId)).all();
    millet = lines.find((l) => l.produce === "小米")!.id;
    eggs = lines.find((l) => l.produce === "鸡蛋")!.id;
  });

  it("is raised once from the link, inside the window; a retry answers with the same dispute", () => {
    const store = w.stores[0].ctx;
    const bought = buy(store, millet, { qty: "12345", price: "1.50", payment: "owed" });
    const clock = fixedClock(PINNED_NOW + MINUTE_MS);
    expect(disputeByToken(db, clock, bought.receiptToken)).toMatchObject({ open: true, dispute: null });
    const first = raiseDispute(db, clock, bought.receiptToken, reason("秤不准，少了半斤"));
    expect(first.repeated).toBe(false);
    // The same post again (a double tap, a retried form) writes nothing more.
    const before = dbSnapshot(db);
    expect(raiseDispute(db, clock, bought.receiptToken, reason("秤不准，少了半斤"))).toEqual({
      disputeId: first.disputeId,
      repeated: true,
    });
    expect(dbSnapshot(db)).toEqual(before);
    // Another reason is a second dispute of the same receipt: refused.
    expect(refusal(() => raiseDispute(db, clock, bought.receiptToken, reason("价格也不对")))).toEqual({
      status: 409,
      key: "produce.dispute.already",
    });
    expect(dbSnapshot(db)).toEqual(before);
    expect(disputeByToken(db, clock, bought.receiptToken)).toMatchObject({
      open: false,
      dispute: { status: "open", reason: "秤不准，少了半斤" },
    });
    expect(openDisputeCount(store)).toBe(1);
    expect(listDisputes(store).map((d) => d.id)).toEqual([first.disputeId]);
  });

  it("is refused after the deadline the receipt states, and for an unknown token", () => {
    const store = w.stores[0].ctx;
    const bought = buy(store, eggs, { qty: "30", price: "0.80", farmerMobile: "13900000002", farmerName: "王婶" });
    const purchase = db.select().from(producePurchases).where(eq(producePurchases.id, bought.purchaseId)).get()!;
    expect(purchase.disputeUntil).toBe(PINNED_NOW + 3 * DAY_MS);
    const before = dbSnapshot(db);
    // At the deadline itself it is still open; a minute after, it is closed.
    const late = fixedClock(purchase.disputeUntil + MINUTE_MS);
    expect(refusal(() => raiseDispute(db, late, bought.receiptToken, reason("少了")))).toEqual({
      status: 409,
      key: "produce.dispute.closed",
    });
    expect(disputeByToken(db, late, bought.receiptToken)).toEqual({ open: false, dispute: null });
    expect(refusal(() => raiseDispute(db, late, "AAAAAAAAAAAAAAAA", reason("少了")))).toEqual({
      status: 404,
      key: "error.notFound",
    });
    expect(refusal(() => raiseDispute(db, late, "../../etc/passwd", reason("少了")))).toMatchObject({ status: 404 });
    expect(dbSnapshot(db)).toEqual(before);
    expect(disputeByToken(db, fixedClock(purchase.disputeUntil), bought.receiptToken).open).toBe(true);
    // The reason is bounded: empty and 201 characters are refused at the edge.
    expect(raiseDisputeSchema.safeParse({ reason: "   " }).success).toBe(false);
    expect(raiseDisputeSchema.safeParse({ reason: "多".repeat(201) }).success).toBe(false);
  });

  it("a correction books the difference once in the farmer account, rounded half up once for the line", async () => {
    const store = w.stores[0].ctx;
    const [dispute] = listDisputes(store);
    const purchase = db.select().from(producePurchases).where(eq(producePurchases.id, dispute.purchase.id)).get()!;
    expect(purchase.amountFen).toBe(3704); // 12,345 g × ¥1.50/斤 = 3703.5 → 3704
    const owedBefore = getFarmerAccount(store, purchase.farmerId).owedFen;
    // A clerk may look but not answer: money in the farmer account is the owner's.
    const clerk = await addStaff(db, w.stores[0].org, "clerk");
    const snapshot = dbSnapshot(db);
    expect(refusal(() => correctDispute(clerk.ctx, dispute.id, correction("12845", "1.50")))).toMatchObject({
      status: 403,
    });
    // Another store cannot reach it; the same amount is no correction.
    expect(refusal(() => correctDispute(w.stores[1].ctx, dispute.id, correction("12845", "1.50")))).toEqual({
      status: 404,
      key: "produce.dispute.notFound",
    });
    expect(refusal(() => correctDispute(store, dispute.id, correction("12345", "1.50")))).toEqual({
      status: 400,
      key: "produce.dispute.noChange",
    });
    expect(dbSnapshot(db)).toEqual(snapshot);
    // 12,845 g × ¥1.50/斤 = 3853.5 → 3854 fen: +150 fen to the farmer.
    const input = correction("12845", "1.50", "复秤多了 500 克");
    const result = correctDispute(store, dispute.id, input);
    expect(result).toEqual({ disputeId: dispute.id, adjustmentFen: 150, amountFen: lineAmountFen("jin", 12845, 150) });
    expect(result.amountFen).toBe(3854);
    // Retried with the same request id: the first answer, nothing written twice.
    const after = dbSnapshot(db);
    expect(correctDispute(store, dispute.id, input)).toEqual(result);
    expect(dbSnapshot(db)).toEqual(after);
    const entries = db
      .select()
      .from(farmerEntries)
      .where(and(eq(farmerEntries.purchaseId, purchase.id), eq(farmerEntries.kind, "adjustment")))
      .all();
    expect(entries.map((e) => e.amountFen)).toEqual([150]);
    expect(getFarmerAccount(store, purchase.farmerId).owedFen).toBe(owedBefore + 150);
    // Answered once: a second answer (a new request) is refused.
    expect(
      refusal(() => rejectDispute(store, dispute.id, rejectDisputeSchema.parse({ requestId: newId(), answer: "不" }))),
    ).toEqual({
      status: 409,
      key: "produce.dispute.resolved",
    });
    expect(getDispute(store, dispute.id)).toMatchObject({
      status: "corrected",
      correctedQty: 12845,
      correctedPriceFen: 150,
      correctedAmountFen: 3854,
      adjustmentFen: 150,
      answer: "复秤多了 500 克",
    });
    expect(openDisputeCount(store)).toBe(0);
    // The lot was weighed 500 g short: it holds the corrected weight, by one adjustment on it.
    expect(lotOnHand(purchase.lotId)).toBe(12845);
    expect(disputeMovements(dispute.id)).toEqual([{ lotId: purchase.lotId, kind: "adjustment", qty: 500 }]);
  });

  it("a corrected weight moves only what the store still holds of the lot", () => {
    const store = w.stores[0].ctx;
    const clock = fixedClock(PINNED_NOW + 3 * MINUTE_MS);
    // 2,000 g bought, 1,500 g of it gone (sold or sent up): the farmer was right, it was 1,200 g.
    const a = buy(store, millet, { qty: "2000", price: "1.50", payment: "owed", farmerMobile: "13900000005" });
    const lotA = purchaseOf(a.purchaseId).lotId;
    takeFrom(store, lotA, 1500);
    const first = raiseDispute(db, clock, a.receiptToken, reason("秤不准"));
    correctDispute(store, first.disputeId, correction("1200", "1.50"));
    expect(lotOnHand(lotA)).toBe(0);
    expect(disputeMovements(first.disputeId)).toEqual([{ lotId: lotA, kind: "adjustment", qty: -500 }]);
    // An emptied lot is not brought back by a higher weight: the money is corrected, the stock not.
    const b = buy(store, millet, { qty: "1000", price: "1.50", payment: "owed", farmerMobile: "13900000006" });
    const lotB = purchaseOf(b.purchaseId).lotId;
    takeFrom(store, lotB, 1000);
    const second = raiseDispute(db, clock, b.receiptToken, reason("少称了"));
    expect(correctDispute(store, second.disputeId, correction("1100", "1.50")).adjustmentFen).toBe(30);
    expect(lotOnHand(lotB)).toBe(0);
    expect(disputeMovements(second.disputeId)).toEqual([]);
  });

  it("a lower price on a cash purchase books a negative adjustment; a rejection books nothing and tells the farmer why", () => {
    const store = w.stores[0].ctx;
    const cash = buy(store, millet, { qty: "1001", price: "2.49", payment: "cash", farmerMobile: "13900000003" });
    const clock = fixedClock(PINNED_NOW + 2 * MINUTE_MS);
    const { disputeId } = raiseDispute(db, clock, cash.receiptToken, reason("说好的一级价"));
    // 1,001 g × ¥2.49 = 498.498 → 498; at ¥2.48: 496.496 → 496: −2 fen.
    expect(cash.amountFen).toBe(498);
    expect(correctDispute(store, disputeId, correction("1001", "2.48")).adjustmentFen).toBe(-2);

    const other = buy(store, eggs, { qty: "10", price: "0.80", payment: "owed", farmerMobile: "13900000004" });
    const raised = raiseDispute(db, clock, other.receiptToken, reason("少算了"));
    const entriesBefore = db.select().from(farmerEntries).all().length;
    // A rejection says why: an empty or over-long answer is refused at the edge.
    expect(rejectDisputeSchema.safeParse({ requestId: newId(), answer: " " }).success).toBe(false);
    expect(rejectDisputeSchema.safeParse({ requestId: newId(), answer: "不".repeat(201) }).success).toBe(false);
    rejectDispute(
      store,
      raised.disputeId,
      rejectDisputeSchema.parse({ requestId: newId(), answer: "当面点过，10 个" }),
    );
    expect(db.select().from(farmerEntries).all()).toHaveLength(entriesBefore);
    expect(disputeByToken(db, clock, other.receiptToken).dispute).toMatchObject({
      status: "rejected",
      answer: "当面点过，10 个",
    });
    expect(db.select().from(produceDisputes).where(eq(produceDisputes.orgId, w.stores[1].org.id)).all()).toEqual([]);
  });
});
