import { useDay } from "~/components/restock/use-day";
import type { ExpiringRow, SlowRow } from "~/domain/analysis/dashboard.server";
import { EXPIRING_WITHIN_DAYS, SLOW_AFTER_DAYS, type Period } from "~/domain/analysis/periods";
import { useT } from "~/i18n/use-t";
import { Empty, LIST, productLink, Row, Section } from "./parts";

/** 不动销: stock that has not sold for SLOW_AFTER_DAYS, with its last sale and the money tied up. */
export function SlowMovers({ rows, period }: { rows: SlowRow[]; period: Period }) {
  const { t, money, number } = useT();
  const day = useDay();
  return (
    <Section
      id="slow"
      title={t("analysis.slow", { days: SLOW_AFTER_DAYS })}
      table="slow"
      period={period}
      more={rows.length - LIST}
    >
      {rows.length === 0 ? (
        <Empty>{t("analysis.slow.none")}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {rows.slice(0, LIST).map((r) => (
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
  );
}

/** Lots past or within EXPIRING_WITHIN_DAYS of their expiry date, each linked to its product. */
export function Expiring({ rows, period }: { rows: ExpiringRow[]; period: Period }) {
  const { t, money, number } = useT();
  const day = useDay();
  return (
    <Section
      id="expiring"
      title={t("analysis.expiring", { days: EXPIRING_WITHIN_DAYS })}
      table="expiring"
      period={period}
      more={rows.length - LIST}
    >
      {rows.length === 0 ? (
        <Empty>{t("analysis.expiring.none", { days: EXPIRING_WITHIN_DAYS })}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {rows.slice(0, LIST).map((r) => (
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
  );
}

/** 库存货值 at cost, with the stock sheet's download (only for who sees cost). */
export function StockValue({ valueFen }: { valueFen: number }) {
  const { t, money } = useT();
  return (
    <section className="flex items-center gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="stock-value">
      <h2 className="flex-1 font-semibold">{t("analysis.stockValue")}</h2>
      <span className="text-lg font-bold tabular-nums">{money(valueFen)}</span>
      <a
        href="/store/export/stock.xlsx"
        download
        className="flex min-h-11 items-center px-1.5 text-sm text-brand-700 underline"
      >
        {t("analysis.export.xlsx")}
      </a>
    </section>
  );
}
