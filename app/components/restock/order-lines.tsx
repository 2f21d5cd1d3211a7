import type { OrderStatus } from "~/domain/restock/kinds";
import { useT } from "~/i18n/use-t";

export type OrderLine = {
  id: string;
  productId: string;
  name: string;
  packUnit: string | null;
  casePriceFen: number;
  qtyPacks: number;
  pickedPacks: number | null;
  shippedPacks: number;
  receivedPacks: number | null;
  damagedPacks: number | null;
};

/** Ordered, then (once picked) shipped, then (once received) received and damaged, per line. */
export function OrderLines({
  lines,
  status,
  extra,
}: {
  lines: OrderLine[];
  status: OrderStatus;
  extra?: (line: OrderLine) => React.ReactNode;
}) {
  const { t, money } = useT();
  const received = status === "received";
  return (
    <ul className="divide-y divide-stone-100 rounded-xl bg-white shadow-sm" data-testid="lines">
      {lines.map((l) => {
        const unit = l.packUnit || "件";
        return (
          <li key={l.id} className="flex flex-col gap-0.5 p-2 text-sm">
            <span className="flex justify-between gap-2">
              <span className="min-w-0 font-medium">{l.name}</span>
              <span className="shrink-0 tabular-nums">{money(l.qtyPacks * l.casePriceFen)}</span>
            </span>
            <span className="text-xs text-stone-600 tabular-nums">
              {t("restock.order.ordered")} {l.qtyPacks}
              {unit} × {money(l.casePriceFen)}
              {l.pickedPacks !== null ? ` · ${t("restock.order.shipped")} ${l.shippedPacks}${unit}` : ""}
              {received ? ` · ${t("restock.order.received")} ${l.receivedPacks ?? 0}${unit}` : ""}
              {received && l.damagedPacks ? ` · ${t("restock.order.damaged")} ${l.damagedPacks}${unit}` : ""}
            </span>
            {extra ? extra(l) : null}
          </li>
        );
      })}
    </ul>
  );
}
