import type { SellerRow } from "~/domain/analysis/dashboard.server";
import type { Period } from "~/domain/analysis/periods";
import { useT } from "~/i18n/use-t";
import { Empty, LIST, productLink, Row, Section } from "./parts";

type Props = {
  rows: SellerRow[];
  period: Period;
  /** Products sold in the period: the lists' full length, in the downloads. */
  soldProducts: number;
};

/** 卖得最多: the period's best sellers by units, with their takings. */
export function TopSellers({ rows, period, soldProducts }: Props) {
  const { t, money, number } = useT();
  return (
    <Section id="sellers" title={t("analysis.sellers")} table="sellers" period={period} more={soldProducts - LIST}>
      {rows.length === 0 ? (
        <Empty>{t("analysis.sellers.none")}</Empty>
      ) : (
        <ol className="divide-y divide-stone-100 text-sm">
          {rows.slice(0, LIST).map((r) => (
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
  );
}

/** 最赚钱: the period's products by profit (only for who sees cost). */
export function TopEarners({ rows, period, soldProducts }: Props) {
  const { t, money, number } = useT();
  return (
    <Section id="earners" title={t("analysis.earners")} table="earners" period={period} more={soldProducts - LIST}>
      {rows.length === 0 ? (
        <Empty>{t("analysis.sellers.none")}</Empty>
      ) : (
        <ol className="divide-y divide-stone-100 text-sm">
          {rows.slice(0, LIST).map((r) => (
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
  );
}
