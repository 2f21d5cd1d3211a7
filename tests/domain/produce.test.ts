import { and, eq } from "drizzle-orm";
import { lotChain } from "~/domain/trace/lot-chain.server";
import { publicTrace } from "~/domain/trace/public-trace.server";
import { afterAll, describe, expect, it } from "vitest";
import {
  accountEntries,
  buyingListLines,
  consignmentLines,
  creditEntries,
  farmerEntries,
  lotSources,
  lotTraceCodes,
  producePurchases,
  stockLots,
} from "@db/schema";
import { inTransaction } from "~/domain/context.server";
import { addDays } from "~/domain/dates";
import { createCustomer } from "~/domain/credit/customers.server";
import { addCreditEntry } from "~/domain/credit/ledger.server";
import { newId } from "~/domain/ids.server";
import { gramsToJin, lineAmountFen } from "~/domain/produce/amounts";
import { buyProduce } from "~/domain/produce/buy-produce.server";
import { confirmPickup } from "~/domain/produce/confirm-pickup.server";
import { getFarmerAccount, listFarmers } from "~/domain/produce/farmer-accounts.server";
import { buyProduceSchema } from "~/domain/produce/fields.server";
import { gradeConsignment } from "~/domain/produce/grade-consignment.server";
import { netFarmer } from "~/domain/produce/net-farmer.server";
import { mixProduceLots } from "~/domain/produce/mix-lots.server";
import { offerConsignment } from "~/domain/produce/offer-consignment.server";
import { payFarmer } from "~/domain/produce/pay-farmer.server";
import { handBackRejected } from "~/domain/produce/hand-back.server";
import { handBacksOf, returnLeg, storeProduce } from "~/domain/produce/produce-views.server";
import { lotCertificate } from "~/domain/produce/receipts.server";
import { createTestDb } from "../support/db";
import { makeConfirmedOrder } from "../support/distribution";
import { ledgerViolations } from "../support/ledger";
import { refusal } from "../support/refusal";
import { PNG, buy, gradeForm, offerForm, pickupForm, produceWorld, sendRunOut } from "../support/produce";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

const linesOf = (listId: string) => db.select().from(buyingListLines).where(eq(buyingListLines.listId, listId)).all();

describe("money for produce", () => {
  it("rounds grams × price per 斤 half up to the fen, once per line", () => {
    expect(lineAmountFen("jin", 500, 123)).toBe(123);
    expect(lineAmountFen("jin", 12_345, 150)).toBe(3704); // 3703.5 → 3704
    expect(lineAmountFen("jin", 8_001, 150)).toBe(2400); // 2400.3 → 2400
    expect(lineAmountFen("jin", 1, 250)).toBe(1); // 0.5 → 1
    expect(lineAmountFen("jin", 1, 249)).toBe(0); // 0.498 → 0
    expect(lineAmountFen("jin", 333, 100) + lineAmountFen("jin", 333, 100)).toBe(134); // per line, not summed first
    expect(lineAmountFen("piece", 30, 80)).toBe(2400);
    expect(lineAmountFen("jin", 100_000_000, 1_000_000)).toBe(200_000_000_000);
    expect(() => lineAmountFen("jin", 1.5, 100)).toThrow(RangeError);
    expect(() => lineAmountFen("jin", Number.MAX_SAFE_INTEGER, 1_000_000)).toThrow(RangeError);
  });

  it("shows grams as 斤 without float noise", () => {
    expect(gramsToJin(12_345)).toBe("24.69");
    expect(gramsToJin(500)).toBe("1");
    expect(gramsToJin(1)).toBe("0.002");
  });
});

