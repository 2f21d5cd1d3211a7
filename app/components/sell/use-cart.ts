import { useState } from "react";
import { cartToParams, changeQty, type CartLine } from "~/domain/sales/cart";
import type { Tender } from "~/domain/sales/tenders";

type Loaded = { lines: CartLine[]; tender: Tender | null; saleId: string };

/**
 * The cart as the browser holds it once JavaScript runs: taps change it at once, without a
 * round trip. Each new page of loader data (a search, a finished sale) starts from the
 * server's cart again, which is the same cart, since every submit carries it.
 */
export function useCart(loaded: Loaded) {
  const [state, setState] = useState({ from: loaded, lines: loaded.lines, tender: loaded.tender });
  if (state.from !== loaded) setState({ from: loaded, lines: loaded.lines, tender: loaded.tender });
  const current = state.from === loaded ? state : { from: loaded, lines: loaded.lines, tender: loaded.tender };
  return {
    lines: current.lines,
    tender: current.tender,
    change: (productId: string, delta: number) =>
      setState((s) => ({ ...s, lines: changeQty(s.lines, productId, delta) })),
    clear: () => setState((s) => ({ ...s, lines: [], tender: null })),
    choose: (tender: Tender) => setState((s) => ({ ...s, tender })),
    /** The query that re-renders this cart on the server (no-JS pages and failed submits). */
    query: () => {
      const params = cartToParams(current.lines);
      if (current.tender) params.set("tender", current.tender);
      return params.toString();
    },
  };
}

export type Cart = ReturnType<typeof useCart>;
