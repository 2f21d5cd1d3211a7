import { useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { ActionErrors } from "~/components/forms";
import { parseYuanToFen } from "~/domain/money";
import { TENDERS } from "~/domain/sales/tenders";
import { useT } from "~/i18n/use-t";
import type { SellItem } from "./product-buttons";
import type { Cart } from "./use-cart";

type Props = {
  cart: Cart;
  items: Map<string, SellItem>;
  customers: { id: string; name: string }[];
  errors?: ActionErrors;
  /** Ids of the two forms the controls belong to (the panel sits outside both). */
  cartForm: string;
  checkoutForm: string;
};

/**
 * The bottom sheet a thumb reaches: this sale's lines, the total, the four tenders and the
 * confirm button. A common sale is three taps: a product, a tender, confirm.
 */
export function CheckoutPanel({ cart, items, customers, errors, cartForm, checkoutForm }: Props) {
  const { t, money } = useT();
  const [cash, setCash] = useState(errors?.values?.cashReceived ?? "");
  // A second tap while the first is on its way does nothing here; the sale id covers the rest.
  const busy = useNavigation().state === "submitting";
  // Change due is worked out as the cash is typed, which needs JavaScript; without it the
  // receipt notice after the sale says it.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const lines = cart.lines.flatMap((l) => {
    const item = items.get(l.productId);
    return item ? [{ ...l, item }] : [];
  });
  const totalFen = lines.reduce((sum, l) => sum + l.qty * l.item.priceFen, 0);
  const count = lines.reduce((sum, l) => sum + l.qty, 0);
  const receivedFen = cash.trim() ? parseYuanToFen(cash) : totalFen;
  const fieldError = (...names: string[]) => names.map((n) => errors?.fieldErrors?.[n]).find(Boolean);
  // Whatever the server refused is said here, whichever step the page is showing.
  const problem = fieldError(
    "lines",
    "tender",
    "cashReceived",
    "cashReceivedFen",
    "customerId",
    "customerName",
    "saleId",
  );
  return (
    <section
      aria-label={t("sell.cart")}
      className="sticky bottom-14 z-[5] -mx-3 mt-3 flex flex-col gap-2 rounded-t-2xl border-t border-stone-200 bg-white px-3 pt-2 pb-3 shadow-[0_-4px_12px_rgba(0,0,0,0.08)]"
    >
      {lines.length === 0 ? (
        <p className="py-1 text-center text-sm text-stone-500">{t("sell.cartEmpty")}</p>
      ) : (
        <ul className="max-h-36 divide-y divide-stone-100 overflow-y-auto" data-testid="cart">
          {lines.map((l) => (
            <li key={l.productId} className="flex items-center gap-2 py-1">
              <span className="min-w-0 flex-1 truncate text-sm">{l.item.name}</span>
              <button
                type="submit"
                form={cartForm}
                name="dec"
                value={l.productId}
                aria-label={`${t("sell.less")} ${l.item.name}`}
                onClick={(e) => {
                  e.preventDefault();
                  cart.change(l.productId, -1);
                }}
                className="size-11 shrink-0 rounded-lg bg-stone-100 text-xl leading-none"
              >
                −
              </button>
              <span className="w-7 text-center font-semibold tabular-nums" data-testid="qty">
                {l.qty}
              </span>
              <button
                type="submit"
                form={cartForm}
                name="inc"
                value={l.productId}
                aria-label={`${t("sell.more")} ${l.item.name}`}
                onClick={(e) => {
                  e.preventDefault();
                  cart.change(l.productId, 1);
                }}
                className="size-11 shrink-0 rounded-lg bg-stone-100 text-xl leading-none"
              >
                +
              </button>
              <span className="w-16 shrink-0 text-right text-sm tabular-nums">{money(l.qty * l.item.priceFen)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-center justify-between">
        <span className="text-sm text-stone-600">
          {t("sell.total")} · {t("sell.items", { count })}
          {lines.length > 0 ? (
            <button
              type="submit"
              form={cartForm}
              name="clear"
              value="1"
              className="ml-2 min-h-11 px-2 text-brand-700 underline"
              onClick={(e) => {
                e.preventDefault();
                cart.clear();
              }}
            >
              {t("sell.clear")}
            </button>
          ) : null}
        </span>
        <span className="text-2xl font-bold tabular-nums" data-testid="total">
          {money(totalFen)}
        </span>
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
      <div role="group" aria-label={t("sell.payWith")} className="grid grid-cols-4 gap-2">
        {TENDERS.map((tender) => (
          <button
            key={tender}
            type="submit"
            form={cartForm}
            name="tender"
            value={tender}
            disabled={lines.length === 0}
            aria-pressed={cart.tender === tender}
            onClick={(e) => {
              e.preventDefault();
              cart.choose(tender);
            }}
            className={`min-h-12 rounded-lg text-base font-semibold disabled:opacity-40 ${cart.tender === tender ? "bg-brand-700 text-white" : "bg-stone-100 text-stone-800"}`}
          >
            {t(`tender.${tender}`)}
          </button>
        ))}
      </div>
      {cart.tender && lines.length > 0 ? (
        <>
          {cart.tender === "cash" ? (
            <div className="flex items-end gap-2">
              <label className="flex min-w-0 flex-1 flex-col gap-1 text-xs text-stone-600">
                {t("sell.cashReceived")}
                <input
                  form={checkoutForm}
                  name="cashReceived"
                  inputMode="decimal"
                  autoComplete="off"
                  value={cash}
                  onChange={(e) => setCash(e.target.value)}
                  aria-invalid={fieldError("cashReceived", "cashReceivedFen") ? true : undefined}
                  className="min-h-12 rounded-lg border border-stone-300 px-3 text-base text-stone-900"
                />
              </label>
              {live ? (
                <span className="w-28 shrink-0 pb-2 text-right" data-testid="change" aria-live="polite">
                  <span className="block text-xs text-stone-500">{t("sell.change")}</span>
                  <span className="text-lg font-bold tabular-nums">
                    {receivedFen !== null && receivedFen >= totalFen ? money(receivedFen - totalFen) : "—"}
                  </span>
                </span>
              ) : null}
            </div>
          ) : null}
          {cart.tender === "credit" ? (
            <div className="grid grid-cols-2 gap-2">
              <label className="flex min-w-0 flex-col gap-1 text-xs text-stone-600">
                {t("sell.customer")}
                <select
                  form={checkoutForm}
                  name="customerId"
                  defaultValue={errors?.values?.customerId ?? ""}
                  className="min-h-12 min-w-0 rounded-lg border border-stone-300 bg-white px-2 text-base text-stone-900"
                >
                  <option value="">{t("sell.customerPick")}</option>
                  {customers.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex min-w-0 flex-col gap-1 text-xs text-stone-600">
                {t("sell.customerNew")}
                <input
                  form={checkoutForm}
                  name="customerName"
                  maxLength={40}
                  autoComplete="off"
                  defaultValue={errors?.values?.customerName ?? ""}
                  className="min-h-12 min-w-0 rounded-lg border border-stone-300 px-3 text-base text-stone-900"
                />
              </label>
            </div>
          ) : null}
          <button
            type="submit"
            form={checkoutForm}
            disabled={busy}
            className="min-h-14 w-full rounded-lg bg-brand-700 px-4 text-lg font-bold text-white active:bg-brand-800 disabled:opacity-60"
          >
            {t(cart.tender === "credit" ? "sell.confirmCredit" : "sell.confirm", { total: money(totalFen) })}
          </button>
        </>
      ) : null}
    </section>
  );
}
