import { and, eq } from "drizzle-orm";
import {
  lotSources,
  products,
  quarantinedLots,
  recallLots,
  recalls,
  stockLots,
  supplierBatches,
  suppliers,
} from "@db/schema";
import { inTransaction, type Ctx, type WriteTx } from "../context.server";
import { NotFound } from "../errors";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { requirePermission } from "../permission-check.server";
import type { FlagRecallInput } from "./fields.server";
import { log } from "./events.internal.server";
import { lotsReachedFrom } from "./reach.internal.server";

type Source = { kind: "supplier_batch" | "stock_lot"; id: string };

/**
 * Flags a supplier batch or a stock lot (decision 041): every lot reached from it down the lot
 * graph is listed with its holder; store and warehouse lots are quarantined at once (a drill
 * quarantines nothing). Who and why are logged. Safe to retry under the same request id.
 */
export function flagRecall(ctx: Ctx, input: FlagRecallInput): { recallId: string; stores: number; lots: number } {
  requirePermission(ctx, "recall.flag");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, `recall:${input.requestId}`, "recall.flag", () => {
      const label = labelOfVisibleSource(tx, ctx, input.source);
      const now = ctx.clock.now();
      const recallId = newId();
      const kind = input.drill ? "drill" : "recall";
      tx.insert(recalls)
        .values({
          id: recallId,
          orgId: ctx.org.id,
          kind,
          sourceKind: input.source.kind,
          sourceId: input.source.id,
          sourceLabel: label,
          reason: input.reason,
          returnNote: input.returnNote ?? "",
          createdBy: ctx.actor.id,
          createdAt: now,
        })
        .run();
      log(tx, ctx, recallId, "flag", input.reason, now);
      const reached = lotsReachedFrom(tx, input.source);
      const stores = new Set<string>();
      for (const lot of reached) {
        tx.insert(recallLots)
          .values({
            id: newId(),
            recallId,
            orgId: lot.orgId,
            lotId: lot.lotId,
            productId: lot.productId,
            received: lot.received,
            createdAt: now,
          })
          .run();
        if (lot.orgKind === "store") stores.add(lot.orgId);
        // A drill blocks nothing. A recall keeps every lot it reached apart: a store's shelf and the
        // distributor's warehouse alike, so recalled stock neither sells nor ships (decision 046).
        if (kind === "drill") continue;
        const put = tx
          .insert(quarantinedLots)
          .values({ lotId: lot.lotId, orgId: lot.orgId, productId: lot.productId, recallId, createdAt: now })
          .onConflictDoNothing()
          .run();
        if (put.changes > 0) {
          const held = tx.select({ onHand: stockLots.onHand }).from(stockLots).where(eq(stockLots.id, lot.lotId)).get();
          log(tx, ctx, recallId, "quarantine", input.reason, now, {
            lotId: lot.lotId,
            qty: held?.onHand ?? 0,
            orgId: lot.orgId,
          });
        }
      }
      return { recallId, stores: stores.size, lots: reached.length };
    }),
  );
}

/** What the flag names, if this organisation may flag it; else NotFound (another's batch or lot). */
function labelOfVisibleSource(tx: WriteTx, ctx: Ctx, source: Source): string {
  if (source.kind === "stock_lot") {
    const lot = tx
      .select({ name: products.name, batchNo: stockLots.batchNo, expiryDate: stockLots.expiryDate })
      .from(stockLots)
      .innerJoin(products, eq(products.id, stockLots.productId))
      .where(and(eq(stockLots.id, source.id), eq(stockLots.orgId, ctx.org.id)))
      .get();
    if (!lot) throw new NotFound("recall.sourceNotFound");
    return [lot.name, lot.batchNo, lot.expiryDate].filter(Boolean).join(" · ");
  }
  const batch = tx
    .select({ orgId: supplierBatches.orgId, batchNo: supplierBatches.batchNo, supplier: suppliers.name })
    .from(supplierBatches)
    .innerJoin(suppliers, eq(suppliers.id, supplierBatches.supplierId))
    .where(eq(supplierBatches.id, source.id))
    .get();
  // The alliance that recorded the batch, or a distributor whose warehouse received it.
  const received =
    batch && batch.orgId !== ctx.org.id
      ? tx
          .select({ id: lotSources.id })
          .from(lotSources)
          .where(
            and(
              eq(lotSources.sourceKind, "supplier_batch"),
              eq(lotSources.sourceId, source.id),
              eq(lotSources.orgId, ctx.org.id),
            ),
          )
          .get()
      : undefined;
  if (!batch || (batch.orgId !== ctx.org.id && !received)) throw new NotFound("recall.sourceNotFound");
  return `${batch.supplier} · ${batch.batchNo}`;
}
