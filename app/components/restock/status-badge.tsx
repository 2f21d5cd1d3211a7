import type { OrderStatus } from "~/domain/restock/kinds";
import { useT } from "~/i18n/use-t";

const TONE: Record<OrderStatus, string> = {
  submitted: "bg-amber-100 text-amber-900",
  confirmed: "bg-sky-100 text-sky-900",
  picking: "bg-sky-100 text-sky-900",
  out_for_delivery: "bg-violet-100 text-violet-900",
  delivered: "bg-brand-100 text-brand-900",
  received: "bg-stone-200 text-stone-700",
  rejected: "bg-red-100 text-red-800",
  cancelled: "bg-stone-200 text-stone-600",
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useT();
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${TONE[status]}`}
      data-status={status}
    >
      {t(`order.status.${status}`)}
    </span>
  );
}
