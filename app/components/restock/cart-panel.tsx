import { useNavigation } from "@remix-run/react";
import type { ActionErrors } from "~/components/forms";
import { LINE_PREFIX } from "~/domain/sales/cart";
import { useT } from "~/i18n/use-t";
import type { CatalogItem } from "./catalog-list";
import type { RestockCart } from "./use-restock-cart";

type Props = {
  cart: RestockCart;
  items: Map<string, CatalogItem>;
  errors?: ActionErrors;
  submitLabel: (totalFen: number) => string;
};

/**
 * The order being built, at the bottom where a thumb reaches: pack counts (typed, or − / +),
 * the total and the submit. The pack fields and prices are the form's own fields, so the
 * submit sends exactly what is shown.
 */
export function CartPanel({ cart, items, errors, submitLabel }: Props) {
  const { t, money } = useT();
  const busy = useNavigation().state === "submitting";
  const lines = cart.lines.flatMap((l) => {
    const item = items.get(l.productId);
    return item ? [{ ...l, item }] : [];
  });
  const totalFen = lines.reduce((n, l) => n + l.qty * l.item.casePriceFen, 0);
  return (
    <section
      aria-label={t("restock.cart")}
      className="sticky bottom-14 z-[5] -mx-3 flex flex-col gap-2 rounded-t-2xl border-t border-stone-200 bg-white px-3 pt-2 pb-3 shadow-[0_-4px_12px_rgba(0,0,0,0.08)]"
    >
      {lines.length === 0 ? (
        <p className="py-1 text-center text-sm text-stone-500">{t("restock.cartEmpty")}</p>
      ) : (
        <ul className="max-h-48 divide-y divide-stone-100 overflow-y-auto" data-testid="cart">
          {lines.map((l) => {
            const name = `${LINE_PREFIX}${l.productId}`;
            const error = errors?.fieldErrors?.[name];
            return (
              <li key={l.productId} className="py-1">
                <span className="flex items-center gap-1.5">
                  <span className="min-w-0 flex-1 truncate text-sm">{l.item.name}</span>
                  <button
                    type="submit"
                    formMethod="get"
                    name="dec"
                    value={l.productId}
                    aria-label={`${t("restock.less")} ${l.item.name}`}
                    onClick={(e) => {
                      e.preventDefault();
                      cart.change(l.productId, -1);
                    }}
                    className="size-11 shrink-0 rounded-lg bg-stone-100 text-xl leading-none"
                  >
                    −
                  </button>
                  <input
                    name={name}
                    inputMode="numeric"
                    autoComplete="off"
                    aria-label={`${t("restock.packs")} ${l.item.name}`}
                    value={cart.text(l.productId)}
                    onChange={(e) => cart.set(l.productId, e.target.value)}
                    aria-invalid={error ? true : undefined}
                    className={`h-11 w-12 shrink-0 rounded-lg border text-center font-semibold tabular-nums ${error ? "border-red-600 bg-red-50" : "border-stone-300"}`}
                  />
                  <button
                    type="submit"
                    formMethod="get"
                    name="inc"
                    value={l.productId}
                    aria-label={`${t("restock.more")} ${l.item.name}`}
                    onClick={(e) => {
                      e.preventDefault();
                      cart.change(l.productId, 1);
                    }}
                    className="size-11 shrink-0 rounded-lg bg-stone-100 text-xl leading-none"
                  >
                    +
                  </button>
                  <span className="w-16 shrink-0 text-right text-sm tabular-nums">
                    {money(l.qty * l.item.casePriceFen)}
                  </span>
                </span>
                <input type="hidden" name={`price.${l.productId}`} value={l.item.casePriceFen} />
                {error ? (
                  <span role="alert" className="block text-xs text-red-700">
                    {error}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <div className="flex items-center justify-between">
        <span className="text-sm text-stone-600">
          {t("restock.total")}
          {lines.length > 0 ? (
            <button type="submit" formMethod="get" className="ml-2 min-h-11 px-2 text-sm text-brand-700 underline">
              {t("restock.update")}
            </button>
          ) : null}
        </span>
        <span className="text-2xl font-bold tabular-nums" data-testid="total">
          {money(totalFen)}
        </span>
      </div>
      <button
        type="submit"
        disabled={busy || lines.length === 0}
        className="min-h-14 w-full rounded-lg bg-brand-700 px-4 text-lg font-bold text-white active:bg-brand-800 disabled:opacity-50"
      >
        {submitLabel(totalFen)}
      </button>
    </section>
  );
}
