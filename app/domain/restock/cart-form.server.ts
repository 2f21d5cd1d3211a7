import type { z } from "zod";
import { LINE_PREFIX } from "../sales/cart";

export const MAX_ORDER_LINES = 100;
export const MAX_PACKS = 9999;
export const PRICE_PREFIX = "price.";

const SKU_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Cart lines from the submitted form. Unlike the sell page's lenient reader (which drops junk
 * while the cart is being built), the submit is strict: a pack count that is not a whole number
 * of at least one is named back to the user on its own line, and nothing is ordered.
 */
export function linesFromForm(raw: Record<string, unknown>, c: z.RefinementCtx) {
  const lines: { productId: string; packs: number; priceFen: number | undefined }[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith(LINE_PREFIX)) continue;
    const productId = key.slice(LINE_PREFIX.length);
    const packs = typeof value === "string" ? value.trim() : "";
    if (!SKU_ID.test(productId)) {
      c.addIssue({ code: "custom", message: "restock.skuUnknown", path: [key] });
    } else if (!/^\d{1,9}$/.test(packs) || Number(packs) < 1) {
      c.addIssue({ code: "custom", message: "restock.packsWhole", path: [key] });
    } else {
      const price = raw[`${PRICE_PREFIX}${productId}`];
      const priceFen = typeof price === "string" && /^\d{1,9}$/.test(price.trim()) ? Number(price.trim()) : undefined;
      lines.push({ productId, packs: Number(packs), priceFen });
    }
  }
  return lines;
}
