import { gramsToJin } from "~/domain/produce/amounts";
import { useT } from "~/i18n/use-t";

type Unit = "jin" | "piece";

/** A weight (grams) in 斤, or a count in pieces, as a shopkeeper reads it. */
export function useProduceFormat() {
  const { t, money } = useT();
  return {
    qty: (unit: Unit, qty: number) =>
      unit === "jin" ? t("produce.qty.jin", { jin: gramsToJin(qty), grams: qty }) : t("produce.qty.piece", { n: qty }),
    price: (unit: Unit, fen: number) => t(`produce.price.${unit}`, { price: money(fen) }),
  };
}

/** The grade → price card: every grade of a produce and its price, shown to the farmer first. */
export function PriceCard({
  lines,
}: {
  lines: { id: string; produce: string; grade: string; unit: Unit; priceFen: number }[];
}) {
  const { t } = useT();
  const f = useProduceFormat();
  return (
    <table className="w-full text-sm" data-testid="price-card">
      <caption className="pb-1 text-left font-semibold">{t("produce.card.title")}</caption>
      <thead>
        <tr className="text-left text-xs text-stone-500">
          <th className="py-1">{t("produce.field.produce")}</th>
          <th>{t("produce.field.grade")}</th>
          <th className="text-right">{t("produce.field.listPrice")}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.id} className="border-t border-stone-100">
            <td className="py-2">{l.produce}</td>
            <td>{l.grade}</td>
            <td className="text-right tabular-nums">{f.price(l.unit, l.priceFen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Card({ children, testId }: { children: React.ReactNode; testId?: string }) {
  return (
    <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid={testId}>
      {children}
    </section>
  );
}
