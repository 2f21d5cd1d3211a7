import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { quarantinedLots, recalls } from "@db/schema";
import type { Ctx } from "~/domain/context.server";
import { DomainError } from "~/domain/errors";
import { newId } from "~/domain/ids.server";
import { flagRecallSchema, settleUnitsSchema } from "~/domain/recall/fields.server";
import { flagRecall } from "~/domain/recall/flag-recall.server";
import { recallSources, recallsOf, storeRecallNotices } from "~/domain/recall/list-recalls.server";
import { releaseRecall } from "~/domain/recall/release-recall.server";
import { recallReport } from "~/domain/recall/report.server";
import { confirmRecall, settleRecalledUnits } from "~/domain/recall/store-actions.server";
import { storeRecall } from "~/domain/recall/store-recall.server";
import { recordSale } from "~/domain/sales/record-sale.server";
import { sellData } from "~/domain/sales/sell-data.server";
import { sellScreen } from "~/domain/sales/sell-screen.server";
import { syncSales } from "~/domain/sales/sync-sales.server";
import { storeDashboard } from "~/domain/analysis/dashboard.server";
import { createTestDb } from "../support/db";
import { makeAlliance } from "../support/alliance";
import { ledgerViolations } from "../support/ledger";
import { receivedLot, recallWorld, RECALL_BATCH } from "../support/recall";
import { linkStore, makeDistributor, makeRoute, makeSku } from "../support/distribution";
import { makeProduct, makeStore } from "../support/factories";
import { inTransaction } from "~/domain/context.server";
import { recordLotSource } from "~/domain/trace/lot-sources.internal.server";
import { restockSuggestions } from "~/domain/analysis/suggestions.server";
import { dbSnapshot } from "../support/snapshot";

const testDb = createTestDb();
const db = testDb.db;
afterAll(() => testDb.close());

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

function refusedWithoutWriting(fn: () => unknown) {
  const before = dbSnapshot(db);
  const error = errorOf(fn);
  expect(dbSnapshot(db)).toEqual(before);
  return error;
}

const flag = (ctx: Ctx, source: string, extra: { drill?: "on"; requestId?: string } = {}) =>
  flagRecall(
    ctx,
    flagRecallSchema.parse({
      requestId: extra.requestId ?? newId(),
      source,
      reason: "黄曲霉毒素超标",
      drill: extra.drill,
    }),
  );

const settle = (ctx: Ctx, recallId: string, input: { requestId: string; lotId: string; action: string; qty: string }) =>
  settleRecalledUnits(ctx, recallId, settleUnitsSchema.parse(input));

const sell = (ctx: Ctx, productId: string, qty: number) =>
  recordSale(ctx, { saleId: newId(), tender: "cash", lines: [{ productId, qty }] });

const catalogVersion = (ctx: Ctx) =>
  (
    ctx.db.$client.prepare("select version from catalog_versions where org_id = ?").get(ctx.org.id) as {
      version: number;
    }
  ).version;

