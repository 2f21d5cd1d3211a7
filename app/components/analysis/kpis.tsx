import type { StoreDashboard } from "~/domain/analysis/dashboard.server";
import { useT } from "~/i18n/use-t";
import { Kpi, pct } from "./parts";

/** The period's headline figures against the previous period; the margin only for who sees cost. */
export function Kpis({ current, previous, withCost }: Pick<StoreDashboard, "current" | "previous" | "withCost">) {
  const { t, money, number } = useT();
  return (
    <>
      <dl className="grid grid-cols-2 gap-2" data-testid="kpis">
        <Kpi
          testId="kpi-takings"
          label={t("analysis.kpi.takings")}
          value={money(current.takingsFen)}
          cur={current.takingsFen}
          prev={previous.takingsFen}
          prevValue={money(previous.takingsFen)}
        />
        {current.marginFen !== null && previous.marginFen !== null ? (
          <Kpi
            testId="kpi-margin"
            label={t("analysis.kpi.margin")}
            value={money(current.marginFen)}
            extra={t("analysis.kpi.marginPct", { pct: pct(current.marginBp ?? 0) })}
            cur={current.marginFen}
            prev={previous.marginFen}
            prevValue={money(previous.marginFen)}
          />
        ) : null}
        <Kpi
          testId="kpi-sales"
          label={t("analysis.kpi.sales")}
          value={number(current.sales)}
          cur={current.sales}
          prev={previous.sales}
          prevValue={number(previous.sales)}
        />
        <Kpi
          testId="kpi-basket"
          label={t("analysis.kpi.basket")}
          value={money(current.basketFen)}
          cur={current.basketFen}
          prev={previous.basketFen}
          prevValue={money(previous.basketFen)}
        />
      </dl>
      {!withCost ? <p className="text-xs text-stone-500">{t("analysis.clerkNote")}</p> : null}
    </>
  );
}
