// The cart lives in the sell form itself ("line.<productId>" = qty), so it survives a page
// without JavaScript: every submit carries it and the server hands it back. Plain module:
// the sell page uses it in the browser too.

export const LINE_PREFIX = "line.";
export const MAX_CART_LINES = 100;
export const MAX_LINE_QTY = 9999;

export type CartLine = { productId: string; qty: number };

const PRODUCT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Lines from form or query entries, merged per product, in the order first seen. Junk is dropped. */
export function cartFromEntries(entries: Iterable<[string, unknown]>): CartLine[] {
  const lines = new Map<string, number>();
  for (const [key, value] of entries) {
    if (!key.startsWith(LINE_PREFIX) || typeof value !== "string") continue;
    const productId = key.slice(LINE_PREFIX.length);
    if (!PRODUCT_ID.test(productId) || !/^\d{1,4}$/.test(value.trim())) continue;
    const qty = Number(value.trim());
    if (qty > 0 && (lines.has(productId) || lines.size < MAX_CART_LINES)) {
      lines.set(productId, Math.min((lines.get(productId) ?? 0) + qty, MAX_LINE_QTY));
    }
  }
  return [...lines].map(([productId, qty]) => ({ productId, qty }));
}

/** Adds `delta` to a product's line (new lines go last); a line that reaches zero goes away. */
export function changeQty(lines: CartLine[], productId: string, delta: number): CartLine[] {
  const found = lines.some((l) => l.productId === productId);
  const next = found
    ? lines.map((l) => (l.productId === productId ? { ...l, qty: l.qty + delta } : l))
    : [...lines, { productId, qty: delta }];
  return next.filter((l) => l.qty > 0).map((l) => ({ ...l, qty: Math.min(l.qty, MAX_LINE_QTY) }));
}

export function cartToParams(lines: CartLine[], params = new URLSearchParams()): URLSearchParams {
  for (const l of lines) params.set(`${LINE_PREFIX}${l.productId}`, String(l.qty));
  return params;
}
