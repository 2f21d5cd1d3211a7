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
  /** The warehouse lots dispatch carried for the line (batch, expiry, base units). */
  lots?: { batchNo: string; expiryDate: string; qty: number }[];
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
              <LineAmount line={l} />
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

/** Picked short: what the line is charged (what was shipped), with the ordered amount struck beside it. */
function LineAmount({ line }: { line: OrderLine }) {
  const { money } = useT();
  const ordered = line.qtyPacks * line.casePriceFen;
  const shipped = line.shippedPacks * line.casePriceFen;
  if (line.pickedPacks === null || shipped === ordered) {
    return <span className="shrink-0 tabular-nums">{money(ordered)}</span>;
  }
  return (
    <span className="shrink-0 text-right tabular-nums" data-testid="line-amount">
      <s className="mr-1 text-xs text-stone-400">{money(ordered)}</s>
      <span className="font-semibold">{money(shipped)}</span>
    </span>
  );
}

/**
 * The order's total as its lines add up: once a line is picked short, the total charged is the
 * shipped amount (what the account is charged at delivery) and the ordered amount is shown too.
 */
export function OrderTotal({ lines, totalFen }: { lines: OrderLine[]; totalFen: number }) {
  const { t, money } = useT();
  const ordered = lines.reduce((n, l) => n + l.qtyPacks * l.casePriceFen, 0);
  const shipped = lines.reduce((n, l) => n + l.shippedPacks * l.casePriceFen, 0);
  const short = shipped !== ordered;
  return (
    <div className="flex flex-col gap-0.5" data-testid="order-total">
      {short ? (
        <p className="flex justify-between text-sm text-stone-600">
          <span>{t("accounts.order.orderedTotal")}</span>
          <s className="tabular-nums">{money(ordered)}</s>
        </p>
      ) : null}
      <p className="flex justify-between font-semibold">
        <span>{t(short ? "accounts.order.shippedTotal" : "restock.order.total")}</span>
        <span className="tabular-nums">{money(totalFen)}</span>
      </p>
    </div>
  );
}
