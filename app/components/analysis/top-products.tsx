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
export function TopSellers(props: Props) {
  const { t, money, number } = useT();
  return (
    <Ranking
      {...props}
      list="sellers"
      title={t("analysis.sellers")}
      figures={(r) => ({
        right: t("analysis.units", { qty: number(r.qty), unit: r.baseUnit }),
        sub: money(r.takingsFen),
      })}
    />
  );
}

/** 最赚钱: the period's products by profit (only for who sees cost). */
export function TopEarners(props: Props) {
  const { t, money, number } = useT();
  return (
    <Ranking
      {...props}
      list="earners"
      title={t("analysis.earners")}
      figures={(r) => ({
        right: t("analysis.profit", { money: money(r.profitFen ?? 0) }),
        sub: t("analysis.units", { qty: number(r.qty), unit: r.baseUnit }),
      })}
    />
  );
}

/** One ranked list of the period's products: its first LIST rows, each with two figures. */
function Ranking({
  rows,
  period,
  soldProducts,
  list,
  title,
  figures,
}: Props & {
  list: "sellers" | "earners";
  title: string;
  figures: (r: SellerRow) => { right: string; sub: string };
}) {
  const { t } = useT();
  return (
    <Section id={list} title={title} table={list} period={period} more={soldProducts - LIST}>
      {rows.length === 0 ? (
        <Empty>{t("analysis.sellers.none")}</Empty>
      ) : (
        <ol className="divide-y divide-stone-100 text-sm">
          {rows.slice(0, LIST).map((r) => {
            const { right, sub } = figures(r);
            return <Row key={r.productId} to={productLink(r.productId)} name={r.name} right={right} rightSub={sub} />;
          })}
        </ol>
      )}
    </Section>
  );
}
