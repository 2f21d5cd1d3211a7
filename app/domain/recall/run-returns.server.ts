import { and, asc, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import {
  deliveryRuns,
  distributorLinks,
  lotSources,
  organisations,
  products,
  quarantinedLots,
  recallReturns,
  recalls,
  stockLots,
} from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Conflict, Invalid, InvalidTransition, NotFound } from "../errors";
import { findRun, type RunRow } from "../fulfilment/runs.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { applyMovement } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import { storeSide } from "../produce/confirm-pickup.server";
import { log } from "./events.internal.server";
import type { BookInReturnInput, PickUpRecalledInput } from "./fields.server";

// Recalled stock comes back on a run (decision 046): a holding store's quarantined lots that came
// from this distributor's warehouse are return lines on the store's route's next run (the
// earliest not completed) until the driver has picked them up; the warehouse then books the units into a quarantined lot or
// destroys them. The store-side movement is a recall `return`, so the report counts it as returned.

type Reader = Ctx["db"] | WriteTx;

export type RecallReturnLine = {
  lotId: string;
  recallId: string;
  reason: string;
  storeOrgId: string;
  storeName: string;
  stopSeq: number;
  product: string;
  baseUnit: string;
  batchNo: string;
  expiryDate: string;
  /** Units the store still holds apart (what the driver should collect). */
  expected: number;
  /** Set once the driver confirmed the count on this run. */
  picked: { id: string; qty: number; outcome: "quarantined" | "destroyed" | null } | null;
};

/** The route's next run: not completed, and no earlier one still open. */
function isNextRun(db: Reader, ctx: Ctx, run: RunRow): boolean {
  if (run.status === "completed") return false;
  const earlier = db
    .select({ id: deliveryRuns.id })
    .from(deliveryRuns)
    .where(
      and(
        eq(deliveryRuns.orgId, ctx.org.id),
        eq(deliveryRuns.routeId, run.routeId),
        ne(deliveryRuns.status, "completed"),
        lt(deliveryRuns.deliveryDate, run.deliveryDate),
      ),
    )
    .get();
  return !earlier;
}

/**
 * Quarantined store lots (open recalls) fed by this distributor's lots, at the stores of the
 * route: what the route's next run collects (nothing on any other run).
 */
function pendingLines(db: Reader, ctx: Ctx, run: RunRow, lotIds?: string[]) {
  if (!isNextRun(db, ctx, run)) return [];
  return db
    .select({
      lotId: stockLots.id,
      productId: stockLots.productId,
      recallId: recalls.id,
      reason: recalls.reason,
      storeOrgId: organisations.id,
      storeName: organisations.name,
      stopSeq: distributorLinks.stopSeq,
      product: products.name,
      baseUnit: products.baseUnit,
      batchNo: stockLots.batchNo,
      expiryDate: stockLots.expiryDate,
      expected: stockLots.onHand,
    })
    .from(quarantinedLots)
    .innerJoin(stockLots, eq(stockLots.id, quarantinedLots.lotId))
    .innerJoin(recalls, eq(recalls.id, quarantinedLots.recallId))
    .innerJoin(
      distributorLinks,
      and(
        eq(distributorLinks.storeOrgId, quarantinedLots.orgId),
        eq(distributorLinks.distributorOrgId, ctx.org.id),
        eq(distributorLinks.routeId, run.routeId),
        eq(distributorLinks.status, "active"),
      ),
    )
    .innerJoin(organisations, eq(organisations.id, quarantinedLots.orgId))
    .innerJoin(products, eq(products.id, stockLots.productId))
    .where(
      and(
        gt(stockLots.onHand, 0),
        eq(recalls.status, "open"),
        eq(recalls.kind, "recall"),
        lotIds ? inArray(stockLots.id, lotIds) : undefined,
        sql`exists (select 1 from ${lotSources} ls where ls.lot_id = ${stockLots.id} and ls.org_id = ${quarantinedLots.orgId} and ls.source_kind = 'stock_lot' and ls.source_org_id = ${ctx.org.id})`,
      ),
    )
    .orderBy(asc(distributorLinks.stopSeq), asc(organisations.name), asc(products.name))
    .all();
}

