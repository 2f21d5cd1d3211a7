import { BarChart } from "~/components/charts/charts";
import type { BarGeometry } from "~/components/charts/geometry.server";
import type { StoreDashboard } from "~/domain/analysis/dashboard.server";
import { isoWeekday } from "~/domain/dates";
import type { Period } from "~/domain/analysis/periods";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import { Empty, pct } from "./parts";

const yuan = (fen: number) => String(Math.round(fen / 100));

/** Takings by hour of the period, the busiest hour named and highlighted. */
export function HourChart({
  period,
  byHour,
  geometry,
}: {
  period: Period;
  byHour: StoreDashboard["byHour"];
  geometry: BarGeometry;
}) {
  const { t, money } = useT();
  const hourTotal = byHour.reduce((s, h) => s + h.takingsFen, 0);
  const busiest = byHour.reduce((best, h) => (h.takingsFen > best.takingsFen ? h : best), byHour[0]);
  return (
    <section className="rounded-xl bg-white p-3 shadow-sm" aria-labelledby="by-hour-h">
      <h2 id="by-hour-h" className="mb-1 font-semibold">
        {t("analysis.chart.byHour")}
      </h2>
      {hourTotal > 0 ? (
        <BarChart
          testId="chart-hour"
          geometry={geometry}
          title={t("analysis.chart.byHour")}
          summary={
            period === "today"
              ? t("analysis.chart.then", {
                  first: t("analysis.chart.byHourSummary", {
                    hour: busiest.hour,
                    money: money(busiest.takingsFen),
                    pct: pct(Math.round((busiest.takingsFen * 10_000) / hourTotal)),
                  }),
                  second: t("analysis.chart.byHourToday"),
                })
              : t("analysis.chart.byHourSummary", {
                  hour: busiest.hour,
                  money: money(busiest.takingsFen),
                  pct: pct(Math.round((busiest.takingsFen * 10_000) / hourTotal)),
                })
          }
          labels={byHour.map((h) => t("analysis.chart.hour", { hour: h.hour }))}
          labelEvery={3}
          highlight={busiest.hour}
          format={money}
          tickFormat={yuan}
          headers={[t("analysis.chart.colHour"), t("analysis.chart.colTakings")]}
        />
      ) : (
        <Empty>{t("analysis.chart.empty")}</Empty>
      )}
    </section>
  );
}

/**
 * Average takings per weekday over the last four whole weeks: today's weekday highlighted on the
 * "today" tab, else the best weekday.
 */
export function WeekdayChart({
  period,
  today,
  byWeekday,
  weekdayAvg,
  geometry,
}: {
  period: Period;
  today: string;
  byWeekday: StoreDashboard["byWeekday"];
  weekdayAvg: number[];
  geometry: BarGeometry;
}) {
  const { t, money } = useT();
  const todayWeekday = isoWeekday(today);
  const bestWeekday = weekdayAvg.reduce((best, v, i) => (v > weekdayAvg[best] ? i : best), 0);
  return (
    <section className="rounded-xl bg-white p-3 shadow-sm" aria-labelledby="by-weekday-h">
      <h2 id="by-weekday-h" className="mb-1 font-semibold">
        {t("analysis.chart.byWeekday")}
      </h2>
      <BarChart
        testId="chart-weekday"
        geometry={geometry}
        title={t("analysis.chart.byWeekday")}
        summary={
          period === "today"
            ? t("analysis.chart.weekdayToday", {
                weekday: t(`weekday.${todayWeekday}` as MessageKey),
                money: money(weekdayAvg[todayWeekday - 1]),
              })
            : t("analysis.chart.byWeekdaySummary", {
                weekday: t(`weekday.${bestWeekday + 1}` as MessageKey),
                money: money(weekdayAvg[bestWeekday]),
              })
        }
        labels={byWeekday.map((w) => t(`weekday.${w.weekday}` as MessageKey))}
        highlight={period === "today" ? todayWeekday - 1 : bestWeekday}
        format={money}
        tickFormat={yuan}
        headers={[t("analysis.chart.colWeekday"), t("analysis.chart.colTakings")]}
      />
    </section>
  );
}
