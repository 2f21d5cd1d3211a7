import { useT } from "~/i18n/use-t";

type HeldLot = {
  lotId: string;
  name: string;
  baseUnit: string;
  batchNo: string;
  expiryDate: string;
  onHand: number;
  reason: string;
};

/** The warehouse's lots kept apart under a recall, with the reason (decision 046): never shipped. */
export function WarehouseHeld({ lots }: { lots: HeldLot[] }) {
  const { t, number } = useT();
  if (lots.length === 0) return null;
  return (
    <section className="rounded-xl border border-red-300 bg-red-50 p-3 text-sm" data-testid="warehouse-held">
      <h2 className="font-semibold text-red-800">{t("recall.warehouse.title")}</h2>
      <ul className="mt-1 flex flex-col gap-1">
        {lots.map((l) => (
          <li key={l.lotId} className="break-words">
            <span className="font-medium">{l.name}</span> ·{" "}
            {t("recall.warehouse.lot", {
              batch: [l.batchNo, l.expiryDate].filter(Boolean).join(" · ") || "—",
              units: `${number(l.onHand)} ${l.baseUnit}`,
            })}
            <span className="block text-xs text-red-800">{l.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
