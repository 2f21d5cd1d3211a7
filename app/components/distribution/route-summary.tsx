import { isoWeekday } from "~/domain/dates";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

/** "周二、周五 · 送货前 1 天 18:00 截单" and the next delivery, as a route is read. */
export function RouteSummary({
  weekdays,
  cutoffTime,
  cutoffDaysBefore,
  next,
}: {
  weekdays: string;
  cutoffTime: string;
  cutoffDaysBefore: number;
  next: { deliveryDate: string; cutoffAt: number } | null;
}) {
  const { t, dateTime } = useT();
  const days = weekdays
    .split(",")
    .filter(Boolean)
    .map((d) => t(`weekday.${d}` as MessageKey))
    .join("、");
  const rule =
    cutoffDaysBefore === 0
      ? t("routes.cutoffSameDay", { time: cutoffTime })
      : t("routes.cutoffRule", { days: cutoffDaysBefore, time: cutoffTime });
  const weekdayOf = (date: string) => {
    return t(`weekday.${isoWeekday(date)}` as MessageKey);
  };
  return (
    <>
      <span className="block text-sm">
        {days} · {rule}
      </span>
      <span className="block text-sm text-stone-600">
        {next
          ? t("routes.next", {
              date: next.deliveryDate,
              weekday: weekdayOf(next.deliveryDate),
              cutoff: dateTime(next.cutoffAt),
            })
          : t("routes.noNext")}
      </span>
    </>
  );
}
