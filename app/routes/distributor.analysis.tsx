import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { DEMAND_WEEK_CHOICES, percentOf, TOP_STORES, type DemandTable } from "~/domain/analysis/demand-tables";
import { distributorDemand } from "~/domain/analysis/distributor-demand.server";
import { load } from "~/http/errors.server";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "需求分析 · 村链" }];

// ?weeks=4|8|12|26
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "demand.view");
  const weeks = new URL(request.url).searchParams.get("weeks");
  return load(ctx.locale, () => distributorDemand(ctx, { weeks }));
}

/** "3/11" for a week's Monday: short enough for a column header on a phone. */
const md = (date: string) => `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
const percent = (p: number | null, none: string) => (p === null ? none : `${p}%`);

function Exports({ table, weeks, label }: { table: DemandTable; weeks: number; label: string }) {
  const { t } = useT();
  const q = `table=${table}&weeks=${weeks}`;
  const cls = "flex min-h-11 items-center rounded-lg px-2 text-sm text-brand-700 underline";
  return (
    <span className="no-print flex shrink-0 items-center gap-1" data-testid={`export-${table}`}>
      <span className="text-xs text-stone-500">{t("demand.export")}</span>
      <a
        href={`/distributor/analysis/export.csv?${q}`}
        download
        aria-label={t("demand.export.label", { table: label, format: "CSV" })}
        className={cls}
      >
        {t("demand.export.csv")}
      </a>
      <a
        href={`/distributor/analysis/export.xlsx?${q}`}
        download
        aria-label={t("demand.export.label", { table: label, format: "Excel" })}
        className={cls}
      >
        {t("demand.export.xlsx")}
      </a>
    </span>
  );
}

function Section({
  id,
  title,
  table,
  weeks,
  children,
}: {
  id: string;
  title: string;
  table: DemandTable;
  weeks: number;
  children: React.ReactNode;
}) {
  return (
    <section className="min-w-0 rounded-xl bg-white p-3 shadow-sm" aria-labelledby={`${id}-h`} data-testid={id}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-x-2">
        <h2 id={`${id}-h`} className="font-semibold">
          {title}
        </h2>
        <Exports table={table} weeks={weeks} label={title} />
      </div>
      {children}
    </section>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="min-w-0 rounded-xl bg-white p-3 shadow-sm" data-testid={testId}>
      <dt className="text-xs text-stone-500">{label}</dt>
      <dd className="text-xl font-bold tabular-nums break-words">{value}</dd>
      {hint ? <dd className="text-xs text-stone-500">{hint}</dd> : null}
    </div>
  );
}

const th = "px-2 py-1 text-left text-xs font-medium whitespace-nowrap text-stone-500";
const td = "px-2 py-1 tabular-nums whitespace-nowrap";
const num = `${td} text-right`;

/**
 * What the county's stores order, week by week: for the office PC first (wide tables scroll
 * sideways on a phone), every table downloadable as CSV or Excel.
 */
export default function DistributorAnalysis() {
  const d = useLoaderData<typeof loader>();
  const { t, money, number } = useT();
  const n = d.weeks.length;
  const none = t("demand.none");
  const weekHeader = (w: string) => (w === d.currentWeek ? `${md(w)}*` : md(w));
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-bold">{t("demand.title")}</h1>
        <p className="text-xs text-stone-500">{t("demand.period", { from: d.weeks[0], to: d.currentWeek })}</p>
      </div>

      <nav
        aria-label={t("demand.weeks")}
        className="grid grid-cols-4 gap-1 rounded-xl bg-stone-200 p-1 text-center text-sm md:max-w-lg"
        data-testid="weeks"
      >
        {DEMAND_WEEK_CHOICES.map((w) => (
          <Link
            key={w}
            to={`?weeks=${w}`}
            aria-current={w === n ? "page" : undefined}
            className={`flex min-h-11 items-center justify-center rounded-lg ${w === n ? "bg-white font-semibold shadow-sm" : "text-stone-700"}`}
          >
            {t("demand.weeksOption", { n: w })}
          </Link>
        ))}
      </nav>

      <dl className="grid grid-cols-2 gap-2 md:grid-cols-5" data-testid="kpis">
        <Stat testId="kpi-ordered" label={t("demand.kpi.ordered")} value={number(d.totals.ordered)} />
        <Stat testId="kpi-value" label={t("demand.kpi.value")} value={money(d.totals.valueFen)} />
        <Stat
          testId="kpi-fill"
          label={t("demand.kpi.fill")}
          value={percent(percentOf(d.totals.shippedComplete, d.totals.orderedComplete), none)}
          hint={t("demand.kpi.fillHint", { shipped: d.totals.shippedComplete, ordered: d.totals.orderedComplete })}
        />
        <Stat
          testId="kpi-ontime"
          label={t("demand.kpi.onTime")}
          value={percent(percentOf(d.totals.onTime, d.totals.delivered), none)}
          hint={t("demand.kpi.onTimeHint", { onTime: d.totals.onTime, delivered: d.totals.delivered })}
        />
        <Stat testId="kpi-stores" label={t("demand.kpi.stores")} value={number(d.totals.activeStores)} />
      </dl>
      <p className="text-xs text-stone-500">{t("demand.rules")}</p>

      <Section id="weeks-table" title={t("demand.weeksTable.title")} table="weeks" weeks={n}>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-stone-200">
                <th scope="col" className={th}>
                  {t("demand.col.week")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("demand.col.ordered")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("demand.col.shipped")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("demand.col.fill")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("demand.col.value")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("demand.col.stores")}
                </th>
                <th scope="col" className={`${th} text-right`}>
                  {t("demand.col.onTime")}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...d.summaries].reverse().map((w) => (
                <tr key={w.week} className="border-b border-stone-100">
                  <th scope="row" className={`${td} text-left font-normal`}>
                    {t("demand.weekLabel", { date: md(w.week) })}
                    {w.complete ? null : <span className="ml-1 text-xs text-amber-700">{t("demand.inProgress")}</span>}
                  </th>
                  <td className={num}>{number(w.ordered)}</td>
                  <td className={num}>{number(w.shipped)}</td>
                  <td className={num}>{w.complete ? percent(percentOf(w.shipped, w.ordered), none) : none}</td>
                  <td className={num}>{money(w.valueFen)}</td>
                  <td className={num}>{number(w.stores)}</td>
                  <td className={num}>
                    {percent(percentOf(w.onTime, w.delivered), none)}
                    {w.delivered > 0 ? (
                      <span className="ml-1 text-xs text-stone-500">
                        ({w.onTime}/{w.delivered})
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="skus-table" title={t("demand.skus.title")} table="skus" weeks={n}>
        {d.skus.length === 0 ? (
          <p className="text-sm text-stone-500">{t("demand.empty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-stone-200">
                  <th scope="col" className={`${th} sticky left-0 bg-white`}>
                    {t("demand.col.sku")}
                  </th>
                  {d.weeks.map((w) => (
                    <th
                      key={w}
                      scope="col"
                      className={`${th} text-right`}
                      title={w === d.currentWeek ? t("demand.currentWeek") : w}
                    >
                      {weekHeader(w)}
                    </th>
                  ))}
                  <th scope="col" className={`${th} text-right`}>
                    {t("demand.col.total")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("demand.col.fill")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("demand.col.nextOrdered")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("demand.col.forecast")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.skus.map((s) => (
                  <tr key={s.productId} className="border-b border-stone-100">
                    <th
                      scope="row"
                      className={`${td} sticky left-0 max-w-48 truncate bg-white text-left font-normal`}
                      title={s.name}
                    >
                      {s.name}
                    </th>
                    {s.packs.map((p, i) => (
                      <td key={d.weeks[i]} className={`${num} ${p === 0 ? "text-stone-300" : ""}`}>
                        {p}
                      </td>
                    ))}
                    <td className={`${num} font-semibold`}>{number(s.totalPacks)}</td>
                    <td className={num}>{percent(percentOf(s.shippedComplete, s.orderedComplete), none)}</td>
                    <td className={num}>{number(s.nextWeekOrdered)}</td>
                    <td className={num} title={t(`demand.method.${s.forecastMethod}` as MessageKey)}>
                      <span className="font-semibold">{number(s.forecastPacks)}</span>{" "}
                      <span className="text-xs text-stone-500">{s.packUnit || "件"}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="mt-2 text-xs text-stone-500">
          * {t("demand.currentWeek")}。{t("demand.skus.forecastRule")}
        </p>
      </Section>

      <div className="grid gap-3 md:grid-cols-2">
        <Section id="stores-table" title={t("demand.stores.title", { n: TOP_STORES })} table="stores" weeks={n}>
          <p className="mb-2 text-xs text-stone-500">{t("demand.stores.rule")}</p>
          {d.topStores.length === 0 ? (
            <p className="text-sm text-stone-500">{t("demand.empty")}</p>
          ) : (
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-stone-200">
                  <th scope="col" className={th}>
                    {t("demand.col.store")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("demand.col.orders")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("demand.col.orderValue")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.topStores.map((s) => (
                  <tr key={s.storeOrgId} className="border-b border-stone-100">
                    <th scope="row" className="px-2 py-1 text-left font-normal break-words">
                      {s.name}
                      {s.village ? <span className="ml-1 text-xs text-stone-500">{s.village}</span> : null}
                    </th>
                    <td className={num}>{number(s.orders)}</td>
                    <td className={num}>{money(s.valueFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>

        <Section id="stopped-table" title={t("demand.stopped.title")} table="stopped" weeks={n}>
          <p className="mb-2 text-xs text-stone-500">
            {t("demand.stopped.rule", {
              before: d.rules.beforeWeeks,
              beforeFrom: d.rules.beforeFrom,
              recentFrom: d.rules.recentFrom,
            })}
          </p>
          {d.stoppedStores.length === 0 ? (
            <p className="text-sm text-stone-500">{t("demand.stopped.none")}</p>
          ) : (
            <table className="w-full text-sm">
              <thead>
                <tr className="border-b border-stone-200">
                  <th scope="col" className={th}>
                    {t("demand.col.store")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("demand.col.ordersBefore")}
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    {t("demand.col.lastWeek")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.stoppedStores.map((s) => (
                  <tr key={s.storeOrgId} className="border-b border-stone-100">
                    <th scope="row" className="px-2 py-1 text-left font-normal break-words">
                      {s.name}
                      {s.village ? <span className="ml-1 text-xs text-stone-500">{s.village}</span> : null}
                    </th>
                    <td className={num}>{number(s.ordersBefore)}</td>
                    <td className={num}>{s.lastWeek ? md(s.lastWeek) : none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>
    </div>
  );
}