describe("a recall of a supplier batch", () => {
  it("reaches every store holding it through the lot graph and quarantines those lots; retried, it is one recall", async () => {
    const world = await recallWorld(db, { stores: 3, received: 40, perStore: 12 });
    const requestId = newId();
    const first = flag(world.alliance.ctx, `supplier_batch:${world.batchId}`, { requestId });
    expect(flag(world.alliance.ctx, `supplier_batch:${world.batchId}`, { requestId })).toEqual(first);
    expect(db.select().from(recalls).where(eq(recalls.orgId, world.alliance.org.id)).all()).toHaveLength(1);
    expect(first).toMatchObject({ stores: 3, lots: 4 });
    expect(recallsOf(world.alliance.ctx)).toEqual([
      expect.objectContaining({ id: first.recallId, kind: "recall", status: "open", stores: 3, confirmed: 0 }),
    ]);
    expect(recallSources(world.alliance.ctx).map((s) => s.value)).toEqual([`supplier_batch:${world.batchId}`]);
    expect(recallSources(world.distributor.ctx).map((s) => s.value)).toEqual([
      `supplier_batch:${world.batchId}`,
      `stock_lot:${world.warehouseLot.id}`,
    ]);
    for (const store of world.stores) {
      expect(db.select().from(quarantinedLots).where(eq(quarantinedLots.lotId, store.lot.id)).get()).toMatchObject({
        orgId: store.org.id,
        recallId: first.recallId,
      });
      expect(storeRecallNotices(store.ctx)).toEqual([
        expect.objectContaining({ id: first.recallId, kind: "recall", reason: "黄曲霉毒素超标", units: 12 }),
      ]);
    }
    // The warehouse lot is kept apart too (decision 046): what is left of it never ships.
    expect(
      db.select().from(quarantinedLots).where(eq(quarantinedLots.lotId, world.warehouseLot.id)).get(),
    ).toMatchObject({ orgId: world.distributor.org.id, recallId: first.recallId });
  });

  it("sells a product from its clean lots; with only recalled stock the till refuses with the reason and writes nothing", async () => {
    const world = await recallWorld(db, { stores: 1, perStore: 5, clean: 3 });
    const [store] = world.stores;
    flag(world.alliance.ctx, `supplier_batch:${world.batchId}`);
    // Without the recall FEFO would take the recalled lot (it expires first): the clean one goes.
    sell(store!.ctx, store!.product.id, 2);
    const lotsNow = () =>
      Object.fromEntries(
        (
          db.$client
            .prepare("select batch_no, on_hand from stock_lots where product_id = ?")
            .all(store!.product.id) as {
            batch_no: string;
            on_hand: number;
          }[]
        ).map((l) => [l.batch_no, l.on_hand]),
      );
    expect(lotsNow()).toEqual({ "CLEAN-1": 1, [RECALL_BATCH]: 5 });
    const refused = refusedWithoutWriting(() => sell(store!.ctx, store!.product.id, 2));
    expect(refused).toMatchObject({ status: 409, key: "recall.blocked" });
    expect(refused.params).toEqual({ name: "金龙鱼大豆油 5L", reason: "黄曲霉毒素超标" });
    sell(store!.ctx, store!.product.id, 1);
    expect(errorOf(() => sell(store!.ctx, store!.product.id, 1))).toMatchObject({ key: "recall.blocked" });
    expect(lotsNow()).toEqual({ "CLEAN-1": 0, [RECALL_BATCH]: 5 });
    expect(ledgerViolations(db)).toEqual([]);
  });

  it("keeps recalled units out of what is available: sell screen, offline catalog (its version moves), run-outs", async () => {
    const world = await recallWorld(db, { stores: 1, perStore: 5, clean: 3 });
    const [store] = world.stores;
    const before = catalogVersion(store!.ctx);
    expect(sellData(store!.ctx, 0).stock).toEqual([[store!.product.id, 8]]);
    flag(world.alliance.ctx, `supplier_batch:${world.batchId}`);
    expect(catalogVersion(store!.ctx)).toBeGreaterThan(before);
    const delta = sellData(store!.ctx, before);
    expect(delta.products).toEqual([
      expect.objectContaining({ id: store!.product.id, onHand: 3, recall: "黄曲霉毒素超标" }),
    ]);
    expect(delta.stock).toEqual([[store!.product.id, 3]]);
    const screen = sellScreen(store!.ctx, new URLSearchParams({ [`line.${store!.product.id}`]: "1" }));
    expect(screen.items.find((p) => p.id === store!.product.id)?.onHand).toBe(3);
    // Expiring soon: the recalled lot is shown apart on its recall page, not in the shelf's list.
    const board = storeDashboard(store!.ctx, { period: "today" });
    expect(board.expiring.map((l) => l.batchNo)).not.toContain(RECALL_BATCH);
  });

  it("accepts a sale made offline before the phone knew, against the recalled units, and lists it in the report", async () => {
    const world = await recallWorld(db, { stores: 1, perStore: 6 });
    const [store] = world.stores;
    const version = catalogVersion(store!.ctx);
    const { recallId } = flag(world.alliance.ctx, `supplier_batch:${world.batchId}`);
    const offline = {
      saleId: newId(),
      madeAt: world.clock.now(),
      catalogVersion: version,
      tender: "credit" as const,
      customerName: "王婶",
      lines: [{ productId: store!.product.id, qty: 2, unitPriceFen: 6500 }],
    };
    expect(syncSales(store!.ctx, { storeId: store!.org.id, sales: [offline] })).toEqual([
      { saleId: offline.saleId, status: "recorded" },
    ]);
    const report = recallReport(world.alliance.ctx, recallId);
    expect(report.sold).toEqual([
      expect.objectContaining({ holder: store!.org.name, customer: "王婶", units: 2, afterFlag: true, offline: true }),
    ]);
    expect(report.lots.find((l) => l.holderKind === "store")).toMatchObject({ received: 6, inStock: 4, sold: 2 });
  });
});

