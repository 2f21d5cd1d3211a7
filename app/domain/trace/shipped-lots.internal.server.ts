import { and, asc, eq, inArray } from "drizzle-orm";
import { shippedLots, stockMovements } from "@db/schema";
import type { Db } from "@db/client";
import type { Ctx, WriteTx } from "../context.server";
import { newId } from "../ids.server";

// The warehouse side of the carry-through (decision 040): the order process's `ship` effect
// takes a line's picked units off the warehouse ledger first-expiring-first, one movement per
// lot; these rows remember which lot gave how much, so the store's receipt books the same batch
// and expiry and writes the lot edge. Internal: the order process calls it in its transaction.

type Line = { id: string; orderId: string; storeOrgId: string };

/** Records the warehouse lots the ledger's movements took for an order line (safe to retry). */
export function carryShippedLots(tx: WriteTx, ctx: Ctx, line: Line, movementIds: string[]): void {
  if (movementIds.length === 0) return;
  const moves = tx
    .select()
    .from(stockMovements)
    .where(and(inArray(stockMovements.id, movementIds), eq(stockMovements.orgId, ctx.org.id)))
    .all();
  const now = ctx.clock.now();
  for (const m of moves) {
    if (!m.lotId || m.qty >= 0) continue;
    tx.insert(shippedLots)
      .values({
        id: newId(),
        distributorOrgId: ctx.org.id,
        storeOrgId: line.storeOrgId,
        orderId: line.orderId,
        lineId: line.id,
        lotId: m.lotId,
        movementId: m.id,
        batchNo: m.batchNo,
        expiryDate: m.expiryDate,
        qty: -m.qty,
        createdAt: now,
      })
      .onConflictDoNothing()
      .run();
  }
}

export type ShippedLot = typeof shippedLots.$inferSelect;

/**
 * The lots that went onto an order line, first-expiring-first (lots without a date last), as
 * the side asking may see them: the store by its id, the distributor by its own.
 */
export function shippedLotsOfLine(db: Db | WriteTx, ctx: Ctx, lineId: string): ShippedLot[] {
  const own = ctx.org.kind === "store" ? shippedLots.storeOrgId : shippedLots.distributorOrgId;
  return db
    .select()
    .from(shippedLots)
    .where(and(eq(shippedLots.lineId, lineId), eq(own, ctx.org.id)))
    .orderBy(asc(shippedLots.expiryDate), asc(shippedLots.createdAt), asc(shippedLots.id))
    .all()
    .sort((a, b) => Number(a.expiryDate === "") - Number(b.expiryDate === ""));
}

/** Shipped lots of several lines at once (the receipt form shows each line's batches). */
export function shippedLotsOfLines(db: Db | WriteTx, ctx: Ctx, lineIds: string[]): Map<string, ShippedLot[]> {
  const out = new Map<string, ShippedLot[]>();
  for (const id of lineIds) out.set(id, shippedLotsOfLine(db, ctx, id));
  return out;
}

/**
 * Splits `units` received of a line over its shipped lots in their order: a short delivery is
 * taken off the last lots (the van was loaded first-expiring-first, the last lot is the short one).
 */
export function splitOverLots(lots: ShippedLot[], units: number): { lot: ShippedLot; qty: number }[] {
  const out: { lot: ShippedLot; qty: number }[] = [];
  let left = units;
  for (const lot of lots) {
    if (left <= 0) break;
    const qty = Math.min(lot.qty, left);
    out.push({ lot, qty });
    left -= qty;
  }
  // More arrived than was shipped (an extra pack): it is booked to the last lot shipped.
  if (left > 0 && out.length) out[out.length - 1]!.qty += left;
  return out;
}
