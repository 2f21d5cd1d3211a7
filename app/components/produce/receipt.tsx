import { useT } from "~/i18n/use-t";
import { useProduceFormat } from "./bits";

export type ReceiptView = {
  storeName: string;
  farmerName: string;
  village: string;
  produce: string;
  grade: string;
  unit: "jin" | "piece";
  qty: number;
  priceFen: number;
  amountFen: number;
  payment: "cash" | "owed";
  certNo: string;
  harvestDate: string;
  boughtAt: number;
  disputeUntil: number;
};

/** The farmer's receipt: what was bought, at what price, how it was paid, and until when to dispute it. */
export function ReceiptBody({ receipt: r }: { receipt: ReceiptView }) {
  const { t, money, dateTime } = useT();
  const f = useProduceFormat();
  const rows: [string, string][] = [
    [t("produce.receipt.store"), r.storeName],
    [t("produce.receipt.farmer"), `${r.farmerName} · ${r.village}`],
    [t("produce.field.produce"), `${r.produce} · ${r.grade}`],
    [t("produce.field.qty"), f.qty(r.unit, r.qty)],
    [t("produce.field.price"), f.price(r.unit, r.priceFen)],
    [t("produce.field.certNo"), r.certNo],
    [t("produce.field.harvestDate"), r.harvestDate],
    [t("produce.receipt.boughtAt"), dateTime(r.boughtAt)],
    [t("produce.field.payment"), t(`produce.payment.${r.payment}`)],
  ];
  return (
    <div className="flex flex-col gap-2" data-testid="receipt">
      <h1 className="text-lg font-bold">{t("produce.receipt.title")}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-stone-500">{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p className="text-lg font-bold tabular-nums" data-testid="receipt-amount">
        {t("produce.receipt.amount", { amount: money(r.amountFen) })}
      </p>
      <p className="text-sm">{t("produce.receipt.dispute", { until: dateTime(r.disputeUntil) })}</p>
    </div>
  );
}
