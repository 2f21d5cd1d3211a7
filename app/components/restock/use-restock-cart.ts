import { useState } from "react";
import { cartToParams, changeQty, type CartLine } from "~/domain/sales/cart";

type State = { from: CartLine[]; lines: CartLine[]; typed: Record<string, string> };

/**
 * The restock cart once JavaScript runs: taps and typed pack counts change it in the page.
 * Without JavaScript every tap is a GET of the same form and the server returns the new cart;
 * each new page of loader data starts from that cart again (the same one, as the form carries it).
 */
export function useRestockCart(loaded: CartLine[], typedAtFirst: Record<string, string> = {}) {
  const fresh = (): State => ({ from: loaded, lines: loaded, typed: typedAtFirst });
  const [state, setState] = useState(fresh);
  if (state.from !== loaded) setState(fresh());
  const current = state.from === loaded ? state : fresh();
  return {
    lines: current.lines,
    /** What the pack field shows: the typed text (even "1.5": the submit names what is wrong), else the count. */
    text: (productId: string) =>
      current.typed[productId] ?? String(current.lines.find((l) => l.productId === productId)?.qty ?? ""),
    change: (productId: string, delta: number, min = 1) =>
      setState((s) => {
        const had = s.lines.some((l) => l.productId === productId);
        const next = changeQty(s.lines, productId, delta);
        const { [productId]: _, ...typed } = s.typed;
        // A new line starts at the SKU's minimum order, as the server does for a tapped add.
        return {
          ...s,
          typed,
          lines: had ? next : next.map((l) => (l.productId === productId ? { ...l, qty: Math.max(l.qty, min) } : l)),
        };
      }),
    set: (productId: string, text: string) =>
      setState((s) => {
        const n = /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : null;
        const lines =
          n !== null && n > 0 ? s.lines.map((l) => (l.productId === productId ? { ...l, qty: n } : l)) : s.lines;
        return { ...s, lines, typed: { ...s.typed, [productId]: text } };
      }),
    query: () => cartToParams(current.lines).toString(),
  };
}

export type RestockCart = ReturnType<typeof useRestockCart>;
