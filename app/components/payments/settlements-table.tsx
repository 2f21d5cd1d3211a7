import type { SettlementRow } from "~/domain/payments/settlements.server";
import { useT } from "~/i18n/use-t";

/** 定金结算: one row per credited order, the other side, the store, the group buy, the amount. */
export function SettlementsTable({ rows, totalFen, side }: { rows: SettlementRow[]; totalFen: number; side: string }) {
  const { t, money, dateTime } = useT();
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-semibold">{t("payments.settlements.title")}</h1>
      <p className="text-sm text-stone-600">{t("payments.settlements.intro")}</p>
      <p className="rounded-lg bg-white p-3 font-semibold shadow-sm" data-testid="settlements-total">
        {t(side === "alliance" ? "payments.settlements.owedByAlliance" : "payments.settlements.owedToDistributor", {
          amount: money(totalFen),
        })}
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-stone-600">{t("payments.settlements.none")}</p>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="settlements">
          {rows.map((r) => (
            <li key={r.id} className="flex flex-col gap-0.5 rounded-xl bg-white p-3 shadow-sm" data-testid="settlement">
              <div className="flex items-baseline justify-between gap-2">
                <span className="font-medium">{r.counterpartyName}</span>
                <span className="font-semibold tabular-nums">{money(r.amountFen)}</span>
              </div>
              <span className="text-sm text-stone-700">
                {t("payments.settlements.col.store")}：{r.storeName} · {t("payments.settlements.col.campaign")}：
                {r.campaignTitle}
              </span>
              <span className="text-xs text-stone-500">{dateTime(r.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
