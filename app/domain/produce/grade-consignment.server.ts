import { and, eq } from "drizzle-orm";
import { accountEntries, buyingListLines, consignmentLines, consignments, stockLots } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid, InvalidTransition, NotFound } from "../errors";
import { once } from "../idempotency.server";
import { newId } from "../ids.server";
import { applyMovement } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import { recordLotSource, traceCodeFor } from "../trace/lot-sources.internal.server";
import { lineAmountFen } from "./amounts";
import { sameIds } from "./confirm-pickup.server";
import type { GradeConsignmentInput } from "./fields.server";

/**
 * The warehouse grades what came up: each lot accepted at the list's price, downgraded to a
 * lower grade at a new (lower) price, or rejected with a reason (it goes back on the next run).
 * What is taken becomes a warehouse lot fed by the store's lot, and the store's account with the
 * distributor is credited with the sum, each line rounded to the fen once, in one write.
 */
export function gradeConsignment(ctx: Ctx, consignmentId: string, input: GradeConsignmentInput) {
  requirePermission(ctx, "consignment.grade");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.grade", () => {
      const consignment = tx
        .select()
        .from(consignments)
        .where(and(eq(consignments.id, consignmentId), eq(consignments.distributorOrgId, ctx.org.id)))
        .get();
      if (!consignment) throw new NotFound("produce.consignmentNotFound");
      if (consignment.status !== "picked_up") throw new InvalidTransition("produce.notPickedUp");
      const lines = tx
        .select({ line: consignmentLines, listLine: buyingListLines })
        .from(consignmentLines)
        .innerJoin(buyingListLines, eq(buyingListLines.id, consignmentLines.listLineId))
        .where(eq(consignmentLines.consignmentId, consignment.id))
        .all();
      if (
        !sameIds(
          lines.map((l) => l.line.id),
          input.lines.map((l) => l.lineId),
        )
      )
        throw new Invalid("produce.linesMismatch");
      const now = ctx.clock.now();
      let totalFen = 0;
      for (const { line, listLine } of lines) {
        const grade = input.lines.find((l) => l.lineId === line.id)!;
        const picked = line.pickedQty ?? 0;
        if (grade.result === "downgraded" && (grade.priceFen ?? 0) >= listLine.priceFen)
          throw new Invalid("produce.downgradeHigher", {}, { price: "produce.downgradeHigher" });
        const priceFen =
          grade.result === "accepted" ? listLine.priceFen : grade.result === "downgraded" ? grade.priceFen! : 0;
        const amountFen = grade.result === "rejected" ? 0 : lineAmountFen(listLine.unit, picked, priceFen);
        let warehouseLotId: string | null = null;
        if (grade.result !== "rejected" && picked > 0) {
          const batchNo = `${grade.newGrade ?? listLine.grade}-${line.id.slice(0, 6).toUpperCase()}`;
          applyMovement(tx, ctx, {
            productId: listLine.productId,
            kind: "receipt",
            qty: picked,
            unitCostFen: Math.round(amountFen / picked),
            batchNo,
            refType: "consignment_line",
            refId: line.id,
          });
          warehouseLotId = tx
            .select({ id: stockLots.id })
            .from(stockLots)
            .where(
              and(
                eq(stockLots.orgId, ctx.org.id),
                eq(stockLots.productId, listLine.productId),
                eq(stockLots.batchNo, batchNo),
              ),
            )
            .get()!.id;
          recordLotSource(
            tx,
            {
              orgId: ctx.org.id,
              lotId: warehouseLotId,
              sourceKind: "stock_lot",
              sourceOrgId: consignment.storeOrgId,
              sourceId: line.storeLotId,
              qty: picked,
              refType: "consignment_line",
              refId: line.id,
            },
            now,
          );
          traceCodeFor(tx, ctx.org.id, warehouseLotId, now);
        }
        tx.update(consignmentLines)
          .set({
            result: grade.result,
            gradedPriceFen: grade.result === "rejected" ? null : priceFen,
            newGrade: grade.newGrade,
            amountFen,
            rejectReason: grade.reason,
            warehouseLotId,
          })
          .where(eq(consignmentLines.id, line.id))
          .run();
        totalFen += amountFen;
      }
      let accountEntryId: string | null = null;
      if (totalFen > 0) {
        accountEntryId = newId();
        // The distributor bought the store's produce: what the store owes it goes down.
        tx.insert(accountEntries)
          .values({
            id: accountEntryId,
            distributorOrgId: ctx.org.id,
            storeOrgId: consignment.storeOrgId,
            kind: "produce",
            amountFen: -totalFen,
            note: `农产品收购 ${consignment.pickupDate}`,
            actorId: ctx.actor.id,
            createdAt: now,
          })
          .run();
      }
      tx.update(consignments)
        .set({ status: "graded", gradedAt: now, settledFen: totalFen, accountEntryId })
        .where(eq(consignments.id, consignment.id))
        .run();
      return { consignmentId: consignment.id, settledFen: totalFen };
    }),
  );
}
