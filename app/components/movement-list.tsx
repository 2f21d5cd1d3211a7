import { useT } from "~/i18n/use-t";

type Movement = {
  id: string;
  kind: "receipt" | "sale" | "return" | "adjustment" | "count" | "transfer";
  reason: "damaged" | "expired" | "lost" | "found" | null;
  qty: number;
  unitCostFen: number;
  batchNo: string;
  expiryDate: string;
  note: string | null;
  createdAt: number;
  actorName: string | null;
};

export function MovementList({ movements, unit }: { movements: Movement[]; unit: string }) {
  const { t, money, dateTime, number } = useT();
  if (movements.length === 0) return <p className="text-sm text-stone-500">{t("product.historyEmpty")}</p>;
  return (
    <ol className="divide-y divide-stone-100 text-sm" data-testid="movements">
      {movements.map((m) => (
        <li key={m.id} className="flex items-start justify-between gap-2 py-2">
          <span className="min-w-0">
            <span className="font-medium">
              {t(`movement.${m.kind}`)}
              {m.reason ? ` · ${t(`reason.${m.reason}`)}` : ""}
            </span>
            <span className="block text-xs text-stone-500">
              {dateTime(m.createdAt)}
              {m.actorName ? ` · ${m.actorName}` : ""}
              {m.batchNo ? ` · ${t("receive.batch")} ${m.batchNo}` : ""}
              {m.expiryDate ? ` · ${t("products.expiresOn", { date: m.expiryDate })}` : ""}
              {m.note ? ` · ${m.note}` : ""}
            </span>
          </span>
          <span className="shrink-0 text-right">
            <span className={`block font-semibold tabular-nums ${m.qty < 0 ? "text-red-700" : "text-brand-700"}`}>
              {m.qty > 0 ? "+" : ""}
              {number(m.qty)}
              {unit}
            </span>
            <span className="block text-xs text-stone-500">
              {money(m.unitCostFen)}/{unit}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}
