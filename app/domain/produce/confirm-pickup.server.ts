import { and, eq } from "drizzle-orm";
import { consignmentLines, consignments, organisations, stockLots } from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { Invalid, InvalidTransition, NotFound } from "../errors";
import { findRun } from "../fulfilment/runs.server";
import { once } from "../idempotency.server";
import { applyMovement } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import type { ConfirmPickupInput } from "./fields.server";

/**
 * The return leg: at the store's stop the driver weighs or counts each offered lot, the store
 * signs, and the produce leaves the store's stock (a transfer out of that very lot). Only on
 * the run of the consignment's route and day, while the van is out.
 */
export function confirmPickup(ctx: Ctx, runId: string, input: ConfirmPickupInput): { consignmentId: string } {
  requirePermission(ctx, "consignment.pickup");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.pickup", () => {
      const run = findRun(tx, ctx, runId);
      const consignment = tx
        .select()
        .from(consignments)
        .where(
          and(
            eq(consignments.id, input.consignmentId),
            eq(consignments.distributorOrgId, ctx.org.id),
            eq(consignments.routeId, run.routeId),
            eq(consignments.pickupDate, run.deliveryDate),
          ),
        )
        .get();
      if (!consignment) throw new NotFound("produce.consignmentNotFound");
      if (run.status !== "out_for_delivery") throw new InvalidTransition("produce.runNotOnRoad");
      if (consignment.status !== "offered") throw new InvalidTransition("produce.alreadyPickedUp");
      const lines = tx.select().from(consignmentLines).where(eq(consignmentLines.consignmentId, consignment.id)).all();
      if (
        !sameIds(
          lines.map((l) => l.id),
          input.lines.map((l) => l.lineId),
        )
      )
        throw new Invalid("produce.linesMismatch");
      const storeCtx = storeSide(tx, ctx, consignment.storeOrgId);
      for (const line of lines) {
        const qty = input.lines.find((l) => l.lineId === line.id)!.qty;
        const lot = tx
          .select()
          .from(stockLots)
          .where(and(eq(stockLots.id, line.storeLotId), eq(stockLots.orgId, consignment.storeOrgId)))
          .get()!;
        if (qty > line.offeredQty || qty > lot.onHand)
          throw new Invalid(
            "produce.pickupTooMuch",
            { max: Math.min(line.offeredQty, lot.onHand) },
            { qty: "produce.pickupTooMuch" },
          );
        if (qty > 0)
          applyMovement(tx, storeCtx, {
            productId: line.storeProductId,
            kind: "transfer",
            qty: -qty,
            batchNo: lot.batchNo,
            expiryDate: lot.expiryDate,
            refType: "consignment_line",
            refId: line.id,
          });
        tx.update(consignmentLines).set({ pickedQty: qty }).where(eq(consignmentLines.id, line.id)).run();
      }
      tx.update(consignments)
        .set({ status: "picked_up", signedBy: input.signedBy, pickedUpBy: ctx.actor.id, pickedUpAt: ctx.clock.now() })
        .where(eq(consignments.id, consignment.id))
        .run();
      return { consignmentId: consignment.id };
    }),
  );
}

export function sameIds(a: string[], b: string[]) {
  return a.length === b.length && new Set(b).size === b.length && a.every((id) => b.includes(id));
}

/**
 * The store's side of the pickup, written by the driver in the store's presence: the store's
 * stock ledger is booked under the store's org (the store signed for it), the actor stays the driver.
 */
export function storeSide(tx: WriteTx, ctx: Ctx, storeOrgId: string): Ctx {
  const org = tx.select().from(organisations).where(eq(organisations.id, storeOrgId)).get();
  if (!org) throw new NotFound();
  return { ...ctx, org: { id: org.id, kind: org.kind, name: org.name } };
}