/** What this run has picked up already, with the warehouse's booking. */
function pickedOnRun(db: Reader, ctx: Ctx, runId: string) {
  return db
    .select({
      id: recallReturns.id,
      qty: recallReturns.qty,
      outcome: recallReturns.outcome,
      lotId: stockLots.id,
      recallId: recalls.id,
      reason: recalls.reason,
      storeOrgId: organisations.id,
      storeName: organisations.name,
      product: products.name,
      baseUnit: products.baseUnit,
      batchNo: stockLots.batchNo,
      expiryDate: stockLots.expiryDate,
      expected: stockLots.onHand,
    })
    .from(recallReturns)
    .innerJoin(stockLots, eq(stockLots.id, recallReturns.storeLotId))
    .innerJoin(recalls, eq(recalls.id, recallReturns.recallId))
    .innerJoin(organisations, eq(organisations.id, recallReturns.storeOrgId))
    .innerJoin(products, eq(products.id, stockLots.productId))
    .where(and(eq(recallReturns.runId, runId), eq(recallReturns.distributorOrgId, ctx.org.id)))
    .all();
}

/**
 * The run's recall return lines: what was picked up on it, then, on the route's next run, what
 * is still to collect, in stop order. The pick list, the manifest and the driver's page show them.
 */
export function recallReturnsOfRun(ctx: Ctx, runId: string): RecallReturnLine[] {
  const run = findRun(ctx.db, ctx, runId);
  const stops = new Map(
    ctx.db
      .select({ storeOrgId: distributorLinks.storeOrgId, stopSeq: distributorLinks.stopSeq })
      .from(distributorLinks)
      .where(eq(distributorLinks.distributorOrgId, ctx.org.id))
      .all()
      .map((l) => [l.storeOrgId, l.stopSeq]),
  );
  const done: RecallReturnLine[] = pickedOnRun(ctx.db, ctx, run.id).map(({ id, qty, outcome, ...r }) => ({
    ...r,
    stopSeq: stops.get(r.storeOrgId) ?? 0,
    picked: { id, qty, outcome },
  }));
  const seen = new Set(done.map((d) => d.lotId));
  const pending: RecallReturnLine[] = pendingLines(ctx.db, ctx, run)
    .filter((l) => !seen.has(l.lotId))
    .map(({ productId: _p, ...l }) => ({ ...l, picked: null }));
  return [...done, ...pending].sort(
    (a, b) => a.stopSeq - b.stopSeq || a.storeName.localeCompare(b.storeName) || a.product.localeCompare(b.product),
  );
}

/**
 * At the store's stop the driver counts the recalled units handed over: they leave the store's
 * lot as a recall `return` (booked under the store's org, the store hands them over; the actor
 * is the driver), an emptied lot leaves the quarantine. Only while the van is out; at most what
 * the store holds; once per lot and run.
 */
