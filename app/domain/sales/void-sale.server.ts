import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { sales } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Forbidden, InvalidTransition } from "../errors";
import { optionalText, requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { bookSaleVoid } from "../analysis/rollups.server";
import { linesOf, reverseLines, saleForUpdate, type SaleRow } from "./reversal.server";
import { may, requirePermission } from "../permission-check.server";

/** A clerk may undo their own slip at the counter; anything older is the owner's call. */
export const CLERK_VOID_WINDOW_MS = 15 * 60 * 1000;

export const voidSaleSchema = z.object({ requestId: requestIdField(), reason: optionalText(200) });
export type VoidSaleInput = z.infer<typeof voidSaleSchema>;

export function mayVoid(ctx: Ctx, sale: Pick<SaleRow, "actorId" | "createdAt">): boolean {
  return (
    may(ctx, "sale.voidAny") ||
    (sale.actorId === ctx.actor.id && ctx.clock.now() - sale.createdAt <= CLERK_VOID_WINDOW_MS)
  );
}

/**
 * Undoes what is left of a sale (lines not already returned): stock back into its lots and,
 * on credit, the debt taken off. The sale stays, marked voided: nothing is ever deleted.
 */
export function voidSale(ctx: Ctx, saleId: string, input: VoidSaleInput) {
  requirePermission(ctx, "sale.void");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "sales.void", () => {
      const sale = saleForUpdate(tx, ctx, saleId);
      if (sale.status !== "completed") throw new InvalidTransition("sale.alreadyVoided");
      if (!mayVoid(ctx, sale)) throw new Forbidden("sale.voidOwnerOnly");
      const remaining = linesOf(tx, ctx, sale.id).map((line) => ({ line, qty: line.qty - line.returnedQty }));
      const parts = remaining.filter((p) => p.qty > 0);
      const { reversalId, refundFen } = reverseLines(tx, ctx, sale, "void", parts, input.reason);
      tx.update(sales)
        .set({ status: "voided", voidedAt: ctx.clock.now(), voidedBy: ctx.actor.id })
        .where(and(eq(sales.id, sale.id), eq(sales.orgId, ctx.org.id)))
        .run();
      bookSaleVoid(
        ctx.db,
        ctx.org.id,
        sale,
        remaining.map(({ line, qty }) => ({
          productId: line.productId,
          qty,
          priceFen: line.priceFen,
          costFen: line.costFen,
        })),
      );
      return { saleId: sale.id, reversalId, refundFen };
    }),
  );
}
