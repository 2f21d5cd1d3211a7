import { useT } from "~/i18n/use-t";

/** On-hand figure with the one warning that matters most: negative, expired, low or expiring. */
export function StockBadge({
  onHand,
  reorderPoint,
  unit,
  nextExpiry,
  expiresSoon,
  today,
}: {
  onHand: number;
  reorderPoint: number;
  unit: string;
  nextExpiry: string | null;
  expiresSoon: boolean;
  today: string;
}) {
  const { t, number } = useT();
  const low = onHand <= reorderPoint;
  return (
    <span className="flex shrink-0 flex-col items-end">
      <span className={`text-lg font-bold tabular-nums ${onHand < 0 ? "text-red-700" : low ? "text-amber-700" : ""}`}>
        {number(onHand)}
        <span className="ml-0.5 text-xs font-normal">{unit}</span>
      </span>
      {nextExpiry && expiresSoon ? (
        <span className={`text-xs ${nextExpiry < today ? "font-semibold text-red-700" : "text-amber-700"}`}>
          {nextExpiry < today ? t("products.expired") : t("products.expiresOn", { date: nextExpiry })}
        </span>
      ) : low ? (
        <span className="text-xs text-amber-700">{onHand < 0 ? t("products.negative") : t("products.low")}</span>
      ) : null}
    </span>
  );
}
