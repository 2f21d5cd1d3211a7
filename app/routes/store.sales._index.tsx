import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { addDays, isValidDate, shanghaiDate } from "~/domain/dates";
import { listSales } from "~/domain/sales/list-sales.server";
import { TENDERS } from "~/domain/sales/tenders";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-analysis";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "sale.view");
  const param = new URL(request.url).searchParams.get("date") ?? "";
  const today = shanghaiDate(ctx.clock.now());
  return { today, ...listSales(ctx, { date: isValidDate(param) ? param : today }) };
}

export default function Sales() {
  const { today, date, items, summary } = useLoaderData<typeof loader>();
  const { t, money, dateTime } = useT();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("sales.title")}</h1>
        <Link
          to="/store/sell"
          className="flex min-h-11 items-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white"
        >
          {t("nav.sell")}
        </Link>
      </div>
      <nav className="flex items-center justify-between gap-2 text-sm" aria-label={t("sales.title")}>
        <Link
          to={`?date=${addDays(date, -1)}`}
          className="flex min-h-11 items-center rounded-lg bg-white px-3 shadow-sm"
        >
          ← {t("sales.prevDay")}
        </Link>
        <span className="font-semibold tabular-nums">{date === today ? t("sales.today") : date}</span>
        {date < today ? (
          <Link
            to={`?date=${addDays(date, 1)}`}
            className="flex min-h-11 items-center rounded-lg bg-white px-3 shadow-sm"
          >
            {t("sales.nextDay")} →
          </Link>
        ) : (
          <span className="w-20" />
        )}
      </nav>
      <section className="rounded-xl bg-white p-3 shadow-sm">
        <p className="flex items-baseline justify-between">
          <span className="text-sm text-stone-600">
            {t("sales.net")} · {t("sales.count", { count: summary.count })}
          </span>
          <span className="text-2xl font-bold tabular-nums" data-testid="takings">
            {money(summary.totalFen)}
          </span>
        </p>
        <dl className="mt-2 grid grid-cols-4 gap-1 text-center text-xs">
          {TENDERS.map((tender) => (
            <div key={tender}>
              <dt className="text-stone-500">{t(`tender.${tender}`)}</dt>
              <dd className="font-semibold tabular-nums">{money(summary.byTender[tender])}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-1 flex justify-end gap-1 text-sm" data-testid="sales-export">
          <span className="flex min-h-11 items-center text-stone-500">{t("analysis.export")}</span>
          <a
            href={`/store/analysis/export.csv?table=sales&date=${date}`}
            download
            className="flex min-h-11 min-w-11 items-center justify-center px-1.5 text-brand-700 underline"
          >
            {t("analysis.export.csv")}
          </a>
          <a
            href={`/store/analysis/export.xlsx?table=sales&date=${date}`}
            download
            className="flex min-h-11 min-w-11 items-center justify-center px-1.5 text-brand-700 underline"
          >
            {t("analysis.export.xlsx")}
          </a>
        </p>
      </section>
      {items.length === 0 ? (
        <p className="py-8 text-center text-stone-500">{t("sales.empty")}</p>
      ) : (
        <ul className="flex flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm">
          {items.map((s) => (
            <li key={s.id}>
              <Link to={`/store/sales/${s.id}`} className="flex min-h-14 items-center gap-3 px-3 py-2">
                <span className="min-w-0 flex-1">
                  <span className="block text-sm tabular-nums">
                    {dateTime(s.createdAt).slice(-5)} · {t(`tender.${s.tender}`)}
                    {s.customerName ? ` · ${s.customerName}` : ""}
                  </span>
                  <span className="block text-xs text-stone-500">
                    {t("sales.items", { count: s.items })}
                    {s.status === "voided" ? (
                      <span className="ml-2 font-semibold text-red-700">{t("sales.voided")}</span>
                    ) : null}
                    {s.status !== "voided" && s.refundedFen > 0 ? (
                      <span className="ml-2 text-amber-700">{t("sales.returned")}</span>
                    ) : null}
                    {s.oversold ? <span className="ml-2 text-amber-700">{t("sales.oversold")}</span> : null}
                  </span>
                </span>
                <span
                  className={`font-semibold tabular-nums ${s.status === "voided" ? "text-stone-400 line-through" : ""}`}
                >
                  {money(s.totalFen)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
