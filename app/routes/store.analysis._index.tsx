import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Advice } from "~/components/analysis/advice";
import { Credit } from "~/components/analysis/credit";
import { Kpis } from "~/components/analysis/kpis";
import { PeriodNav } from "~/components/analysis/period-nav";
import { Runouts } from "~/components/analysis/runouts";
import { HourChart, WeekdayChart } from "~/components/analysis/sales-charts";
import { Expiring, SlowMovers, StockValue } from "~/components/analysis/stock-lists";
import { TopEarners, TopSellers } from "~/components/analysis/top-products";
import { barGeometry } from "~/components/charts/geometry.server";
import { useDay } from "~/components/restock/use-day";
import { storeDashboard } from "~/domain/analysis/dashboard.server";
import { isPeriod } from "~/domain/analysis/periods";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-analysis";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "analysis.view");
  const param = new URL(request.url).searchParams.get("period");
  const period = isPeriod(param) ? param : "7d";
  const { allSellers: _s, allEarners: _e, ...d } = storeDashboard(ctx, { period });
  // Average takings per weekday over the last four whole weeks.
  const weekdayAvg = d.byWeekday.map((w) => (w.days > 0 ? Math.round(w.takingsFen / w.days) : 0));
  return {
    ...d,
    weekdayAvg,
    charts: {
      hour: barGeometry(d.byHour.map((h) => h.takingsFen)),
      weekday: barGeometry(weekdayAvg),
    },
  };
}

export default function Analysis() {
  const d = useLoaderData<typeof loader>();
  const { t } = useT();
  const day = useDay();
  const deliveryDay = d.delivery ? day(d.delivery.deliveryDate) : null;
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-bold">{t("analysis.title")}</h1>
      <Advice
        runouts={d.runouts}
        expiring={d.expiring}
        slowMovers={d.slowMovers}
        slowTiedUpFen={d.slowTiedUpFen}
        credit={d.credit}
        deliveryDay={deliveryDay}
      />
      <PeriodNav period={d.period} hourCap={d.range.hourCap} />
      <Kpis current={d.current} previous={d.previous} withCost={d.withCost} />
      <HourChart period={d.period} byHour={d.byHour} geometry={d.charts.hour} />
      {d.byWeekday.some((w) => w.sales > 0) ? (
        <WeekdayChart
          period={d.period}
          today={d.today}
          byWeekday={d.byWeekday}
          weekdayAvg={d.weekdayAvg}
          geometry={d.charts.weekday}
        />
      ) : null}
      <Runouts
        runouts={d.runouts}
        period={d.period}
        deliveryDay={deliveryDay}
        daysUntilDelivery={d.daysUntilDelivery}
      />
      <TopSellers rows={d.topSellers} period={d.period} soldProducts={d.soldProducts} />
      {d.withCost ? <TopEarners rows={d.topEarners} period={d.period} soldProducts={d.soldProducts} /> : null}
      <SlowMovers rows={d.slowMovers} period={d.period} />
      <Expiring rows={d.expiring} period={d.period} />
      <Credit credit={d.credit} period={d.period} />
      {d.stockValueFen !== null ? <StockValue valueFen={d.stockValueFen} /> : null}
    </div>
  );
}