describe("produce up, buying list to settlement", async () => {
  const w = await produceWorld(db);
  const store = w.stores[0];
  const milletLine = linesOf(w.listId).find((l) => l.produce === "小米")!;

  it("the store sees the list with the pickup day of its route", () => {
    const view = storeProduce(store.ctx);
    expect(view.lists).toHaveLength(1);
    expect(view.lists[0].pickupDays).toEqual([w.deliveryDate]);
    expect(
      view.lists[0].lines.map((l) => `${l.produce}${l.grade}:${l.unit}:${l.priceFen}:${l.wantedQty}`).sort(),
    ).toEqual(["小米一级:jin:200:250000", "鸡蛋一级:piece:80:1000"].sort());
  });

  let paidLot = "";
  let owedLot = "";
  it("buys from two farmers, one paid in cash, one owed, each a lot with its origin and trace code", () => {
    const paid = buy(store.ctx, milletLine.id, { qty: "12345", price: "1.50", payment: "cash" });
    const owed = buy(store.ctx, milletLine.id, {
      farmerName: "王婶",
      farmerMobile: "13900000002",
      village: "王庄村",
      qty: "8001",
      payment: "owed",
      certNo: "HG-0002",
    });
    expect(paid.amountFen).toBe(3704);
    expect(owed.amountFen).toBe(2400);
    const purchases = db.select().from(producePurchases).where(eq(producePurchases.orgId, store.org.id)).all();
    expect(purchases).toHaveLength(2);
    paidLot = purchases.find((p) => p.id === paid.purchaseId)!.lotId;
    owedLot = purchases.find((p) => p.id === owed.purchaseId)!.lotId;
    for (const p of purchases) {
      const edge = db.select().from(lotSources).where(eq(lotSources.lotId, p.lotId)).get()!;
      expect(edge).toMatchObject({ sourceKind: "produce_purchase", sourceId: p.id, qty: p.qty, orgId: store.org.id });
      expect(db.select().from(lotTraceCodes).where(eq(lotTraceCodes.lotId, p.lotId)).get()).toBeTruthy();
      expect(db.select().from(stockLots).where(eq(stockLots.id, p.lotId)).get()!.onHand).toBe(p.qty);
    }
    const owedAccount = getFarmerAccount(store.ctx, purchases.find((p) => p.id === owed.purchaseId)!.farmerId);
    expect(owedAccount.owedFen).toBe(2400);
    expect(listFarmers(store.ctx).map((f) => [f.name, f.owedFen])).toEqual([
      ["张大爷", 0],
      ["王婶", 2400],
    ]);
    const paidAccount = getFarmerAccount(store.ctx, purchases.find((p) => p.id === paid.purchaseId)!.farmerId);
    expect(paidAccount.owedFen).toBe(0);
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("its public trace page shows the farmer's village, harvest date and certificate number, never the farmer", () => {
    const code = db.select().from(lotTraceCodes).where(eq(lotTraceCodes.lotId, owedLot)).get()!.code;
    const page = publicTrace(db, code);
    expect(page.steps).toContainEqual({ step: "farm", date: "2026-11-24", place: "王庄村" });
    expect(page.certificates).toContain("HG-0002");
    expect(page.producedDate).toBe("2026-11-24");
    const shown = JSON.stringify(page);
    for (const secret of ["王婶", "13900000002", owedLot]) expect(shown).not.toContain(secret);
  });

  it("its chain, for the store, starts at the farmer's village with the grade, harvest and certificate", () => {
    const chain = lotChain(store.ctx, owedLot);
    expect(chain.up.find((r) => r.step === "produce")).toMatchObject({
      date: "2026-11-24",
      who: "王庄村",
      what: "小米 一级",
      qty: 8001,
      certificate: "HG-0002",
    });
  });

  it("a retried purchase (same request id) is bought once", () => {
    const input = buyProduceSchema.parse({
      requestId: newId(),
      listLineId: milletLine.id,
      farmerName: "赵叔",
      farmerMobile: "13900000003",
      village: "赵庄村",
      qty: "1000",
      price: "1.00",
      payment: "cash",
      certNo: "HG-0003",
      harvestDate: "2026-11-24",
      cardConfirmed: "on",
    });
    const first = buyProduce(store.ctx, input, PNG);
    const second = buyProduce(store.ctx, input, PNG);
    expect(second).toEqual(first);
    expect(db.select().from(producePurchases).where(eq(producePurchases.orgId, store.org.id)).all()).toHaveLength(3);
  });

  it("refuses an unconfirmed price card, a future harvest and a list of a distributor the store is not linked to", async () => {
    expect(() =>
      buyProduceSchema.parse({ requestId: newId(), listLineId: "x", farmerName: "a", farmerMobile: "13900000009" }),
    ).toThrow();
    expect(refusal(() => buy(store.ctx, milletLine.id, { harvestDate: "2099-01-01" }))).toMatchObject({
      status: 400,
      key: "produce.harvestFuture",
    });
    const stranger = await produceWorld(db);
    expect(refusal(() => buy(stranger.stores[0].ctx, milletLine.id))).toMatchObject({
      status: 404,
      key: "produce.lineNotFound",
    });
  });

  let consignmentId = "";
  it("offers a consignment for the pickup day, not beyond what a lot holds", () => {
    expect(
      refusal(() => offerConsignment(store.ctx, offerForm(w.listId, w.deliveryDate, [[paidLot, 12_346]]))),
    ).toMatchObject({ status: 400, key: "produce.offerTooMuch" });
    expect(refusal(() => offerConsignment(store.ctx, offerForm(w.listId, "2026-11-26", [[paidLot, 1]])))).toMatchObject(
      {
        status: 400,
        key: "produce.pickupDate",
      },
    );
    ({ consignmentId } = offerConsignment(
      store.ctx,
      offerForm(w.listId, w.deliveryDate, [
        [paidLot, 12_345],
        [owedLot, 8_001],
      ]),
    ));
    expect(returnLeg(w.distributor.ctx, w.runId).map((c) => c.id)).toEqual([consignmentId]);
  });

  it("the driver picks up on the return leg once the van is out; the store's lot goes down by what was weighed", () => {
    const lines = db.select().from(consignmentLines).where(eq(consignmentLines.consignmentId, consignmentId)).all();
    const paidLine = lines.find((l) => l.storeLotId === paidLot)!;
    const owedLine = lines.find((l) => l.storeLotId === owedLot)!;
    const form = pickupForm(consignmentId, [
      [paidLine.id, 12_300],
      [owedLine.id, 8_001],
    ]);
    expect(refusal(() => confirmPickup(w.distributor.ctx, w.runId, form))).toMatchObject({
      status: 409,
      key: "produce.runNotOnRoad",
    });
    sendRunOut(w.distributor.ctx, w.runId);
    expect(
      refusal(() =>
        confirmPickup(
          w.distributor.ctx,
          w.runId,
          pickupForm(consignmentId, [
            [paidLine.id, 99_999],
            [owedLine.id, 1],
          ]),
        ),
      ),
    ).toMatchObject({ status: 400, key: "produce.pickupTooMuch" });
    confirmPickup(w.distributor.ctx, w.runId, form);
    expect(db.select().from(stockLots).where(eq(stockLots.id, paidLot)).get()!.onHand).toBe(45);
    expect(db.select().from(stockLots).where(eq(stockLots.id, owedLot)).get()!.onHand).toBe(0);
    expect(refusal(() => confirmPickup(w.distributor.ctx, w.runId, { ...form, requestId: newId() }))).toMatchObject({
      status: 409,
      key: "produce.alreadyPickedUp",
    });
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("the warehouse downgrades one lot and rejects the other; the store is credited to the fen, once", () => {
    const lines = db.select().from(consignmentLines).where(eq(consignmentLines.consignmentId, consignmentId)).all();
    const paidLine = lines.find((l) => l.storeLotId === paidLot)!;
    const owedLine = lines.find((l) => l.storeLotId === owedLot)!;
    const higher = gradeForm([
      { lineId: paidLine.id, result: "downgraded", newGrade: "二级", price: "2.50" },
      { lineId: owedLine.id, result: "rejected", reason: "受潮" },
    ]);
    expect(refusal(() => gradeConsignment(w.distributor.ctx, consignmentId, higher))).toMatchObject({
      status: 400,
      key: "produce.downgradeHigher",
    });
    const form = gradeForm([
      { lineId: paidLine.id, result: "downgraded", newGrade: "二级", price: "1.55" },
      { lineId: owedLine.id, result: "rejected", reason: "受潮" },
    ]);
    const first = gradeConsignment(w.distributor.ctx, consignmentId, form);
    const again = gradeConsignment(w.distributor.ctx, consignmentId, form);
    // 12,300 g × ¥1.55/斤 = 3813 fen exactly; the rejected lot pays nothing.
    expect(first).toEqual({ consignmentId, settledFen: 3813 });
    expect(again).toEqual(first);
    const entries = db
      .select()
      .from(accountEntries)
      .where(and(eq(accountEntries.storeOrgId, store.org.id), eq(accountEntries.kind, "produce")))
      .all();
    expect(entries.map((e) => e.amountFen)).toEqual([-3813]);
    const graded = db.select().from(consignmentLines).where(eq(consignmentLines.id, paidLine.id)).get()!;
    expect(graded).toMatchObject({ result: "downgraded", newGrade: "二级", gradedPriceFen: 155, amountFen: 3813 });
    const edge = db.select().from(lotSources).where(eq(lotSources.lotId, graded.warehouseLotId!)).get()!;
    expect(edge).toMatchObject({
      orgId: w.distributor.org.id,
      sourceKind: "stock_lot",
      sourceOrgId: store.org.id,
      sourceId: paidLot,
      qty: 12_300,
      refType: "consignment_line",
      refId: paidLine.id,
    });
    expect(db.select().from(stockLots).where(eq(stockLots.id, graded.warehouseLotId!)).get()!.onHand).toBe(12_300);
    const rejected = db.select().from(consignmentLines).where(eq(consignmentLines.id, owedLine.id)).get()!;
    expect(rejected).toMatchObject({ result: "rejected", amountFen: 0, rejectReason: "受潮", warehouseLotId: null });
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("the rejected lot goes back to the store on the route's next run, once", () => {
    const owedLine = db
      .select()
      .from(consignmentLines)
      .where(and(eq(consignmentLines.consignmentId, consignmentId), eq(consignmentLines.storeLotId, owedLot)))
      .get()!;
    expect(
      refusal(() => handBackRejected(w.distributor.ctx, w.runId, { requestId: newId(), lineId: owedLine.id })),
    ).toMatchObject({
      status: 404,
    });
    const next = makeConfirmedOrder(w.distributor.ctx, {
      linkId: store.linkId,
      deliveryDate: addDays(w.deliveryDate, 4),
      lines: [{ sku: w.skus[0], packs: 1 }],
    }).runId!;
    expect(handBacksOf(w.distributor.ctx, next).flatMap((c) => c.lines.map((l) => l.id))).toEqual([owedLine.id]);
    expect(
      refusal(() => handBackRejected(w.distributor.ctx, next, { requestId: newId(), lineId: owedLine.id })),
    ).toMatchObject({
      status: 409,
      key: "produce.runNotOnRoad",
    });
    sendRunOut(w.distributor.ctx, next);
    handBackRejected(w.distributor.ctx, next, { requestId: newId(), lineId: owedLine.id });
    expect(db.select().from(stockLots).where(eq(stockLots.id, owedLot)).get()!.onHand).toBe(8001);
    expect(handBacksOf(w.distributor.ctx, next)).toEqual([]);
    expect(
      refusal(() => handBackRejected(w.distributor.ctx, next, { requestId: newId(), lineId: owedLine.id })),
    ).toMatchObject({
      status: 404,
    });
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("another distributor cannot grade or pick up this consignment", async () => {
    const other = await produceWorld(db);
    const [line] = db.select().from(consignmentLines).where(eq(consignmentLines.consignmentId, consignmentId)).all();
    const form = gradeForm([{ lineId: line.id, result: "accepted" }]);
    expect(refusal(() => gradeConsignment(other.distributor.ctx, consignmentId, form))).toMatchObject({ status: 404 });
    sendRunOut(other.distributor.ctx, other.runId);
    expect(
      refusal(() => confirmPickup(other.distributor.ctx, other.runId, pickupForm(consignmentId, [[line.id, 1]]))),
    ).toMatchObject({ status: 404, key: "produce.consignmentNotFound" });
  });

  it("nets the owed farmer against their own credit, both sides booked, then pays the rest to the fen", () => {
    const farmerId = db.select().from(producePurchases).where(eq(producePurchases.lotId, owedLot)).get()!.farmerId;
    const { customerId } = createCustomer(store.ctx, { requestId: newId(), name: "王婶", phone: "13900000002" });
    inTransaction(db, (tx) => addCreditEntry(tx, store.ctx, { customerId, kind: "sale", amountFen: 1050 }));
    const before = getFarmerAccount(store.ctx, farmerId);
    expect(before).toMatchObject({ owedFen: 2400, nettableFen: 1050, credit: { balanceFen: 1050 } });
    const net = { requestId: newId() };
    expect(netFarmer(store.ctx, farmerId, net)).toEqual(netFarmer(store.ctx, farmerId, net));
    const after = getFarmerAccount(store.ctx, farmerId);
    expect(after).toMatchObject({ owedFen: 1350, nettableFen: 0, credit: { balanceFen: 0 } });
    const netting = db
      .select()
      .from(farmerEntries)
      .where(and(eq(farmerEntries.farmerId, farmerId), eq(farmerEntries.kind, "netting")))
      .all();
    expect(netting).toHaveLength(1);
    expect(
      db.select().from(creditEntries).where(eq(creditEntries.id, netting[0].creditEntryId!)).get()!.amountFen,
    ).toBe(-1050);
    expect(refusal(() => netFarmer(store.ctx, farmerId, { requestId: newId() }))).toMatchObject({
      key: "produce.nothingToNet",
    });
    expect(refusal(() => payFarmer(store.ctx, farmerId, { requestId: newId(), amount: 1351 }))).toMatchObject({
      status: 400,
      key: "produce.payTooMuch",
    });
    payFarmer(store.ctx, farmerId, { requestId: newId(), amount: 1350 });
    expect(getFarmerAccount(store.ctx, farmerId).owedFen).toBe(0);
  });

  it("another store's farmer reads as missing", () => {
    const farmerId = db.select().from(producePurchases).where(eq(producePurchases.lotId, owedLot)).get()!.farmerId;
    expect(refusal(() => getFarmerAccount(w.stores[1].ctx, farmerId))).toMatchObject({ status: 404 });
    expect(refusal(() => payFarmer(w.stores[1].ctx, farmerId, { requestId: newId(), amount: 1 }))).toMatchObject({
      status: 404,
    });
  });
});

describe("a lot mixed from several farmers", async () => {
  const w = await produceWorld(db);
  const store = w.stores[0];
  const lines = linesOf(w.listId);
  const millet = lines.find((l) => l.produce === "小米")!;
  const eggs = lines.find((l) => l.produce === "鸡蛋")!;

  it("gets the store's own certificate, keeps each farmer's, and goes up like any lot", () => {
    const a = buy(store.ctx, millet.id, { qty: "5000" });
    const b = buy(store.ctx, millet.id, {
      farmerName: "王婶",
      farmerMobile: "13900000002",
      qty: "3000",
      certNo: "HG-9",
    });
    const c = buy(store.ctx, eggs.id, { qty: "30" });
    const lotOf = (id: string) => db.select().from(producePurchases).where(eq(producePurchases.id, id)).get()!.lotId;
    expect(
      refusal(() => mixProduceLots(store.ctx, { requestId: newId(), lotId: [lotOf(a.purchaseId)] })),
    ).toMatchObject({
      key: "produce.mixTwo",
    });
    expect(
      refusal(() =>
        mixProduceLots(store.ctx, { requestId: newId(), lotId: [lotOf(a.purchaseId), lotOf(c.purchaseId)] }),
      ),
    ).toMatchObject({ key: "produce.mixSame" });
    expect(
      refusal(() =>
        mixProduceLots(w.stores[1].ctx, { requestId: newId(), lotId: [lotOf(a.purchaseId), lotOf(b.purchaseId)] }),
      ),
    ).toMatchObject({ status: 404 });
    const input = { requestId: newId(), lotId: [lotOf(a.purchaseId), lotOf(b.purchaseId)] };
    const mixed = mixProduceLots(store.ctx, input);
    expect(mixProduceLots(store.ctx, input)).toEqual(mixed);
    expect(mixed.qty).toBe(8000);
    expect(db.select().from(stockLots).where(eq(stockLots.id, mixed.lotId)).get()!.onHand).toBe(8000);
    expect(
      db
        .select()
        .from(stockLots)
        .where(eq(stockLots.id, lotOf(a.purchaseId)))
        .get()!.onHand,
    ).toBe(0);
    const cert = lotCertificate(store.ctx, mixed.lotId, "https://example.test");
    expect(cert.ownNumber).toBe(mixed.certificateNumber);
    expect(cert.sources.map((s) => s.certNo).sort()).toEqual(["HG-0001", "HG-9"]);
    expect(cert.traceUrl).toMatch(/^https:\/\/example\.test\/lot\/[0-9A-Z]{10}$/);
    expect(cert.qrSvg).toContain("<svg");
    const { consignmentId } = offerConsignment(store.ctx, offerForm(w.listId, w.deliveryDate, [[mixed.lotId, 8000]]));
    expect(returnLeg(w.distributor.ctx, w.runId).find((x) => x.id === consignmentId)!.lines[0].offeredQty).toBe(8000);
    expect(ledgerViolations(db)).toEqual([]);
  });
});
