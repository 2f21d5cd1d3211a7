import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useRevalidator,
  type ClientLoaderFunctionArgs,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useEffect, useState } from "react";
import { CameraScanLater } from "~/components/camera-scan-later";
import type { ActionErrors } from "~/components/forms";
import { FormError, Notice } from "~/components/notices";
import { CheckoutPanel } from "~/components/sell/checkout-panel";
import { ProductButtons } from "~/components/sell/product-buttons";
import { useCart } from "~/components/sell/use-cart";
import { normaliseBarcode } from "~/domain/inventory/barcode";
import { LINE_PREFIX } from "~/domain/sales/cart";
import {
  attempt,
  cartSale,
  isOfflineShell,
  listCustomerOptions,
  offlineWarnHours,
  parseForm,
  recordSale,
  recordSaleFormSchema,
  redirect,
  requireOrgContext,
  saleReceipt,
  sellScreen,
} from "~/http/sell-page.server";
import { useT } from "~/i18n/use-t";
import type { OfflineKey } from "~/offline/types";
import { clientSaleId, useOffline } from "~/offline/use-offline";

/** The sell screen with no one's data: the offline shell, filled in the browser (decision 032). */
const SHELL: SellPage = {
  lines: [],
  items: [],
  grid: [],
  results: null,
  q: "",
  scanned: null,
  tender: null,
  saleId: "",
  customers: [],
  done: null,
  offline: null,
  shell: true,
};

type SellPage = ReturnType<typeof sellScreen> & {
  saleId: string;
  customers: { id: string; name: string }[];
  done: ReturnType<typeof saleReceipt>;
  offline: OfflineKey | null;
  shell: boolean;
};

export async function loader({ request }: LoaderFunctionArgs): Promise<SellPage> {
  if (isOfflineShell(request)) return SHELL;
  const ctx = await requireOrgContext(request, "sale.record");
  const params = new URL(request.url).searchParams;
  const done = params.get("done");
  // The sale id travels with the cart (the URL's "sale"): a cart already recorded is its receipt.
  const cart = cartSale(ctx, params.get("sale"));
  if (cart.recorded) throw redirect(`/store/sell?done=${cart.saleId}`);
  // A cart arriving without its id (a link, an old bookmark) gets one in its URL, so that the
  // history entry Back returns to names this sale.
  if (!cart.asked && [...params.keys()].some((k) => k.startsWith(LINE_PREFIX))) {
    params.set("sale", cart.saleId);
    throw redirect(`/store/sell?${params}`);
  }
  return {
    ...sellScreen(ctx, params),
    saleId: cart.saleId,
    customers: listCustomerOptions(ctx),
    done: done ? saleReceipt(ctx, done) : null,
    // Whose copy the phone keeps for selling offline: this person in this store.
    offline: { userId: ctx.actor.id, storeId: ctx.org.id, storeName: ctx.org.name, warnHours: offlineWarnHours },
    shell: false,
  };
}

