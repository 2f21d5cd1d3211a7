import type { RunoutRow } from "~/domain/analysis/dashboard.server";
import type { Period } from "~/domain/analysis/periods";
import { useT } from "~/i18n/use-t";
import { days, Empty, LIST, productLink, Row, Section } from "./parts";

/** 下次送货前会卖完: products whose shelf (and what is on the way) runs out before the next delivery. */
export function Runouts({
  runouts,
  period,
  deliveryDay,
  daysUntilDelivery,
}: {
  runouts: RunoutRow[];
  period: Period;
  /** The next delivery's day in words, or null when the store is on no route. */
  deliveryDay: string | null;
  daysUntilDelivery: number;
}) {
  const { t, number } = useT();
  return (
    <Section
      id="runouts"
      title={t("analysis.runouts")}
      table="runouts"
      period={period}
      more={runouts.length - LIST}
      note={`${
        deliveryDay
          ? t("analysis.runouts.note", { days: daysUntilDelivery, date: deliveryDay })
          : t("analysis.runouts.noteNoRoute", { days: daysUntilDelivery })
      } ${t("analysis.runouts.differs")}`}
    >
      {runouts.length === 0 ? (
        <Empty>{t("analysis.runouts.none")}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {runouts.slice(0, LIST).map((r) => (
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
  );
}
