import type { RestockCart } from "./use-restock-cart";
import { useT } from "~/i18n/use-t";

export type CatalogItem = {
  productId: string;
  name: string;
  packUnit: string | null;
  packSize: number;
  baseUnit: string;
  casePriceFen: number;
  minOrderPacks: number;
  availablePacks: number;
};

/**
 * The distributor's catalog at this store's price. Without JavaScript "add" submits the cart
 * form as a GET (add=<sku>); with it, the tap only changes the cart in the page.
 */
export function CatalogList({ items, cart }: { items: CatalogItem[]; cart: RestockCart }) {
  const { t, money } = useT();
  const inCart = new Map(cart.lines.map((l) => [l.productId, l.qty]));
  return (
    <ul className="flex flex-col divide-y divide-stone-100 rounded-xl bg-white shadow-sm" data-testid="catalog">
      {items.map((item) => {
        const unit = item.packUnit || "件";
        const soldOut = item.availablePacks < Math.max(item.minOrderPacks, 1);
        return (
          <li key={item.productId} className="flex items-center gap-2 p-2">
            <span className="min-w-0 flex-1">
              <span className="line-clamp-2 text-sm leading-tight font-medium">{item.name}</span>
              <span className="block text-xs text-stone-500">
                <span className="font-semibold text-stone-900 tabular-nums">{money(item.casePriceFen)}</span>
                {t("restock.perPack", { unit })} · {item.packSize}
                {item.baseUnit}
                {item.minOrderPacks > 1 ? ` · ${t("restock.min", { min: item.minOrderPacks, unit })}` : ""}
              </span>
              <span className={`block text-xs ${soldOut ? "text-red-700" : "text-stone-500"}`}>
                {soldOut ? t("restock.soldOut") : t("restock.available", { packs: item.availablePacks, unit })}
              </span>
            </span>
            {inCart.has(item.productId) ? (
              <span
                className="min-w-8 rounded-full bg-brand-700 px-2 text-center text-sm font-bold text-white"
                aria-label={t("restock.packs")}
              >
                {inCart.get(item.productId)}
              </span>
            ) : null}
            <button
              type="submit"
              formMethod="get"
              name="add"
              value={item.productId}
              disabled={soldOut}
              onClick={(e) => {
                e.preventDefault();
                cart.change(item.productId, 1, item.minOrderPacks);
              }}
              className="min-h-11 shrink-0 rounded-lg bg-brand-50 px-3 text-sm font-semibold text-brand-800 disabled:opacity-40"
            >
              {t("restock.add")}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
