import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FigureCell, PlaceName, PoolNote, type FigureKind } from "~/components/county/figure";
import { OTHER_CATEGORY } from "~/domain/county/categories";
import { countyReport, type Health } from "~/domain/county/figures.server";
import { load } from "~/http/errors.server";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

// ?month=2026-10 (a published month; the latest without it)
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.report");
  const month = new URL(request.url).searchParams.get("month");
  return load(ctx.locale, () => countyReport(ctx, month));
}

const FIGURES: { key: keyof Health; label: MessageKey; kind: FigureKind }[] = [
  { key: "salesIndex", label: "county.health.salesIndex", kind: "index" },
  { key: "creditShare", label: "county.health.creditShare", kind: "permille" },
  { key: "stockoutRate", label: "county.health.stockoutRate", kind: "permille" },
  { key: "basketIndex", label: "county.health.basketIndex", kind: "index" },
  { key: "restockFen", label: "county.health.restock", kind: "money" },
  { key: "deliveriesPerWeek", label: "county.net.perWeek", kind: "tenths" },
  { key: "onTimeRate", label: "county.net.onTime", kind: "permille" },
  { key: "fillRate", label: "county.net.fill", kind: "permille" },
  { key: "stoppedStores", label: "county.net.stopped", kind: "count" },
  { key: "savedFen", label: "county.campaign.saved", kind: "money" },
];

/** The monthly report: prints on A4 (the tabs and buttons do not), each figure beside the month before. */
export default function CountyReportPage() {
  const r = useLoaderData<typeof loader>();
  const { t } = useT();
  const min = r.minStores;
  const lines = [{ place: "county", name: t("county.counts.total"), members: [], ...r.county }, ...r.townships];
  return (
    <article className="county-report flex flex-col gap-3">
      <style>{"@page { size: A4; margin: 14mm } @media print { .no-print { display: none !important } }"}</style>
      <div className="no-print flex flex-wrap items-end gap-2">
        <Form method="get" className="flex items-end gap-2">
          <label className="flex flex-col text-sm">
            {t("county.report.pick")}
            <select name="month" defaultValue={r.month} className="min-h-11 rounded-lg border border-stone-300 px-2">
              {r.months.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="min-h-11 rounded-lg border border-stone-300 px-3 text-sm">
            {t("county.report.show")}
          </button>
        </Form>
        <a
          href={`/county/report.xlsx?month=${r.month}`}
          className="flex min-h-11 items-center rounded-lg border border-brand-700 px-3 text-sm text-brand-700"
        >
          {t("county.report.xlsx")}
        </a>
        <button
          type="button"
          onClick={() => window.print()}
          className="min-h-11 rounded-lg bg-brand-700 px-3 text-sm font-semibold text-white"
        >
          {t("county.report.print")}
        </button>
      </div>
      <h1 className="text-xl font-bold">{t("county.report.title", { county: r.countyName, month: r.month })}</h1>
      <p className="text-xs text-stone-500">{t("county.rule", { min })}</p>
      <p className="text-sm">
        {t("county.report.stores")}: {r.stores.now}（{t("county.report.before")} {r.stores.before}）
      </p>
      <div className="overflow-x-auto rounded-xl bg-white shadow-sm print:overflow-visible print:shadow-none">
        <table className="w-full text-sm" data-testid="report">
          <thead className="bg-stone-50 text-stone-600">
            <tr>
              <th className="px-2 py-2 text-left font-medium">{t("county.counts.township")}</th>
              {FIGURES.map((f) => (
                <th key={f.key} colSpan={2} className="px-2 py-2 text-center font-medium">
                  {t(f.label)}
                </th>
              ))}
            </tr>
            <tr className="text-xs">
              <th />
              {FIGURES.map((f) => [
                <th key={`${f.key}-now`} className="px-2 text-right font-normal">
                  {r.month}
                </th>,
                <th key={`${f.key}-before`} className="px-2 text-right font-normal text-stone-500">
                  {r.previous}
                </th>,
              ])}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {lines.map((line) => (
              <tr key={line.place} className={line.place === "county" ? "font-semibold" : ""}>
                <PlaceName row={line} />
                {FIGURES.map((f) => [
                  <FigureCell key={`${f.key}-now`} f={line.now[f.key]} kind={f.kind} minStores={min} />,
                  <FigureCell key={`${f.key}-before`} f={line.before[f.key]} kind={f.kind} minStores={min} />,
                ])}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.goods.now.categories.length > 0 ? (
        <>
          <h2 className="font-semibold">{t("county.goods.byCategory", { month: r.month })}</h2>
          <div className="overflow-x-auto rounded-xl bg-white shadow-sm print:overflow-visible print:shadow-none">
            <table className="w-full text-sm" data-testid="report-goods">
              <thead className="bg-stone-50 text-stone-600">
                <tr>
                  <th className="px-2 py-2 text-left font-medium">{t("county.counts.township")}</th>
                  {r.goods.now.categories.map((c) => (
                    <th key={c} colSpan={2} className="px-2 py-2 text-center font-medium">
                      {c === OTHER_CATEGORY ? t("county.goods.other") : c === "" ? t("county.goods.uncategorised") : c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                {r.goods.now.rows.map((row, i) => (
                  <tr key={row.place} className={row.place === "county" ? "font-semibold" : ""}>
                    <PlaceName row={row.place === "county" ? { ...row, name: t("county.counts.total") } : row} />
                    {row.values.map((f, k) => [
                      <FigureCell key={`${k}-now`} f={f} kind="money" minStores={min} />,
                      <FigureCell
                        key={`${k}-before`}
                        f={r.goods.before.rows[i].values[k]}
                        kind="money"
                        minStores={min}
                      />,
                    ])}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <PoolNote rows={r.townships} />
      <p className="text-xs text-stone-500">
        {t("county.health.salesIndex")}: {t("county.health.salesIndexHint")}. {t("county.health.basketIndex")}:{" "}
        {t("county.health.basketHint")}.
      </p>
    </article>
  );
}
