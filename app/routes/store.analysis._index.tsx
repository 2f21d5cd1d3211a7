import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { AdviceCard, days, Empty, Kpi, pct, Row, Section } from "~/components/analysis/parts";
import { BarChart } from "~/components/charts/charts";
import { barGeometry } from "~/components/charts/geometry.server";
import { useDay } from "~/components/restock/use-day";
import { storeDashboard } from "~/domain/analysis/dashboard.server";
import { isoWeekday } from "~/domain/dates";
import { EXPIRING_WITHIN_DAYS, isPeriod, PERIODS, SLOW_AFTER_DAYS } from "~/domain/analysis/periods";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-analysis";

const LIST = 8;

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
  const { t, money, number } = useT();
  const day = useDay();
  const yuan = (fen: number) => String(Math.round(fen / 100));
  const deliveryDay = d.delivery ? day(d.delivery.deliveryDate) : null;
  const expired = d.expiring.filter((e) => e.daysLeft < 0).length;
  const soldOut = d.runouts.filter((r) => r.onHand <= 0).length;
  const todayWeekday = isoWeekday(d.today);
  const hourTotal = d.byHour.reduce((s, h) => s + h.takingsFen, 0);
  const busiest = d.byHour.reduce((best, h) => (h.takingsFen > best.takingsFen ? h : best), d.byHour[0]);
  const bestWeekday = d.weekdayAvg.reduce((best, v, i) => (v > d.weekdayAvg[best] ? i : best), 0);
  const productLink = (id: string) => `/store/products/${id}/insight`;
  const advice: React.ReactNode[] = [];
  if (d.runouts.length > 0) {
    advice.push(
      <AdviceCard key="runouts" tone="warn" href="/store/restock" action={t("analysis.advice.restock")}>
        <a href="#runouts" className="inline-flex min-h-11 items-center underline decoration-amber-400">
          {!deliveryDay
            ? t("analysis.advice.runoutsNoRoute", { count: d.runouts.length })
            : soldOut > 0
              ? t("analysis.advice.runoutsOut", { count: d.runouts.length, date: deliveryDay, out: soldOut })
              : t("analysis.advice.runouts", { count: d.runouts.length, date: deliveryDay })}
        </a>
      </AdviceCard>,
    );
  }
  if (expired > 0) {
    advice.push(
      <AdviceCard key="expired" tone="warn">
        <a href="#expiring" className="inline-flex min-h-11 items-center underline decoration-amber-400">
          {t("analysis.advice.expired", { count: expired })}
        </a>
      </AdviceCard>,
    );
  }
  if (d.expiring.length - expired > 0) {
    advice.push(
      <AdviceCard key="expiring" tone="warn">
        <a href="#expiring" className="inline-flex min-h-11 items-center underline decoration-amber-400">
          {t("analysis.advice.expiring", { count: d.expiring.length - expired, days: EXPIRING_WITHIN_DAYS })}
        </a>
      </AdviceCard>,
    );
  }
  if (d.slowMovers.length > 0) {
    advice.push(
      <AdviceCard key="slow" tone="info">
        <a href="#slow" className="inline-flex min-h-11 items-center underline decoration-stone-300">
          {d.slowTiedUpFen !== null
            ? t("analysis.advice.slow", { money: money(d.slowTiedUpFen), count: d.slowMovers.length })
            : t("analysis.advice.slowClerk", { count: d.slowMovers.length, days: SLOW_AFTER_DAYS })}
        </a>
      </AdviceCard>,
    );
  }
  if (d.credit.owing.length > 0) {
    advice.push(
      <AdviceCard key="credit" tone="info" href="/store/customers" action={t("analysis.advice.see")}>
        {t("analysis.advice.credit", { money: money(d.credit.totalOwedFen), count: d.credit.owing.length })}
      </AdviceCard>,
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-bold">{t("analysis.title")}</h1>

      <section aria-labelledby="advice-h" data-testid="advice">
        <h2 id="advice-h" className="mb-2 text-sm font-medium text-stone-600">
          {t("analysis.advice")}
        </h2>
        <ul className="flex flex-col gap-2">
          {advice.length > 0 ? advice : <AdviceCard tone="ok">{t("analysis.advice.allGood")}</AdviceCard>}
        </ul>
      </section>

      <nav
        aria-label={t("analysis.periods")}
        className="grid grid-cols-3 gap-1 rounded-xl bg-stone-200 p-1 text-center text-sm"
        data-testid="periods"
      >
        {PERIODS.map((p) => (
          <Link
            key={p}
            to={`?period=${p}`}
            aria-current={p === d.period ? "page" : undefined}
            className={`flex min-h-11 items-center justify-center rounded-lg ${p === d.period ? "bg-white font-semibold shadow-sm" : "text-stone-700"}`}
          >
            {t(`analysis.period.${p}` as MessageKey)}
          </Link>
        ))}
      </nav>
      <p className="-mt-1 text-xs text-stone-500">
        {d.period === "today"
          ? t("analysis.compare.today", { hour: d.range.hourCap ?? 0 })
          : t(`analysis.compare.${d.period}` as MessageKey)}
      </p>

      <dl className="grid grid-cols-2 gap-2" data-testid="kpis">
        <Kpi
          testId="kpi-takings"
          label={t("analysis.kpi.takings")}
          value={money(d.current.takingsFen)}
          cur={d.current.takingsFen}
          prev={d.previous.takingsFen}
          prevValue={money(d.previous.takingsFen)}
        />
        {d.current.marginFen !== null && d.previous.marginFen !== null ? (
          <Kpi
            testId="kpi-margin"
            label={t("analysis.kpi.margin")}
            value={money(d.current.marginFen)}
            extra={t("analysis.kpi.marginPct", { pct: pct(d.current.marginBp ?? 0) })}
            cur={d.current.marginFen}
            prev={d.previous.marginFen}
            prevValue={money(d.previous.marginFen)}
          />
        ) : null}
        <Kpi
          testId="kpi-sales"
          label={t("analysis.kpi.sales")}
          value={number(d.current.sales)}
          cur={d.current.sales}
          prev={d.previous.sales}
          prevValue={number(d.previous.sales)}
        />
        <Kpi
          testId="kpi-basket"
          label={t("analysis.kpi.basket")}
          value={money(d.current.basketFen)}
          cur={d.current.basketFen}
          prev={d.previous.basketFen}
          prevValue={money(d.previous.basketFen)}
        />
      </dl>
      {!d.withCost ? <p className="text-xs text-stone-500">{t("analysis.clerkNote")}</p> : null}

      <section className="rounded-xl bg-white p-3 shadow-sm" aria-labelledby="by-hour-h">
        <h2 id="by-hour-h" className="mb-1 font-semibold">
          {t("analysis.chart.byHour")}
        </h2>
        {hourTotal > 0 ? (
          <BarChart
            testId="chart-hour"
            geometry={d.charts.hour}
            title={t("analysis.chart.byHour")}
            summary={
              d.period === "today"
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
            labels={d.byHour.map((h) => t("analysis.chart.hour", { hour: h.hour }))}
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

      {d.byWeekday.some((w) => w.sales > 0) ? (
        <section className="rounded-xl bg-white p-3 shadow-sm" aria-labelledby="by-weekday-h">
          <h2 id="by-weekday-h" className="mb-1 font-semibold">
            {t("analysis.chart.byWeekday")}
          </h2>
          <BarChart
            testId="chart-weekday"
            geometry={d.charts.weekday}
            title={t("analysis.chart.byWeekday")}
            summary={
              d.period === "today"
                ? t("analysis.chart.weekdayToday", {
                    weekday: t(`weekday.${todayWeekday}` as MessageKey),
                    money: money(d.weekdayAvg[todayWeekday - 1]),
                  })
                : t("analysis.chart.byWeekdaySummary", {
                    weekday: t(`weekday.${bestWeekday + 1}` as MessageKey),
                    money: money(d.weekdayAvg[bestWeekday]),
                  })
            }
            labels={d.byWeekday.map((w) => t(`weekday.${w.weekday}` as MessageKey))}
            highlight={d.period === "today" ? todayWeekday - 1 : bestWeekday}
            format={money}
            tickFormat={yuan}
            headers={[t("analysis.chart.colWeekday"), t("analysis.chart.colTakings")]}
          />
        </section>
      ) : null}

      <Section
        id="runouts"
        title={t("analysis.runouts")}
        table="runouts"
        period={d.period}
        more={d.runouts.length - LIST}
        note={`${
          deliveryDay
            ? t("analysis.runouts.note", { days: d.daysUntilDelivery, date: deliveryDay })
            : t("analysis.runouts.noteNoRoute", { days: d.daysUntilDelivery })
        } ${t("analysis.runouts.differs")}`}
      >
        {d.runouts.length === 0 ? (
          <Empty>{t("analysis.runouts.none")}</Empty>
        ) : (
          <ul className="divide-y divide-stone-100 text-sm">
            {d.runouts.slice(0, LIST).map((r) => (
              <Row
                key={r.productId}
                to={productLink(r.productId)}
                name={r.name}
                sub={[
                  t("analysis.runouts.rate", { qty: number(r.unitsPer28), unit: r.baseUnit }),
                  ...(r.incoming > 0
                    ? [t("analysis.runouts.incoming", { qty: number(r.incoming), unit: r.baseUnit })]
                    : []),
                ].join(" · ")}
                right={
                  r.onHand <= 0
                    ? t("analysis.runouts.out", { qty: number(r.onHand), unit: r.baseUnit })
                    : t("analysis.runouts.cover", {
                        qty: number(r.onHand),
                        unit: r.baseUnit,
                        days: days(r.coverTenths),
                      })
                }
              />
            ))}
          </ul>
        )}
      </Section>

      <Section
        id="sellers"
        title={t("analysis.sellers")}
        table="sellers"
        period={d.period}
        more={d.soldProducts - LIST}
      >
        {d.topSellers.length === 0 ? (
          <Empty>{t("analysis.sellers.none")}</Empty>
        ) : (
          <ol className="divide-y divide-stone-100 text-sm">
            {d.topSellers.slice(0, LIST).map((r) => (
              <Row
                key={r.productId}
                to={productLink(r.productId)}
                name={r.name}
                right={t("analysis.units", { qty: number(r.qty), unit: r.baseUnit })}
                rightSub={money(r.takingsFen)}
              />
            ))}
          </ol>
        )}
      </Section>

      {d.withCost ? (
        <Section
          id="earners"
          title={t("analysis.earners")}
          table="earners"
          period={d.period}
          more={d.soldProducts - LIST}
        >
          {d.topEarners.length === 0 ? (
            <Empty>{t("analysis.sellers.none")}</Empty>
          ) : (
            <ol className="divide-y divide-stone-100 text-sm">
              {d.topEarners.slice(0, LIST).map((r) => (
                <Row
                  key={r.productId}
                  to={productLink(r.productId)}
                  name={r.name}
                  right={t("analysis.profit", { money: money(r.profitFen ?? 0) })}
                  rightSub={t("analysis.units", { qty: number(r.qty), unit: r.baseUnit })}
                />
              ))}
            </ol>
          )}
        </Section>
      ) : null}

      <Section
        id="slow"
        title={t("analysis.slow", { days: SLOW_AFTER_DAYS })}
        table="slow"
        period={d.period}
        more={d.slowMovers.length - LIST}
      >
        {d.slowMovers.length === 0 ? (
          <Empty>{t("analysis.slow.none")}</Empty>
        ) : (
          <ul className="divide-y divide-stone-100 text-sm">
            {d.slowMovers.slice(0, LIST).map((r) => (
              <Row
                key={r.productId}
                to={productLink(r.productId)}
                name={r.name}
                sub={r.lastSaleDay ? t("analysis.slow.last", { date: day(r.lastSaleDay) }) : t("analysis.slow.never")}
                right={t("analysis.units", { qty: number(r.onHand), unit: r.baseUnit })}
                rightSub={r.tiedUpFen !== null ? t("analysis.slow.tied", { money: money(r.tiedUpFen) }) : undefined}
              />
            ))}
          </ul>
        )}
      </Section>

      <Section
        id="expiring"
        title={t("analysis.expiring", { days: EXPIRING_WITHIN_DAYS })}
        table="expiring"
        period={d.period}
        more={d.expiring.length - LIST}
      >
        {d.expiring.length === 0 ? (
          <Empty>{t("analysis.expiring.none", { days: EXPIRING_WITHIN_DAYS })}</Empty>
        ) : (
          <ul className="divide-y divide-stone-100 text-sm">
            {d.expiring.slice(0, LIST).map((r) => (
              <Row
                key={r.lotId}
                to={`/store/products/${r.productId}`}
                name={r.name}
                sub={
                  r.daysLeft < 0
                    ? t("analysis.expiring.past", { date: day(r.expiryDate) })
                    : r.daysLeft === 0
                      ? t("analysis.expiring.today")
                      : t("analysis.expiring.in", { days: r.daysLeft, date: day(r.expiryDate) })
                }
                right={t("analysis.units", { qty: number(r.onHand), unit: r.baseUnit })}
                rightSub={r.valueFen !== null ? money(r.valueFen) : undefined}
              />
            ))}
          </ul>
        )}
      </Section>

      <Section
        id="credit"
        title={t("analysis.credit")}
        table="credit"
        period={d.period}
        more={d.credit.owing.length - LIST}
      >
        {d.credit.owing.length === 0 ? (
          <Empty>{t("analysis.credit.none")}</Empty>
        ) : (
          <>
            <p className="text-lg font-bold tabular-nums" data-testid="credit-total">
              {money(d.credit.totalOwedFen)}
            </p>
            <ul className="divide-y divide-stone-100 text-sm">
              {d.credit.owing.slice(0, LIST).map((c) => (
                <Row key={c.id} to={`/store/customers/${c.id}`} name={c.name} right={money(c.balanceFen)} />
              ))}
            </ul>
          </>
        )}
      </Section>

      {d.stockValueFen !== null ? (
        <section className="flex items-center gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="stock-value">
          <h2 className="flex-1 font-semibold">{t("analysis.stockValue")}</h2>
          <span className="text-lg font-bold tabular-nums">{money(d.stockValueFen)}</span>
          <a
            href="/store/export/stock.xlsx"
            download
            className="flex min-h-11 items-center px-1.5 text-sm text-brand-700 underline"
          >
            {t("analysis.export.xlsx")}
          </a>
        </section>
      ) : null}
    </div>
  );
}
