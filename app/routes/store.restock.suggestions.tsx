import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { useDay } from "~/components/restock/use-day";
import { restockSuggestions } from "~/domain/analysis/suggestions.server";
import { LINE_PREFIX } from "~/domain/sales/cart";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-office";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "suggestion.view");
  const params = new URL(request.url).searchParams;
  const distributorOrgId = params.get("d");
  const showAll = params.get("all") === "1";
  return load(ctx.locale, () => {
    const list = restockSuggestions(ctx, { distributorOrgId });
    // Only what the page shows goes into the page and its hydration data: the products with
    // enough stock (most of the shop) are listed only on request — on a weak signal they would
    // be 40 KB of a page whose point is the dozen to order.
    const shown = showAll ? list.suggestions : list.suggestions.filter((s) => s.packs > 0);
    const suggestions = shown.map(({ productId, skuId, name, packs, packUnit, baseUnit, why }) => ({
      productId,
      skuId,
      name,
      packs,
      packUnit,
      baseUnit,
      why,
    }));
    return {
      ...list,
      suggestions,
      showAll,
      enoughCount: list.suggestions.length - list.suggestions.filter((s) => s.packs > 0).length,
    };
  });
}

export default function RestockSuggestions() {
  const data = useLoaderData<typeof loader>();
  const { t, dateTime } = useT();
  const day = useDay();
  const toOrder = data.suggestions.filter((s) => s.packs > 0);
  const enough = data.suggestions.filter((s) => s.packs === 0);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("suggestions.title")}</h1>
        <Link
          to="/store/restock"
          className="flex min-h-11 min-w-11 items-center justify-center px-1 text-sm text-brand-700 underline"
        >
          {t("restock.title")}
        </Link>
      </div>
      {data.distributor ? (
        <p className="text-sm text-stone-600">
          {data.distributor.name}
          {data.distributors.length > 1
            ? data.distributors
                .filter((d) => d.id !== data.distributor!.id)
                .map((d) => (
                  <Link
                    key={d.id}
                    to={`/store/restock/suggestions?d=${d.id}`}
                    className="ml-2 text-brand-700 underline"
                  >
                    {d.name}
                  </Link>
                ))
            : null}
        </p>
      ) : null}
      {!data.distributor ? (
        <p className="text-stone-600">{t("suggestions.noDistributor")}</p>
      ) : !data.delivery ? (
        <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          {t("suggestions.noRoute")}
        </p>
      ) : (
        <>
          <p className="rounded-lg bg-white p-3 text-sm shadow-sm" data-testid="next-delivery">
            <span className="block font-semibold">
              {t("suggestions.nextDelivery", {
                date: day(data.delivery.deliveryDate),
                cutoff: dateTime(data.delivery.cutoffAt),
              })}
            </span>
            <span className="block text-stone-600">{t("suggestions.intro")}</span>
            <span className="block text-xs text-stone-500">{t("suggestions.differs")}</span>
          </p>
          {toOrder.length === 0 ? <p className="py-4 text-center text-stone-500">{t("suggestions.none")}</p> : null}
          {toOrder.length ? (
            // A GET to the restock cart: the cart lives in its query string, so this works without JavaScript.
            <Form method="get" action="/store/restock" className="flex flex-col gap-3">
              <input type="hidden" name="d" value={data.distributor.id} />
              <input type="hidden" name="source" value="suggestion" />
              {/* At the top, not sticky: the bottom navigation would cover a sticky button. */}
              <button type="submit" className="min-h-12 rounded-lg bg-brand-700 px-4 font-semibold text-white shadow">
                {t("suggestions.addAll", { count: toOrder.length })}
              </button>
              <p className="-mt-1 text-center text-xs text-stone-500">{t("suggestions.addAllHint")}</p>
              <ul className="flex flex-col gap-2" data-testid="suggestions">
                {toOrder.map((s) => (
                  <li
                    key={s.productId}
                    className="flex flex-col gap-1 rounded-xl bg-white p-3 shadow-sm"
                    data-testid="suggestion"
                  >
                    <input type="hidden" name={`${LINE_PREFIX}${s.skuId}`} value={s.packs} />
                    <span className="flex items-baseline justify-between gap-2">
                      <span className="min-w-0 break-words font-semibold">{s.name}</span>
                      <span className="shrink-0 font-bold text-brand-700 tabular-nums">
                        {t("suggestions.packs", { packs: s.packs, unit: s.packUnit ?? s.baseUnit })}
                      </span>
                    </span>
                    <span className="break-words text-sm text-stone-600">{s.why}</span>
                  </li>
                ))}
              </ul>
            </Form>
          ) : null}
          {data.enoughCount && !data.showAll ? (
            <Link
              to={`/store/restock/suggestions?${new URLSearchParams({ ...(data.distributor ? { d: data.distributor.id } : {}), all: "1" })}#enough`}
              className="flex min-h-11 items-center rounded-xl bg-white px-3 text-sm font-medium text-brand-700 underline shadow-sm"
            >
              {t("suggestions.enough", { count: data.enoughCount })}
            </Link>
          ) : null}
          {enough.length ? (
            <details id="enough" open className="rounded-xl bg-white p-3 shadow-sm">
              <summary className="min-h-11 cursor-pointer text-sm font-medium text-stone-700">
                {t("suggestions.enough", { count: enough.length })}
              </summary>
              <ul className="mt-2 flex flex-col gap-2">
                {enough.map((s) => (
                  <li key={s.productId} className="flex flex-col text-sm">
                    <span className="break-words">{s.name}</span>
                    <span className="break-words text-xs text-stone-500">{s.why}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </div>
  );
}
