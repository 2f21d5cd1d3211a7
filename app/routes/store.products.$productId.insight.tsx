import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { days as coverDays, pct } from "~/components/analysis/parts";
import { LineChart } from "~/components/charts/charts";
import { lineGeometry } from "~/components/charts/geometry.server";
import { BackLink } from "~/components/page-top";
import { useDay } from "~/components/restock/use-day";
import { productInsight } from "~/domain/analysis/product-insight.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-analysis";
import "~/i18n/audiences/store-stock";

const SPANS = [30, 90] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "analysis.view");
  const span = new URL(request.url).searchParams.get("days") === "90" ? 90 : 30;
  const insight = await load(ctx.locale, () => productInsight(ctx, params.productId ?? ""));
  const shown = insight.days.slice(-span);
  return { ...insight, span, shown, chart: lineGeometry(shown.map((d) => d.qty)) };
}

export default function ProductInsight() {
  const d = useLoaderData<typeof loader>();
  const { t, money, number } = useT();
  const day = useDay();
  const unit = d.product.baseUnit;
  const total = d.shown.reduce((s, x) => s + x.qty, 0);
  const best = d.shown.reduce((b, x) => (x.qty > b.qty ? x : b), d.shown[0]);
  const short = (date: string) => date.slice(5).replace("-", "/");
  return (
    <div className="flex flex-col gap-3">
      <BackLink to={`/store/products/${d.product.id}`}>{d.product.name}</BackLink>
      <h1 className="text-xl font-bold">{t("analysis.insight.title")}</h1>
      <nav
        aria-label={t("analysis.periods")}
        className="grid grid-cols-2 gap-1 rounded-xl bg-stone-200 p-1 text-center text-sm"
      >
        {SPANS.map((s) => (
          <Link
            key={s}
            to={`?days=${s}`}
            aria-current={s === d.span ? "page" : undefined}
            className={`flex min-h-11 items-center justify-center rounded-lg ${s === d.span ? "bg-white font-semibold shadow-sm" : "text-stone-700"}`}
          >
            {t("analysis.insight.days", { days: s })}
          </Link>
        ))}
      </nav>
      <section className="rounded-xl bg-white p-3 shadow-sm" aria-labelledby="insight-chart-h">
        <h2 id="insight-chart-h" className="mb-1 font-semibold">
          {t("analysis.insight.chart")}
        </h2>
        <LineChart
          testId="chart-daily"
          geometry={d.chart}
          title={t("analysis.insight.chart")}
          summary={
            total > 0
              ? t("analysis.insight.chartSummary", {
                  days: d.span,
                  qty: number(total),
                  unit,
                  date: day(best.day),
                  max: number(best.qty),
                })
              : t("analysis.insight.chartEmpty", { days: d.span })
          }
          labels={d.shown.map((x) => short(x.day))}
          labelEvery={d.span === 90 ? 30 : 7}
          format={(v) => `${number(v)}${unit}`}
          tickFormat={(v) => number(v)}
          headers={[t("analysis.chart.colDay"), t("analysis.chart.colUnits")]}
        />
      </section>
      <dl className="grid grid-cols-2 gap-2" data-testid="insight-figures">
        <div className="rounded-xl bg-white p-3 shadow-sm">
          <dt className="text-xs text-stone-500">{t("analysis.insight.units30")}</dt>
          <dd className="text-xl font-bold tabular-nums">
            {number(d.units30)}
            {unit}
          </dd>
        </div>
        <div className="rounded-xl bg-white p-3 shadow-sm">
          <dt className="text-xs text-stone-500">{t("analysis.insight.units90")}</dt>
          <dd className="text-xl font-bold tabular-nums">
            {number(d.units90)}
            {unit}
          </dd>
        </div>
        {d.margin90Fen !== null ? (
          <div className="rounded-xl bg-white p-3 shadow-sm">
            <dt className="text-xs text-stone-500">{t("analysis.insight.margin90")}</dt>
            <dd className="text-xl font-bold tabular-nums">{money(d.margin90Fen)}</dd>
            {d.margin90Bp !== null ? (
              <dd className="text-xs text-stone-600">{t("analysis.kpi.marginPct", { pct: pct(d.margin90Bp) })}</dd>
            ) : null}
          </div>
        ) : null}
        <div className="rounded-xl bg-white p-3 shadow-sm" data-testid="cover">
          <dt className="text-xs text-stone-500">{t("analysis.insight.cover")}</dt>
          <dd className="text-xl font-bold tabular-nums">
            {d.coverTenths !== null ? t("analysis.insight.coverValue", { days: coverDays(d.coverTenths) }) : "—"}
          </dd>
          {d.coverTenths === null ? (
            <dd className="text-xs text-stone-600">{t("analysis.insight.coverUnknown")}</dd>
          ) : null}
        </div>
      </dl>
      <section
        className={`rounded-xl p-3 text-sm shadow-sm ${d.runsOut ? "bg-amber-50 text-amber-950" : "bg-white"}`}
        data-testid="insight-delivery"
      >
        <p>
          {d.delivery
            ? t("analysis.insight.nextDelivery", { date: day(d.delivery.deliveryDate), days: d.daysUntilDelivery })
            : t("analysis.insight.noRoute", { days: d.daysUntilDelivery })}
        </p>
        {d.unitsPer28 > 0 ? (
          <p className="font-semibold">{d.runsOut ? t("analysis.insight.runsOut") : t("analysis.insight.enough")}</p>
        ) : null}
        {d.suggestion && d.suggestion.packs > 0 ? (
          <p className="mt-2" data-testid="suggestion">
            <span className="font-semibold">
              {t("analysis.insight.suggestion", {
                qty: `${number(d.suggestion.packs)}${d.suggestion.packUnit ?? unit}`,
              })}
            </span>
            <span className="block text-stone-600">{d.suggestion.why}</span>
            <Link to="/store/restock/suggestions" className="mt-1 flex min-h-11 items-center text-brand-700 underline">
              {t("analysis.advice.restock")}
            </Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}
