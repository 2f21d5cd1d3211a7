import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

// (recallui) Recalled units shown apart from sellable stock, with the recall's reason (decision 047).

/** "召回隔离 6袋（不可售）：reason" under a product's name; with `sellable`, the sellable figure too. */
export function QuarantineLine({
  quarantined,
  unit,
  sellable,
  recallId,
}: {
  quarantined: { units: number; reason: string } | undefined;
  unit: string;
  sellable?: number;
  recallId?: string;
}) {
  const { t, number } = useT();
  if (!quarantined || quarantined.units <= 0) return null;
  return (
    <span
      className="mt-1 block rounded-md bg-red-50 px-2 py-1 text-xs font-medium break-words text-red-800"
      data-testid="quarantined"
    >
      {sellable !== undefined ? (
        <span className="block text-sm font-semibold text-stone-900" data-testid="sellable">
          {t("recall.stock.sellable")} {number(sellable)}
          {unit}
        </span>
      ) : null}
      {t("recall.stock.apart", { units: number(quarantined.units), unit, reason: quarantined.reason })}
      {recallId ? (
        <Link to={`/store/recalls/${recallId}`} className="flex min-h-11 items-center font-semibold underline">
          {t("recall.stock.open")} ›
        </Link>
      ) : null}
    </span>
  );
}

/** A lot under a recall, on the product page's lot list. */
export function QuarantinedLotTag({ lot }: { lot: { reason: string } | undefined }) {
  const { t } = useT();
  if (!lot) return null;
  return (
    <span className="block max-w-40 text-xs font-medium break-words text-red-800" data-testid="lot-quarantined">
      {t("recall.stock.lot", { reason: lot.reason })}
    </span>
  );
}