export function pickUpRecalled(ctx: Ctx, runId: string, input: PickUpRecalledInput) {
  requirePermission(ctx, "recall.pickup");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `recall-pickup:${input.requestId}`, "recall.pickup", () => {
      const run = findRun(tx, ctx, runId);
      const [line] = pendingLines(tx, ctx, run, [input.lotId]);
      if (!line) throw new NotFound();
      if (run.status !== "out_for_delivery") throw new InvalidTransition("recall.run.notOnRoad");
      const already = tx
        .select({ id: recallReturns.id })
        .from(recallReturns)
        .where(and(eq(recallReturns.runId, run.id), eq(recallReturns.storeLotId, line.lotId)))
        .get();
      if (already) throw new Conflict("recall.run.alreadyPickedUp");
      if (input.qty > line.expected)
        throw new Invalid("recall.moreThanHeld", { max: line.expected }, { qty: "recall.moreThanHeld" });
      const now = ctx.clock.now();
      applyMovement(tx, storeSide(tx, ctx, line.storeOrgId), {
        productId: line.productId,
        lotId: line.lotId,
        kind: "return",
        qty: -input.qty,
        refType: "recall",
        refId: line.recallId,
        note: line.reason,
        at: now,
      });
      if (input.qty === line.expected) tx.delete(quarantinedLots).where(eq(quarantinedLots.lotId, line.lotId)).run();
      const id = newId();
      tx.insert(recallReturns)
        .values({
          id,
          recallId: line.recallId,
          distributorOrgId: ctx.org.id,
          storeOrgId: line.storeOrgId,
          storeLotId: line.lotId,
          runId: run.id,
          qty: input.qty,
          pickedBy: ctx.actor.id,
          pickedAt: now,
        })
        .run();
      log(tx, ctx, line.recallId, "pickup", line.reason, now, {
        lotId: line.lotId,
        qty: input.qty,
        orgId: line.storeOrgId,
      });
      return { returnId: id, qty: input.qty };
    }),
  );
}

/**
 * Back at the warehouse: the units a driver picked up go back into the warehouse lot they were
 * shipped from, kept apart under the recall while it is open (quarantined), or are booked in and
 * destroyed. Once per return.
 */
export function bookInReturn(ctx: Ctx, input: BookInReturnInput) {
  requirePermission(ctx, "recall.bookIn");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `recall-book-in:${input.requestId}`, "recall.bookIn", () => {
      const row = tx
        .select()
        .from(recallReturns)
        .where(and(eq(recallReturns.id, input.returnId), eq(recallReturns.distributorOrgId, ctx.org.id)))
        .get();
      if (!row) throw new NotFound();
      if (row.outcome) throw new Conflict("recall.returnBooked");
      const recall = tx.select().from(recalls).where(eq(recalls.id, row.recallId)).get()!;
      const lot = warehouseLotOf(tx, ctx, row.storeOrgId, row.storeLotId);
      const now = ctx.clock.now();
      const movement = { productId: lot.productId, lotId: lot.id, refType: "recall_return", refId: row.id, at: now };
      applyMovement(tx, ctx, { ...movement, kind: "return", qty: row.qty, note: recall.reason });
      if (input.outcome === "destroyed")
        applyMovement(tx, ctx, {
          ...movement,
          kind: "adjustment",
          reason: "damaged",
          qty: -row.qty,
          note: recall.reason,
        });
      else if (recall.status === "open")
        tx.insert(quarantinedLots)
          .values({ lotId: lot.id, orgId: ctx.org.id, productId: lot.productId, recallId: recall.id, createdAt: now })
          .onConflictDoNothing()
          .run();
      tx.update(recallReturns)
        .set({ outcome: input.outcome, warehouseLotId: lot.id, bookedBy: ctx.actor.id, bookedAt: now })
        .where(eq(recallReturns.id, row.id))
        .run();
      log(tx, ctx, recall.id, input.outcome === "destroyed" ? "destroy" : "book_in", recall.reason, now, {
        lotId: lot.id,
        qty: row.qty,
      });
      return { returnId: row.id, outcome: input.outcome };
    }),
  );
}

/** The warehouse lot (of this distributor) the store lot was shipped from, per the lot graph. */
function warehouseLotOf(tx: WriteTx, ctx: Ctx, storeOrgId: string, storeLotId: string) {
  const lot = tx
    .select({ id: stockLots.id, productId: stockLots.productId })
    .from(lotSources)
    .innerJoin(stockLots, and(eq(stockLots.id, lotSources.sourceId), eq(stockLots.orgId, ctx.org.id)))
    .where(
      and(
        eq(lotSources.orgId, storeOrgId),
        eq(lotSources.lotId, storeLotId),
        eq(lotSources.sourceKind, "stock_lot"),
        eq(lotSources.sourceOrgId, ctx.org.id),
      ),
    )
    .get();
  if (!lot) throw new Conflict("recall.noWarehouseLot");
  return lot;
}
