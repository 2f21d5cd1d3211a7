import { and, eq, inArray } from "drizzle-orm";
import { producePurchases, stockLots, storeCertificates } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { shanghaiDate } from "../dates";
import { Invalid, NotFound } from "../errors";
import { once } from "../idempotency.server";
import { newId } from "../ids.server";
import { applyMovement } from "../inventory/ledger.server";
import { requirePermission } from "../permission-check.server";
import { recordLotSource, traceCodeFor } from "../trace/lot-sources.internal.server";

/**
 * Several farmers' lots of the same produce and grade poured together (one sack for the van).
 * The rules ask for a new certificate for a mixed lot: the store issues its own, numbered, kept
 * with the lot beside the farmers' certificates it came from (each source lot is an edge).
 */
export function mixProduceLots(ctx: Ctx, input: { requestId: string; lotId: string[] }) {
  requirePermission(ctx, "produce.certify");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "produce.mix", () => {
      const ids = [...new Set(input.lotId)];
      if (ids.length < 2) throw new Invalid("produce.mixTwo", {}, { lotId: "produce.mixTwo" });
      const lots = tx
        .select({
          lot: stockLots,
          produce: producePurchases.produce,
          grade: producePurchases.grade,
          unit: producePurchases.unit,
        })
        .from(stockLots)
        .innerJoin(
          producePurchases,
          and(eq(producePurchases.lotId, stockLots.id), eq(producePurchases.orgId, ctx.org.id)),
        )
        .where(and(eq(stockLots.orgId, ctx.org.id), inArray(stockLots.id, ids)))
        .all();
      if (lots.length !== ids.length) throw new NotFound("produce.lotNotFound");
      const [first] = lots;
      const same = lots.every(
        (l) =>
          l.produce === first.produce &&
          l.grade === first.grade &&
          l.unit === first.unit &&
          l.lot.productId === first.lot.productId,
      );
      if (!same) throw new Invalid("produce.mixSame", {}, { lotId: "produce.mixSame" });
      if (lots.some((l) => l.lot.onHand <= 0)) throw new Invalid("produce.mixEmpty", {}, { lotId: "produce.mixEmpty" });
      const now = ctx.clock.now();
      const mixId = newId();
      const code = `${shanghaiDate(now).slice(2).replaceAll("-", "")}-${mixId.slice(0, 6).toUpperCase()}`;
      const batchNo = `混-${first.grade}-${code}`;
      let total = 0;
      for (const { lot } of lots) {
        applyMovement(tx, ctx, {
          productId: lot.productId,
          kind: "transfer",
          qty: -lot.onHand,
          batchNo: lot.batchNo,
          expiryDate: lot.expiryDate,
          refType: "produce_mix",
          refId: mixId,
        });
        total += lot.onHand;
      }
      applyMovement(tx, ctx, {
        productId: first.lot.productId,
        kind: "transfer",
        qty: total,
        batchNo,
        refType: "produce_mix",
        refId: mixId,
      });
      const mixed = tx
        .select({ id: stockLots.id })
        .from(stockLots)
        .where(
          and(
            eq(stockLots.orgId, ctx.org.id),
            eq(stockLots.productId, first.lot.productId),
            eq(stockLots.batchNo, batchNo),
          ),
        )
        .get()!;
      for (const { lot } of lots) {
        recordLotSource(
          tx,
          {
            orgId: ctx.org.id,
            lotId: mixed.id,
            sourceKind: "stock_lot",
            sourceOrgId: ctx.org.id,
            sourceId: lot.id,
            qty: lot.onHand,
            refType: "produce_mix",
            refId: mixId,
          },
          now,
        );
      }
      tx.insert(storeCertificates)
        .values({
          id: mixId,
          orgId: ctx.org.id,
          lotId: mixed.id,
          number: code,
          produce: first.produce,
          grade: first.grade,
          unit: first.unit,
          createdAt: now,
        })
        .run();
      traceCodeFor(tx, ctx.org.id, mixed.id, now);
      return { lotId: mixed.id, certificateNumber: code, qty: total };
    }),
  );
}
