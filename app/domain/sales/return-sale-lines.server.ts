import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { saleLines } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid, InvalidTransition, NotFound } from "../errors";
import { optionalText, requestIdField } from "../fields.server";
import { once } from "../idempotency.server";
import { bookSaleReturn } from "../analysis/rollups.server";
import { linesOf, reverseLines, saleForUpdate } from "./reversal.server";
import { requirePermission } from "../permission-check.server";

export const returnSaleLinesSchema = z.object({
  requestId: requestIdField(),
  reason: optionalText(200),
  lines: z
    .array(z.object({ lineId: z.string().min(1).max(64), qty: z.number().int().min(1).max(1_000_000) }))
    .min(1, "sale.returnNothing")
    .max(200),
});
export type ReturnSaleLinesInput = z.infer<typeof returnSaleLinesSchema>;

const RETURN_PREFIX = "return.";

/** The return form has one quantity input per line, "return.<lineId>"; blanks and zeros are skipped. */
export const returnSaleLinesFormSchema = z
  .object({ requestId: z.unknown().optional(), reason: z.unknown().optional() })
  .catchall(z.unknown())
  .transform((raw, c): unknown => {
    const lines: { lineId: string; qty: number }[] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (!key.startsWith(RETURN_PREFIX) || typeof value !== "string" || value.trim() === "" || value.trim() === "0")
        continue;
      if (!/^\d{1,6}$/.test(value.trim())) c.addIssue({ code: "custom", message: "validation.integer", path: [key] });
      else lines.push({ lineId: key.slice(RETURN_PREFIX.length), qty: Number(value.trim()) });
    }
    return { requestId: raw.requestId, reason: raw.reason, lines };
  })
  .pipe(returnSaleLinesSchema);

/**
 * A customer brings back part of a sale: per line, never more than was sold less what came
 * back before. Money goes back the way it came (off the account for a credit sale).
 */
export function returnSaleLines(ctx: Ctx, saleId: string, input: ReturnSaleLinesInput) {
  requirePermission(ctx, "sale.return");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "sales.return", () => {
      const sale = saleForUpdate(tx, ctx, saleId);
      if (sale.status !== "completed") throw new InvalidTransition("sale.voidedNoReturn");
      const lines = new Map(linesOf(tx, ctx, sale.id).map((l) => [l.id, l]));
      const wanted = new Map<string, number>();
      for (const l of input.lines) wanted.set(l.lineId, (wanted.get(l.lineId) ?? 0) + l.qty);
      const parts = [...wanted].map(([lineId, qty]) => {
        const line = lines.get(lineId);
        if (!line) throw new NotFound("sale.notFound");
        const max = line.qty - line.returnedQty;
        if (qty > max)
          throw new Invalid("sale.returnTooMany", { max }, { [`${RETURN_PREFIX}${lineId}`]: "sale.returnTooMany" });
        return { line, qty };
      });
      for (const { line, qty } of parts) {
        tx.update(saleLines)
          .set({ returnedQty: sql`${saleLines.returnedQty} + ${qty}` })
          .where(and(eq(saleLines.id, line.id), eq(saleLines.orgId, ctx.org.id)))
          .run();
      }
      const { reversalId, refundFen } = reverseLines(tx, ctx, sale, "return", parts, input.reason);
      bookSaleReturn(
        ctx.db,
        ctx.org.id,
        sale.createdAt,
        parts.map(({ line, qty }) => ({
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
