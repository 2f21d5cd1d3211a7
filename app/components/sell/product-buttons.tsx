import type { Cart } from "./use-cart";
import { useT } from "~/i18n/use-t";

export type SellItem = { id: string; name: string; priceFen: number; onHand: number; baseUnit: string };

/**
 * Big tap targets for the quick grid and search results. Without JavaScript each one submits
 * the cart form with add=<id>; with it, the tap only changes the cart in the page.
 */
export function ProductButtons({ items, cart, label }: { items: SellItem[]; cart: Cart; label: string }) {
  const { t, money, number } = useT();
  const inCart = new Map(cart.lines.map((l) => [l.productId, l.qty]));
  return (
    <ul aria-label={label} className="grid grid-cols-2 gap-2">
      {items.map((p) => (
        <li key={p.id}>
          <button
            type="submit"
            name="add"
            value={p.id}
            onClick={(e) => {
              e.preventDefault();
              cart.change(p.id, 1);
            }}
            className={`relative flex min-h-16 w-full flex-col items-start justify-between rounded-xl bg-white p-2 text-left shadow-sm active:bg-brand-50 ${inCart.has(p.id) ? "ring-2 ring-brand-600" : ""}`}
          >
            <span className="line-clamp-2 text-sm leading-tight font-medium">{p.name}</span>
            <span className="flex w-full items-baseline justify-between gap-1">
              <span className="font-semibold tabular-nums">{money(p.priceFen)}</span>
              <span className={`text-xs tabular-nums ${p.onHand <= 0 ? "text-red-700" : "text-stone-500"}`}>
                {t("sell.stock", { qty: `${number(p.onHand)}${p.baseUnit}` })}
              </span>
            </span>
            {inCart.has(p.id) ? (
              <span className="absolute -top-1.5 -right-1.5 min-w-6 rounded-full bg-brand-700 px-1.5 text-center text-sm font-bold text-white">
                {inCart.get(p.id)}
              </span>
            ) : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
