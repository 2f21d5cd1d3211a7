import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSearchParams,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useMemo } from "react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, Notice, type ActionErrors } from "~/components/forms";
import { CartPanel } from "~/components/restock/cart-panel";
import { CatalogList } from "~/components/restock/catalog-list";
import { useDay } from "~/components/restock/use-day";
import { useRestockCart } from "~/components/restock/use-restock-cart";
import { newId } from "~/domain/ids.server";
import { restockScreen } from "~/domain/restock/restock-screen.server";
import { submitOrder, submitOrderFormSchema } from "~/domain/restock/submit-order.server";
import { LINE_PREFIX } from "~/domain/sales/cart";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-office";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "restock.view");
  const screen = await load(ctx.locale, () => restockScreen(ctx, new URL(request.url).searchParams));
  // Minted per render and carried by the form: a resent submit finds the order it made.
  return { ...screen, requestId: newId(), now: ctx.clock.now() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "order.submit");
  const formData = await request.formData();
  const form = parseForm(formData, submitOrderFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => submitOrder(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/restock/orders/${result.value.orderId}?submitted=1`);
}

// A refused order keeps the cart the page holds; reloading would reset it to the URL's.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus !== undefined && actionStatus >= 400 ? false : defaultShouldRevalidate;

function sentCart(values: Record<string, string>) {
  const typed = Object.fromEntries(
    Object.entries(values).flatMap(([k, v]) => (k.startsWith(LINE_PREFIX) ? [[k.slice(LINE_PREFIX.length), v]] : [])),
  );
  return {
    lines: Object.entries(typed).map(([productId, v]) => ({
      productId,
      qty: /^\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : 0,
    })),
    typed,
  };
}

export default function Restock() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money, dateTime } = useT();
  const day = useDay();
  // A cart opened from the restock suggestions says so on the order (source "suggestion").
  const [searchParams] = useSearchParams();
  // After a refused submit, the cart is what was sent (typed counts included, so the line the
  // error names is still there to fix), not what the URL held.
  const sent = useMemo(() => (errors?.values ? sentCart(errors.values) : null), [errors]);
  const cart = useRestockCart(sent?.lines.length ? sent.lines : data.lines, sent?.typed);
  const header = (
    <div className="flex items-center gap-3">
      <h1 className="flex-1 text-xl font-bold">{t("restock.title")}</h1>
      <Link
        to="/store/restock/suggestions"
        className="flex min-h-11 items-center px-1 text-sm text-brand-700 underline"
      >
        {t("suggestions.link")}
      </Link>
      <Link to="/store/restock/orders" className="flex min-h-11 items-center px-1 text-sm text-brand-700 underline">
        {t("restock.orders")}
      </Link>
      <Link to="/store/restock/account" className="flex min-h-11 items-center px-1 text-sm text-brand-700 underline">
        {t("restock.account")}
      </Link>
    </div>
  );
  if (!data.catalog) {
    return (
      <div className="flex flex-col gap-3">
        {header}
        {data.distributors.length === 0 ? (
          <>
            <p className="text-stone-600">{t("restock.noLinks")}</p>
            <Link
              to="/store/suppliers"
              className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 font-semibold text-white"
            >
              {t("restock.toSuppliers")}
            </Link>
          </>
        ) : (
          <nav aria-label={t("restock.pickDistributor")} className="flex flex-col gap-2">
            <h2 className="text-sm font-medium text-stone-600">{t("restock.pickDistributor")}</h2>
            {data.distributors.map((d) => (
              <Link
                key={d.id}
                to={`/store/restock?d=${d.id}`}
                className="flex min-h-12 items-center rounded-lg bg-white px-3 shadow-sm"
              >
                {d.name}
              </Link>
            ))}
          </nav>
        )}
      </div>
    );
  }
  const { catalog } = data;
  const items = new Map([...catalog.items, ...data.items].map((i) => [i.productId, i]));
  const next = catalog.next;
  return (
    <div className="flex flex-col gap-3">
      {header}
      <p className="text-sm text-stone-600">
        {catalog.distributor.name}
        {data.distributors.length > 1 ? (
          <Link to="/store/restock?pick=1" className="ml-2 text-brand-700 underline">
            {t("restock.pickDistributor")}
          </Link>
        ) : null}
        {" · "}
        {catalog.link.paymentTerms === "account"
          ? t("restock.terms.account", { limit: money(catalog.link.creditLimitFen) })
          : t("restock.terms.cod")}
      </p>
      {next ? (
        <div className="rounded-lg bg-white p-3 text-sm shadow-sm" data-testid="next-delivery">
          <span className="block font-semibold">{t("restock.nextDelivery", { date: day(next.deliveryDate) })}</span>
          <span className="block text-stone-600">{t("restock.cutoff", { time: dateTime(next.cutoffAt) })}</span>
          {data.missed ? (
            <span role="alert" className="mt-1 block rounded bg-amber-50 p-2 text-amber-900" data-testid="after-cutoff">
              {t("restock.afterCutoff", {
                missed: day(data.missed.deliveryDate),
                cutoff: dateTime(data.missed.cutoffAt),
                date: day(next.deliveryDate),
              })}
            </span>
          ) : null}
        </div>
      ) : (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          {t("restock.noDelivery")}
        </p>
      )}
      {data.repeated ? (
        <Notice>
          {t("restock.repeated")}
          {data.repeated.dropped.length ? (
            <span className="mt-1 block text-amber-800">
              {t("restock.dropped", { names: data.repeated.dropped.join("、") })}
            </span>
          ) : null}
        </Notice>
      ) : null}
      <FormError errors={errors} />
      {errors?.code === "restock.creditLimit" ? (
        <Link
          to={`/store/restock/account?d=${catalog.distributor.id}`}
          className="flex min-h-12 items-center justify-center rounded-lg border border-brand-700 font-semibold text-brand-700"
          data-testid="settle-account"
        >
          {t("accounts.creditLimit.settle")}
        </Link>
      ) : null}
      <Form
        method="post"
        action={`/store/restock?d=${catalog.distributor.id}&${cart.query()}`}
        noValidate
        className="flex flex-col gap-3"
      >
        <input type="hidden" name="d" value={catalog.distributor.id} />
        <input type="hidden" name="distributorOrgId" value={catalog.distributor.id} />
        <input type="hidden" name="requestId" value={data.requestId} />
        {next ? <input type="hidden" name="deliveryDate" value={next.deliveryDate} /> : null}
        {data.repeated ? <input type="hidden" name="source" value="repeat" /> : null}
        {!data.repeated && searchParams.get("source") === "suggestion" ? (
          <input type="hidden" name="source" value="suggestion" />
        ) : null}
        <div role="search" className="flex gap-2">
          <label htmlFor="restock-q" className="sr-only">
            {t("restock.searchLabel")}
          </label>
          <input
            key={data.requestId}
            id="restock-q"
            name="q"
            type="search"
            defaultValue={data.q}
            placeholder={t("restock.searchPlaceholder")}
            autoComplete="off"
            enterKeyHint="search"
            autoFocus={Boolean(data.q || data.scanned)}
            className="min-h-12 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3"
          />
          <button
            type="submit"
            formMethod="get"
            className="min-h-12 shrink-0 rounded-lg bg-brand-700 px-4 font-semibold text-white"
          >
            {t("action.search")}
          </button>
        </div>
        {catalog.items.length ? (
          <CatalogList items={catalog.items} cart={cart} />
        ) : (
          <p className="py-4 text-center text-stone-500">{t("restock.noResults", { q: data.q })}</p>
        )}
        {catalog.total > catalog.items.length ? (
          <p className="text-center text-xs text-stone-500">{t("restock.moreItems", { total: catalog.total })}</p>
        ) : null}
        <label className="flex flex-col gap-1 text-sm text-stone-700">
          {t("restock.note")}
          <input
            name="note"
            maxLength={200}
            defaultValue={errors?.values?.note ?? ""}
            className="min-h-12 rounded-lg border border-stone-300 bg-white px-3"
          />
        </label>
        <CartPanel
          cart={cart}
          items={items}
          errors={errors}
          submitLabel={(total) =>
            next
              ? `${t("restock.submit", { total: money(total) })} · ${day(next.deliveryDate)}`
              : t("restock.submit", { total: money(total) })
          }
        />
      </Form>
    </div>
  );
}
