import { Link } from "@remix-run/react";
import { PERIODS, type Period } from "~/domain/analysis/periods";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

/** The period tabs (plain links: they work without JavaScript) and what the period is compared with. */
export function PeriodNav({ period, hourCap }: { period: Period; hourCap: number | null }) {
  const { t } = useT();
  return (
    <>
      <nav
        aria-label={t("analysis.periods")}
        className="grid grid-cols-3 gap-1 rounded-xl bg-stone-200 p-1 text-center text-sm"
        data-testid="periods"
      >
        {PERIODS.map((p) => (
          <Link
            key={p}
            to={`?period=${p}`}
            aria-current={p === period ? "page" : undefined}
            className={`flex min-h-11 items-center justify-center rounded-lg ${p === period ? "bg-white font-semibold shadow-sm" : "text-stone-700"}`}
          >
            {t(`analysis.period.${p}` as MessageKey)}
          </Link>
        ))}
      </nav>
      <p className="-mt-1 text-xs text-stone-500">
        {period === "today"
          ? t("analysis.compare.today", { hour: hourCap ?? 0 })
          : t(`analysis.compare.${period}` as MessageKey)}
      </p>
    </>
  );
}
