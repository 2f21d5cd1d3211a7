import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { products, stockCountLines, stockCounts } from "@db/schema";
import { inTransaction, type Ctx } from "../context.server";
import { Invalid } from "../errors";
import { optionalText, requestIdField } from "../fields.server";
import { newId } from "../ids.server";
import { once } from "../idempotency.server";
import { applyMovement, productForUpdate } from "./ledger.server";
import { requirePermission } from "../permission-check.server";

export const countStockSchema = z.object({
  requestId: requestIdField(),
  note: optionalText(200),
  lines: z
    .array(z.object({ productId: z.string().min(1).max(64), counted: z.number().int().min(0).max(10_000_000) }))
    .max(2000),
});
export type CountStockInput = z.infer<typeof countStockSchema>;

/**
 * A stock count states what is on the shelf; the ledger gets one "count" movement per
 * product whose book figure differs, so the history explains every jump.
 */
export function countStock(ctx: Ctx, input: CountStockInput) {
  requirePermission(ctx, "stock.count");
  if (input.lines.length === 0) throw new Invalid("count.nothing");
  return inTransaction(ctx.db, (tx) =>
    once(tx, ctx, input.requestId, "inventory.count", () => {
      const countId = newId();
      tx.insert(stockCounts)
        .values({ id: countId, orgId: ctx.org.id, actorId: ctx.actor.id, note: input.note, createdAt: ctx.clock.now() })
        .run();
      let diffs = 0;
      for (const line of input.lines) {
        const product = productForUpdate(tx, ctx, line.productId);
        tx.insert(stockCountLines)
          .values({
            id: newId(),
            orgId: ctx.org.id,
            countId,
            productId: product.id,
            expected: product.onHand,
            counted: line.counted,
          })
          .run();
        const delta = line.counted - product.onHand;
        if (delta !== 0) {
          diffs++;
          applyMovement(tx, ctx, {
            productId: product.id,
            kind: "count",
            qty: delta,
            refType: "count",
            refId: countId,
          });
        }
      }
      return { countId, lines: input.lines.length, diffs };
    }),
  );
}

const COUNTED_PREFIX = "counted.";

/**
 * The count form has one input per product, named "counted.<productId>"; empty inputs are
 * products not counted this time. Errors point at the exact input.
 */
export const countStockFormSchema = z
  .object({ requestId: requestIdField(), note: optionalText(200) })
  .catchall(z.unknown())
  .transform((raw, c) => {
    const lines: CountStockInput["lines"] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (!key.startsWith(COUNTED_PREFIX) || typeof value !== "string" || value.trim() === "") continue;
      const v = value.trim();
      const message = /^-\d+$/.test(v)
        ? "validation.nonNegative"
        : !/^\d+$/.test(v)
          ? "validation.integer"
          : Number(v) > 10_000_000
            ? "validation.tooLarge"
            : null;
      if (message) c.addIssue({ code: "custom", message, path: [key] });
      else lines.push({ productId: key.slice(COUNTED_PREFIX.length), counted: Number(v) });
    }
    return { requestId: raw.requestId, note: raw.note, lines };
  });

/** Categories of the org's products, for counting one shelf at a time. */
export function listCategories(ctx: Ctx): string[] {
  return ctx.db
    .selectDistinct({ category: products.category })
    .from(products)
    .where(and(eq(products.orgId, ctx.org.id), ne(products.category, "")))
    .orderBy(asc(products.category))
    .all()
    .map((r) => r.category);
}
