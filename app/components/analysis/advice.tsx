import type { StoreDashboard } from "~/domain/analysis/dashboard.server";
import { EXPIRING_WITHIN_DAYS, SLOW_AFTER_DAYS } from "~/domain/analysis/periods";
import { useT } from "~/i18n/use-t";
import { AdviceCard } from "./parts";

type Props = Pick<StoreDashboard, "runouts" | "expiring" | "slowMovers" | "slowTiedUpFen" | "credit"> & {
  /** The next delivery's day in words, or null when the store is on no route. */
  deliveryDay: string | null;
};

/** 该做什么: what to do first (run-outs, expired and expiring lots, slow stock, credit), or "all good". */
export function Advice({ runouts, expiring, slowMovers, slowTiedUpFen, credit, deliveryDay }: Props) {
  const { t, money } = useT();
  const expired = expiring.filter((e) => e.daysLeft < 0).length;
  const soldOut = runouts.filter((r) => r.onHand <= 0).length;
  const advice: React.ReactNode[] = [];
  if (runouts.length > 0) {
    advice.push(
      <AdviceCard key="runouts" tone="warn" href="/store/restock" action={t("analysis.advice.restock")}>
        <a href="#runouts" className="inline-flex min-h-11 items-center underline decoration-amber-400">
          {!deliveryDay
            ? t("analysis.advice.runoutsNoRoute", { count: runouts.length })
            : soldOut > 0
              ? t("analysis.advice.runoutsOut", { count: runouts.length, date: deliveryDay, out: soldOut })
              : t("analysis.advice.runouts", { count: runouts.length, date: deliveryDay })}
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
  if (expiring.length - expired > 0) {
    advice.push(
      <AdviceCard key="expiring" tone="warn">
        <a href="#expiring" className="inline-flex min-h-11 items-center underline decoration-amber-400">
          {t("analysis.advice.expiring", { count: expiring.length - expired, days: EXPIRING_WITHIN_DAYS })}
        </a>
      </AdviceCard>,
    );
  }
  if (slowMovers.length > 0) {
    advice.push(
      <AdviceCard key="slow" tone="info">
        <a href="#slow" className="inline-flex min-h-11 items-center underline decoration-stone-300">
          {slowTiedUpFen !== null
            ? t("analysis.advice.slow", { money: money(slowTiedUpFen), count: slowMovers.length })
            : t("analysis.advice.slowClerk", { count: slowMovers.length, days: SLOW_AFTER_DAYS })}
        </a>
      </AdviceCard>,
    );
  }
  if (credit.owing.length > 0) {
    advice.push(
      <AdviceCard key="credit" tone="info" href="/store/customers" action={t("analysis.advice.see")}>
        {t("analysis.advice.credit", { money: money(credit.totalOwedFen), count: credit.owing.length })}
      </AdviceCard>,
    );
  }
  return (
    <section aria-labelledby="advice-h" data-testid="advice">
      <h2 id="advice-h" className="mb-2 text-sm font-medium text-stone-600">
        {t("analysis.advice")}
      </h2>
      <ul className="flex flex-col gap-2">
        {advice.length > 0 ? advice : <AdviceCard tone="ok">{t("analysis.advice.allGood")}</AdviceCard>}
      </ul>
    </section>
  );
}
