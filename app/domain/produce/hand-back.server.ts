import { and, eq, inArray, lt } from "drizzle-orm";
import { consignmentLines, consignments, stockLots, stockMovements } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { InvalidTransition, NotFound } from "../errors";
import { findRun } from "../fulfilment/runs.server";
import { once } from "../idempotency.server";
import { applyMovement } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import { storeSide } from "./confirm-pickup.server";

/** The movement that brought a rejected lot back to its store names the consignment line. */
export const HAND_BACK_REF = "consignment_return";

/**
 * A rejected lot goes back to its store on the route's next run: the driver hands it over at the
 * stop and the units return into the very lot they left (a `return` movement), once.
 */
export function handBackRejected(ctx: Ctx, runId: string, input: { requestId: string; lineId: string }) {
  requirePermission(ctx, "consignment.pickup");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.handBack", () => {
      const run = findRun(tx, ctx, runId);
      const [row] = pendingHandBacks(tx, ctx, run, [input.lineId]);
      if (!row) throw new NotFound("produce.consignmentNotFound");
      if (run.status !== "out_for_delivery") throw new InvalidTransition("produce.runNotOnRoad");
      const lot = tx
        .select()
        .from(stockLots)
        .where(and(eq(stockLots.id, row.line.storeLotId), eq(stockLots.orgId, row.line.storeOrgId)))
        .get()!;
      applyMovement(tx, storeSide(tx, ctx, row.line.storeOrgId), {
        productId: row.line.storeProductId,
        kind: "return",
        qty: row.line.pickedQty!,
        batchNo: lot.batchNo,
        expiryDate: lot.expiryDate,
        refType: HAND_BACK_REF,
        refId: row.line.id,
      });
      return { lineId: row.line.id };
    }),
  );
}

/**
 * Rejected lines picked up on an earlier run of this run's route, not yet handed back: what the
 * van carries back to the stores (all of them, or the named lines).
 */
export function pendingHandBacks(
  db: Ctx["db"] | WriteTx,
  ctx: Ctx,
  run: { routeId: string; deliveryDate: string },
  lineIds?: string[],
) {
  const rows = db
    .select({ line: consignmentLines, storeOrgId: consignments.storeOrgId })
    .from(consignmentLines)
    .innerJoin(consignments, eq(consignments.id, consignmentLines.consignmentId))
    .where(
      and(
        eq(consignments.distributorOrgId, ctx.org.id),
        eq(consignments.routeId, run.routeId),
        lt(consignments.pickupDate, run.deliveryDate),
        eq(consignmentLines.result, "rejected"),
        lineIds ? inArray(consignmentLines.id, lineIds) : undefined,
      ),
    )
    .all()
    .filter((r) => (r.line.pickedQty ?? 0) > 0);
  if (rows.length === 0) return [];
  const returned = new Set(
    db
      .select({ refId: stockMovements.refId })
      .from(stockMovements)
      .where(
        and(
          inArray(stockMovements.orgId, [...new Set(rows.map((r) => r.storeOrgId))]),
          eq(stockMovements.refType, HAND_BACK_REF),
          inArray(
            stockMovements.refId,
            rows.map((r) => r.line.id),
          ),
        ),
      )
      .all()
      .map((m) => m.refId),
  );
  return rows.filter((r) => !returned.has(r.line.id));
}
