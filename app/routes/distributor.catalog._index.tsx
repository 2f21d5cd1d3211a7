import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { may } from "~/domain/permission-check.server";
import { listCatalog, type CatalogFilter } from "~/domain/distribution/list-catalog.server";
import { quarantinedWarehouseLots } from "~/domain/recall/warehouse-stock.server";
import { WarehouseHeld } from "~/components/recall/warehouse-held";
import { useT } from "~/i18n/use-t";

const FILTERS: CatalogFilter[] = ["all", "low", "inactive"];
const PAGE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "catalog.view");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 60);
  const filter = FILTERS.find((f) => f === url.searchParams.get("filter")) ?? "all";
  const limit = Math.min(Number(url.searchParams.get("limit")) || PAGE, 1000);
  return {
    q,
    filter,
    limit,
    canEdit: may(ctx, "catalog.save"),
    held: quarantinedWarehouseLots(ctx),
    ...listCatalog(ctx, { q, filter, limit }),
  };
}

export default function Catalog() {
  const { q, filter, limit, canEdit, held, items, total } = useLoaderData<typeof loader>();
  const { t, money, number } = useT();
  const href = (f: CatalogFilter, more = 0) =>
    `?${new URLSearchParams({ ...(q ? { q } : {}), ...(f === "all" ? {} : { filter: f }), ...(more ? { limit: String(more) } : {}) })}`;
  const stock = (units: number, packs: number, p: (typeof items)[number]) =>
    p.packSize > 1
      ? t("catalog.packsUnits", {
          packs: number(packs),
          packUnit: p.packUnit ?? "",
          units: number(units),
          baseUnit: p.baseUnit,
        })
      : t("catalog.units", { units: number(units), baseUnit: p.baseUnit });
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{t("catalog.title")}</h1>
        <div className="flex flex-wrap gap-2 text-sm">
          {canEdit ? (
            <>
              <Link
                to="/distributor/catalog/new"
                className="flex min-h-11 items-center rounded-lg bg-brand-700 px-3 font-semibold text-white"
              >
                + {t("catalog.new")}
              </Link>
              <Link
                to="/distributor/catalog/import"
                className="flex min-h-11 items-center rounded-lg bg-white px-3 shadow-sm"
              >
                {t("catalog.import")}
              </Link>
            </>
          ) : null}
          <a
            href="/distributor/catalog/export.csv"
            download
            className="flex min-h-11 items-center rounded-lg bg-white px-3 shadow-sm"
          >
            {t("catalog.exportCsv")}
          </a>
          <a
            href="/distributor/catalog/export.xlsx"
            download
            className="flex min-h-11 items-center rounded-lg bg-white px-3 shadow-sm"
          >
            {t("catalog.exportXlsx")}
          </a>
        </div>
      </div>
      <Form method="get" role="search" className="flex gap-2">
        {filter !== "all" ? <input type="hidden" name="filter" value={filter} /> : null}
        <label htmlFor="catalog-q" className="sr-only">
          {t("catalog.searchLabel")}
        </label>
        <input
          id="catalog-q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder={t("catalog.searchPlaceholder")}
          className="min-h-12 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 text-base"
        />
        <button type="submit" className="min-h-12 rounded-lg bg-white px-4 shadow-sm">
          {t("action.search")}
        </button>
      </Form>
      <nav className="flex gap-2" aria-label={t("catalog.filter.label")}>
        {FILTERS.map((f) => (
          <Link
            key={f}
            to={href(f)}
            aria-current={f === filter ? "page" : undefined}
            className={`flex min-h-11 items-center rounded-full px-4 text-sm ${f === filter ? "bg-brand-700 text-white" : "bg-white text-stone-700"}`}
          >
            {t(`catalog.filter.${f}`)}
          </Link>
        ))}
      </nav>
      <WarehouseHeld lots={held} />
      <p className="text-sm text-stone-500">
        {items.length
          ? t("catalog.count", { count: number(total) })
          : q || filter !== "all"
            ? t("catalog.noMatch")
            : t("catalog.empty")}
      </p>
      {items.length ? (
        <ul
          className="flex flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm"
          data-testid="catalog-list"
        >
          {items.map((p) => {
            const low = p.active && p.available <= p.reorderPoint;
            return (
              <li
                key={p.id}
                className="flex flex-col gap-2 px-3 py-2 md:grid md:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_7rem_6rem_auto] md:items-center md:gap-4"
              >
                <div className="min-w-0">
                  <p className={`font-medium break-words ${p.active ? "" : "text-stone-400 line-through"}`}>{p.name}</p>
                  <p className="text-xs text-stone-500 tabular-nums">
                    {p.barcode} ·{" "}
                    {t("catalog.perPack", { packUnit: p.packUnit ?? "", packSize: p.packSize, baseUnit: p.baseUnit })}
                  </p>
                </div>
                <dl className="grid grid-cols-3 gap-1 text-xs md:text-sm">
                  <div>
                    <dt className="text-stone-500">{t("catalog.onHand")}</dt>
                    <dd className="tabular-nums">{stock(p.onHand, p.onHandPacks, p)}</dd>
                  </div>
                  <div>
                    <dt className="text-stone-500">{t("catalog.reserved")}</dt>
                    <dd className="tabular-nums">
                      {t("catalog.units", { units: number(p.reserved), baseUnit: p.baseUnit })}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-stone-500">{t("catalog.available")}</dt>
                    <dd className={`font-semibold tabular-nums ${low ? "text-amber-700" : ""}`}>
                      {stock(p.available, p.availablePacks, p)}
                      {low ? ` · ${t("catalog.low")}` : ""}
                    </dd>
                    {p.quarantined > 0 ? (
                      <dd className="text-red-700" data-testid="catalog-recalled">
                        {t("recall.store.held")}{" "}
                        {t("catalog.units", { units: number(p.quarantined), baseUnit: p.baseUnit })}
                      </dd>
                    ) : null}
                  </div>
                </dl>
                <p className="text-sm tabular-nums">
                  <span className="text-stone-500 md:sr-only">{t("catalog.casePriceShort")} </span>
                  {money(p.casePriceFen)}/{p.packUnit}
                </p>
                <p className="text-sm">
                  <span className="text-stone-500 md:sr-only">{t("catalog.shelf")} </span>
                  {p.shelfLocation || "—"}
                </p>
                <div className="flex gap-2 text-sm">
                  <Link
                    to={`/distributor/catalog/${p.id}/receive`}
                    className="flex min-h-11 items-center rounded-lg bg-brand-50 px-3 text-brand-800"
                  >
                    {t("catalog.receive")}
                  </Link>
                  {canEdit ? (
                    <Link
                      to={`/distributor/catalog/${p.id}`}
                      className="flex min-h-11 items-center rounded-lg bg-stone-100 px-3"
                    >
                      {t("catalog.edit")}
                    </Link>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {total > items.length ? (
        <Link
          to={href(filter, limit + PAGE)}
          className="flex min-h-12 items-center justify-center rounded-lg bg-white shadow-sm"
        >
          {t("catalog.more")}
        </Link>
      ) : null}
    </>
  );
}