describe("the stores act, the report follows, the recall is released", () => {
  it("adds every unit up: in stock + sold + returned + destroyed = received; who and why are logged; release sells again", async () => {
    const world = await recallWorld(db, { stores: 2, received: 30, perStore: 10 });
    const [a, b] = world.stores;
    sell(a!.ctx, a!.product.id, 3); // before the recall: out in the village
    const { recallId } = flag(world.distributor.ctx, `supplier_batch:${world.batchId}`);
    confirmRecall(a!.ctx, recallId, { requestId: newId() });
    const returned = { requestId: newId(), lotId: a!.lot.id, action: "return", qty: "4" };
    settle(a!.ctx, recallId, returned);
    settle(a!.ctx, recallId, returned); // a retried tap
    settle(a!.ctx, recallId, { requestId: newId(), lotId: a!.lot.id, action: "destroy", qty: "3" });
    expect(db.select().from(quarantinedLots).where(eq(quarantinedLots.lotId, a!.lot.id)).get()).toBe(undefined);
    expect(
      refusedWithoutWriting(() =>
        settle(b!.ctx, recallId, { requestId: newId(), lotId: b!.lot.id, action: "destroy", qty: "11" }),
      ),
    ).toMatchObject({ status: 400, key: "recall.moreThanHeld" });
    const report = recallReport(world.distributor.ctx, recallId);
    const stores = report.lots.filter((l) => l.holderKind === "store");
    expect(
      stores.map(({ inStock, sold, returned, destroyed, received }) => ({
        inStock,
        sold,
        returned,
        destroyed,
        received,
      })),
    ).toEqual(
      expect.arrayContaining([
        { inStock: 0, sold: 3, returned: 4, destroyed: 3, received: 10 },
        { inStock: 10, sold: 0, returned: 0, destroyed: 0, received: 10 },
      ]),
    );
    for (const l of report.lots) expect(l.inStock + l.sold + l.returned + l.destroyed + l.other).toBe(l.received);
    expect(report.totals).toMatchObject({ received: 20, inStock: 10, sold: 3, returned: 4, destroyed: 3 });
    expect(report.stores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ store: a!.org.name, minutes: 0 }),
        expect.objectContaining({ store: b!.org.name, confirmedAt: null }),
      ]),
    );
    expect(report.events.map((e) => e.kind)).toEqual([
      "flag",
      "quarantine", // the warehouse's lot (decision 046)
      "quarantine",
      "quarantine",
      "confirm",
      "return",
      "destroy",
    ]);
    expect(report.events[0]).toMatchObject({ actor: world.distributor.user.name, note: "黄曲霉毒素超标" });

    expect(errorOf(() => sell(b!.ctx, b!.product.id, 1))).toMatchObject({ key: "recall.blocked" });
    releaseRecall(world.distributor.ctx, recallId, { requestId: newId(), reason: "复检合格" });
    sell(b!.ctx, b!.product.id, 1);
    const released = recallReport(world.distributor.ctx, recallId);
    expect(released.recall).toMatchObject({
      status: "released",
      releaseReason: "复检合格",
      releasedBy: world.distributor.user.id,
    });
    expect(released.events.at(-1)).toMatchObject({ kind: "release", note: "复检合格" });
    expect(storeRecallNotices(b!.ctx)).toEqual([]);
    expect(ledgerViolations(db)).toEqual([]);
  });
});

