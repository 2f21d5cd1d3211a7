import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, Notice, type ActionErrors } from "~/components/forms";
import { CheckoutPanel } from "~/components/sell/checkout-panel";
import { ProductButtons } from "~/components/sell/product-buttons";
import { useCart } from "~/components/sell/use-cart";
import { listCustomerOptions } from "~/domain/credit/customers.server";
import { newId } from "~/domain/ids.server";
import { normaliseBarcode } from "~/domain/inventory/barcode";
import { LINE_PREFIX } from "~/domain/sales/cart";
import { saleReceipt } from "~/domain/sales/get-sale.server";
import { recordSale, recordSaleFormSchema } from "~/domain/sales/record-sale.server";
import { sellScreen } from "~/domain/sales/sell-screen.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "sale.record");
  const params = new URL(request.url).searchParams;
  const done = params.get("done");
  return {
    ...sellScreen(ctx, params),
    // Minted when the page renders and carried in the form: a double tap or a resent POST
    // arrives with the same id and is recorded once.
    saleId: newId(),
    customers: listCustomerOptions(ctx),
    done: done ? saleReceipt(ctx, done) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "sale.record");
  const formData = await request.formData();
  const form = parseForm(formData, recordSaleFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => recordSale(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/sell?done=${result.value.saleId}`);
}

// A refused sale keeps the cart the page holds; reloading would reset it to the URL's.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate;

export default function Sell() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money } = useT();
  const cart = useCart(data);
  const items = new Map(data.items.map((p) => [p.id, p]));
  const shown = (ids: string[]) => ids.flatMap((id) => items.get(id) ?? []);
  const hidden = cart.lines.map((l) => (
    <input key={l.productId} type="hidden" name={`${LINE_PREFIX}${l.productId}`} value={l.qty} />
  ));
  const done = data.done;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("sell.title")}</h1>
        <Link to="/store/sales" className="flex min-h-11 items-center px-1 text-sm text-brand-700 underline">
          {t("nav.sales")}
        </Link>
        <Link to="/store/customers" className="flex min-h-11 items-center px-1 text-sm text-brand-700 underline">
          {t("nav.credit")}
        </Link>
      </div>
      {done ? (
        <Notice>
          {done.tender === "credit"
            ? t("sell.doneCredit", { name: done.customerName ?? "" })
            : t("sell.done", { total: money(done.totalFen) })}
          {done.changeFen ? ` · ${t("sell.doneChange", { change: money(done.changeFen) })}` : ""}
          {" · "}
          <Link to={`/store/sales/${done.id}`} className="inline-flex min-h-11 min-w-11 items-center underline">
            {t("sell.view")}
          </Link>
          {done.oversold ? <span className="mt-1 block text-amber-800">{t("sell.oversold")}</span> : null}
        </Notice>
      ) : null}
      <FormError errors={errors} />
      <Form
        id="cart"
        method="get"
        action="/store/sell"
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          // A scanner types the code and Enter: a product already on the page is added here.
          const input = e.currentTarget.elements.namedItem("q") as HTMLInputElement | null;
          const code = input ? normaliseBarcode(input.value.trim()) : null;
          const hit = code ? data.items.find((p) => p.barcode === code) : undefined;
          if (input && hit) {
            e.preventDefault();
            cart.change(hit.id, 1);
            input.value = "";
          }
        }}
      >
        {hidden}
        {cart.tender ? <input type="hidden" name="tender" value={cart.tender} /> : null}
        <div role="search" className="flex gap-2">
          <label htmlFor="sell-q" className="sr-only">
            {t("sell.searchLabel")}
          </label>
          <input
            key={data.saleId}
            id="sell-q"
            name="q"
            type="search"
            defaultValue={data.q}
            placeholder={t("sell.searchPlaceholder")}
            autoComplete="off"
            enterKeyHint="search"
            autoFocus={Boolean(data.q || data.scanned)}
            className="min-h-12 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3"
          />
          <button type="submit" className="min-h-12 shrink-0 rounded-lg bg-brand-700 px-4 font-semibold text-white">
            {t("action.search")}
          </button>
        </div>
        {data.results ? (
          data.results.length ? (
            <ProductButtons items={shown(data.results)} cart={cart} label={t("sell.results")} />
          ) : (
            <p className="py-4 text-center text-stone-500">{t("sell.noResults", { q: data.q })}</p>
          )
        ) : null}
        <h2 className="text-sm font-medium text-stone-600">{t("sell.quick")}</h2>
        <ProductButtons items={shown(data.grid)} cart={cart} label={t("sell.quick")} />
      </Form>
      <Form id="checkout" method="post" action={`/store/sell?${cart.query()}`} noValidate>
        <input type="hidden" name="saleId" value={data.saleId} />
        {cart.tender ? <input type="hidden" name="tender" value={cart.tender} /> : null}
        {hidden}
      </Form>
      <CheckoutPanel
        key={data.saleId}
        cart={cart}
        items={items}
        customers={data.customers}
        errors={errors}
        cartForm="cart"
        checkoutForm="checkout"
      />
    </div>
  );
}