/** With no connection the same screen comes from the phone's copy (decision 032). */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  try {
    return await serverLoader<typeof loader>();
  } catch (error) {
    if (error instanceof Response) throw error;
    return SHELL;
  }
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
  const offline = useOffline(data.offline, data.shell);
  // The shell, back online: the real screen replaces it (the outbox syncs on the same event).
  // Tried again whenever the phone next hears the server (a sync or catalog refresh that went
  // through): a signal back while the server is still down must not leave the page offline.
  const revalidator = useRevalidator();
  const heardServerAt = offline.status?.lastOnlineAt ?? null;
  useEffect(() => {
    if (data.shell && offline.online && revalidator.state === "idle") revalidator.revalidate();
  }, [data.shell, offline.online, heardServerAt]);
  // The offline parts arrive with the runtime, after hydration (they never weigh on the first load).
  const ui = offline.ui;
  const local = ui && offline.offlineMode && offline.catalog ? ui.offlineView(offline.catalog) : null;
  const view = local ?? { items: data.items, grid: data.grid, customers: data.customers, version: 0 };
  // Offline, the page mints the next sale's id itself and searches the phone's copy.
  const [minted, setMinted] = useState<{ from: typeof data; id: string } | null>(null);
  const [found, setFound] = useState<{ from: typeof data; q: string; ids: string[] } | null>(null);
  const [recorded, setRecorded] = useState<{ totalFen: number; changeFen: number | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!data.saleId) setMinted({ from: data, id: clientSaleId() });
  }, [data]);
  const saleId = minted && minted.from === data ? minted.id : data.saleId;
  const search = found?.from === data ? found : null;
  const items = new Map(view.items.map((p) => [p.id, p]));
  const shown = (ids: string[]) => ids.flatMap((id) => items.get(id) ?? []);
  const hidden = cart.lines.map((l) => (
    <input key={l.productId} type="hidden" name={`${LINE_PREFIX}${l.productId}`} value={l.qty} />
  ));
  const done = data.done;
  const results = search ? search.ids : data.results;
  const q = search ? search.q : data.q;
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
      {ui ? <ui.OfflineBar offline={offline} /> : null}
      {recorded ? (
        <Notice>
          {t("offline.recorded", { total: money(recorded.totalFen) })}
          {recorded.changeFen ? ` · ${t("sell.doneChange", { change: money(recorded.changeFen) })}` : ""}
        </Notice>
      ) : null}
      {problem ? (
        <p role="alert" className="rounded-lg bg-red-50 p-2 text-red-800">
          {problem}
        </p>
      ) : null}
      <Form
        id="cart"
        method="get"
        action="/store/sell"
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          // A scanner types the code and Enter: a product already on the page is added here.
          const input = e.currentTarget.elements.namedItem("q") as HTMLInputElement | null;
          const code = input ? normaliseBarcode(input.value.trim()) : null;
          const hit = code ? view.items.find((p) => p.barcode === code) : undefined;
          if (input && hit) {
            e.preventDefault();
            cart.change(hit.id, 1);
            input.value = "";
            setFound(null);
          } else if (input && ui && offline.offlineMode && offline.catalog) {
            e.preventDefault();
            setFound({ from: data, q: input.value.trim(), ids: ui.searchOffline(offline.catalog, input.value) });
          }
        }}
      >
        {hidden}
        <input type="hidden" name="sale" value={saleId} />
        {cart.tender ? <input type="hidden" name="tender" value={cart.tender} /> : null}
        <div role="search" className="flex gap-2">
          <label htmlFor="sell-q" className="sr-only">
            {t("sell.searchLabel")}
          </label>
          <input
            key={saleId}
            id="sell-q"
            name="q"
            type="search"
            defaultValue={q}
            placeholder={t("sell.searchPlaceholder")}
            autoComplete="off"
            enterKeyHint="search"
            // A keyboard-style scanner types into it: ready when the page opens and after each sale.
            autoFocus
            className="min-h-12 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3"
          />
          <CameraScanLater into="sell-q" />
          <button type="submit" className="min-h-12 shrink-0 rounded-lg bg-brand-700 px-4 font-semibold text-white">
            {t("action.search")}
          </button>
        </div>
        {results ? (
          results.length ? (
            <ProductButtons items={shown(results)} cart={cart} label={t("sell.results")} />
          ) : (
            <UnknownCode q={q} />
          )
        ) : null}
        <h2 className="text-sm font-medium text-stone-600">{t("sell.quick")}</h2>
        <ProductButtons items={shown(view.grid)} cart={cart} label={t("sell.quick")} />
      </Form>
      <Form
        id="checkout"
        method="post"
        action={`/store/sell?${cart.query()}&sale=${saleId}`}
        noValidate
        onSubmit={(e) => {
          // No connection: the sale goes to the phone's outbox in one IndexedDB transaction.
          if (!offline.offlineMode) return;
          e.preventDefault();
          // The runtime is still loading (a moment after the page opens): the tap waits for it.
          if (!ui) return;
          const made = ui.offlineSaleFrom(
            new FormData(e.currentTarget),
            cart,
            items,
            saleId,
            view.version,
            offline.now(),
          );
          if (!made.ok) return setProblem(t(made.error, made.params));
          void offline.record(made.sale).then(() => {
            setProblem(null);
            setRecorded({ totalFen: made.totalFen, changeFen: made.changeFen });
            setMinted({ from: data, id: clientSaleId() });
            setFound(null);
            cart.clear();
          });
        }}
      >
        <input type="hidden" name="saleId" value={saleId} />
        {cart.tender ? <input type="hidden" name="tender" value={cart.tender} /> : null}
        {hidden}
      </Form>
      <CheckoutPanel
        key={saleId}
        cart={cart}
        items={items}
        customers={view.customers}
        errors={errors}
        cartForm="cart"
        checkoutForm="checkout"
      />
    </div>
  );
}

/** Nothing found. A scanned code nobody has is offered as a new product (as the home page's scan does). */
function UnknownCode({ q }: { q: string }) {
  const { t } = useT();
  const code = normaliseBarcode(q);
  if (!code) return <p className="py-4 text-center text-stone-500">{t("sell.noResults", { q })}</p>;
  return (
    <p className="flex flex-col items-center gap-2 py-4 text-center text-stone-600">
      {t("sell.unknownCode", { code })}
      <Link
        to={`/store/products/new?${new URLSearchParams({ barcode: code })}`}
        className="flex min-h-11 items-center rounded-lg border border-brand-700 px-4 font-semibold text-brand-700"
      >
        {t("sell.addProduct")}
      </Link>
    </p>
  );
}