describe("a drill", () => {
  it("notifies the same stores without blocking a sale, and times each store's confirmation", async () => {
    const world = await recallWorld(db, { stores: 2, perStore: 4 });
    const [a, b] = world.stores;
    const { recallId } = flag(world.alliance.ctx, `supplier_batch:${world.batchId}`, { drill: "on" });
    expect(storeRecallNotices(a!.ctx)).toEqual([expect.objectContaining({ id: recallId, kind: "drill" })]);
    sell(a!.ctx, a!.product.id, 4);
    world.clock.advance(25 * 60_000);
    confirmRecall(b!.ctx, recallId, { requestId: newId() });
    expect(
      refusedWithoutWriting(() =>
        settle(b!.ctx, recallId, { requestId: newId(), lotId: b!.lot.id, action: "return", qty: "1" }),
      ),
    ).toMatchObject({ key: "recall.drillKeepsStock" });
    const report = recallReport(world.alliance.ctx, recallId);
    expect(report.stores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ store: a!.org.name, minutes: null }),
        expect.objectContaining({ store: b!.org.name, minutes: 25 }),
      ]),
    );
  });
});

describe("who may see and do what", () => {
  it("another alliance, a store, another store: 403/404 and nothing written", async () => {
    const world = await recallWorld(db, { stores: 1 });
    const [store] = world.stores;
    const other = await makeAlliance(db);
    expect(refusedWithoutWriting(() => flag(other.ctx, `supplier_batch:${world.batchId}`))).toMatchObject({
      status: 404,
    });
    expect(refusedWithoutWriting(() => flag(store!.ctx, `supplier_batch:${world.batchId}`))).toMatchObject({
      status: 403,
    });
    expect(refusedWithoutWriting(() => flag(world.distributor.ctx, `stock_lot:${store!.lot.id}`))).toMatchObject({
      status: 404,
    });
    const { recallId } = flag(world.alliance.ctx, `supplier_batch:${world.batchId}`);
    expect(errorOf(() => recallReport(other.ctx, recallId))).toMatchObject({ status: 404 });
    expect(errorOf(() => recallReport(world.distributor.ctx, recallId))).toMatchObject({ status: 404 });
    const stranger = (await recallWorld(db, { stores: 1 })).stores[0]!;
    expect(errorOf(() => storeRecall(stranger.ctx, recallId))).toMatchObject({ status: 404 });
    expect(refusedWithoutWriting(() => confirmRecall(stranger.ctx, recallId, { requestId: newId() }))).toMatchObject({
      status: 404,
    });
    expect(
      refusedWithoutWriting(() => releaseRecall(other.ctx, recallId, { requestId: newId(), reason: "想解除" })),
    ).toMatchObject({ status: 404 });
    expect(storeRecall(store!.ctx, recallId).lots).toHaveLength(1);
  });
});

describe("restock suggestions", () => {
  it("count recalled units out: the order makes up for what may not be sold", async () => {
    const dist = await makeDistributor(db);
    const route = makeRoute(dist.ctx, { weekdays: "2,5" });
    const store = await makeStore(db);
    linkStore(store.ctx, dist.ctx, { routeId: route.id });
    const sku = makeSku(dist.ctx, { packSize: 12, minOrderPacks: 1, casePriceFen: 12_000 });
    const product = makeProduct(store.ctx, { barcode: sku.barcode, packSize: 1, packUnit: null });
    const warehouseLot = receivedLot(dist.ctx, sku.id, 24, "W-1");
    const lot = receivedLot(store.ctx, product.id, 20, "W-1");
    inTransaction(db, (tx) =>
      recordLotSource(
        tx,
        {
          orgId: store.org.id,
          lotId: lot.id,
          sourceKind: "stock_lot",
          sourceOrgId: dist.org.id,
          sourceId: warehouseLot.id,
          qty: 20,
          refType: "order_line",
          refId: newId(),
        },
        store.ctx.clock.now(),
      ),
    );
    const suggested = () => restockSuggestions(store.ctx).suggestions.find((s) => s.productId === product.id)!;
    expect(suggested().onHand).toBe(20);
    flag(dist.ctx, `stock_lot:${warehouseLot.id}`);
    expect(suggested().onHand).toBe(0);
  });
});
