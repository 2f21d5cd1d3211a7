import type { OrderStatus } from "~/domain/restock/kinds";
import { useT } from "~/i18n/use-t";

type Step = {
  id: string;
  from: string | null;
  to: string;
  reason: string | null;
  at: number;
  actorName: string | null;
};

/** Who moved the order, when, from what to what, and why: both sides read the same history. */
export function Timeline({ steps }: { steps: Step[] }) {
  const { t, dateTime } = useT();
  return (
    <ol className="flex flex-col gap-2 border-l-2 border-stone-200 pl-3" data-testid="timeline">
      {steps.map((s) => (
        <li key={s.id} className="text-sm">
          <span className="font-semibold">{t(`order.status.${s.to as OrderStatus}`)}</span>
          <span className="ml-2 text-xs text-stone-500 tabular-nums">{dateTime(s.at)}</span>
          <span className="ml-2 text-xs text-stone-500">{s.actorName ?? t("restock.order.system")}</span>
          {s.reason ? <span className="block text-stone-700">{s.reason}</span> : null}
        </li>
      ))}
    </ol>
  );
}
