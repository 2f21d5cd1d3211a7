import { and, eq, inArray } from "drizzle-orm";
import { stockMovements } from "@db/schema";
import type { Ctx, WriteTx } from "../context.server";
import { recordLotSource, traceCodeFor } from "./lot-sources.internal.server";
import { shippedLotsOfLine, splitOverLots, type ShippedLot } from "./shipped-lots.internal.server";

// The store side of the carry-through (decision 040): what a store receives of an order line is
// booked into lots with the batch and expiry of the warehouse lots the van carried (nobody types
// them), and each store lot gets its edge from the warehouse lot, carried by the order line.

type Line = { id: string; distributorOrgId: string; packSize: number };

export type ReceiptPart = { units: number; batchNo: string; expiryDate: string; from: ShippedLot | null };

/**
 * How the received base units of a line split into lots: over the shipped lots when dispatch
 * carried them, else one part with what the shopkeeper typed (orders shipped before the carry).
 */
export function receiptParts(
  tx: WriteTx,
  ctx: Ctx,
  line: Line,
  units: number,
  typed: { batchNo: string; expiryDate: string },
): ReceiptPart[] {
  const shipped = shippedLotsOfLine(tx, ctx, line.id);
  if (shipped.length === 0) return [{ units, ...typed, from: null }];
  // A warehouse lot without batch or expiry (stock booked before anyone knew) takes what the
  // pack's label shows, if the shopkeeper typed it; its edge is written all the same.
  return splitOverLots(shipped, units).map(({ lot, qty }) =>
    lot.batchNo || lot.expiryDate
      ? { units: qty, batchNo: lot.batchNo, expiryDate: lot.expiryDate, from: lot }
      : { units: qty, ...typed, from: lot },
  );
}

/** The edge warehouse lot → store lot for a booked part, and the store lot's public code. */
export function linkReceivedPart(tx: WriteTx, ctx: Ctx, line: Line, part: ReceiptPart, movementIds: string[]): void {
  if (movementIds.length === 0) return;
  const move = tx
    .select({ lotId: stockMovements.lotId })
    .from(stockMovements)
    .where(and(inArray(stockMovements.id, movementIds), eq(stockMovements.orgId, ctx.org.id)))
    .get();
  if (!move?.lotId) return;
  const now = ctx.clock.now();
  traceCodeFor(tx, ctx.org.id, move.lotId, now);
  if (!part.from) return;
  recordLotSource(
    tx,
    {
      orgId: ctx.org.id,
      lotId: move.lotId,
      sourceKind: "stock_lot",
      sourceOrgId: line.distributorOrgId,
      sourceId: part.from.lotId,
      qty: part.units,
      refType: "restock_order_line",
      refId: line.id,
    },
    now,
  );
}
