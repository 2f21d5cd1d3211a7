import type { PaymentMethod } from "~/domain/restock/kinds";
import { useT } from "~/i18n/use-t";

type Account = {
  other: { name: string };
  balanceFen: number;
  openOrdersFen: number;
  entries: {
    id: string;
    kind: "order" | "payment" | "credit_note" | "produce";
    amountFen: number;
    method: PaymentMethod | null;
    note: string | null;
    createdAt: number;
    claimId: string | null;
  }[];
};

/** One store–distributor account: the balance (positive: the store owes) and its entries. */
export function AccountEntries({ account }: { account: Account }) {
  const { t, money, dateTime } = useT();
  return (
    <section className="flex flex-col gap-2" aria-label={account.other.name}>
      <h2 className="font-semibold">{account.other.name}</h2>
      <div className="grid grid-cols-2 gap-2">
        <div className="rounded-xl bg-white p-3 shadow-sm">
          <span className="block text-xs text-stone-500">{t("restock.account.balance")}</span>
          <span className="block text-xl font-bold tabular-nums" data-testid="balance">
            {money(account.balanceFen)}
          </span>
        </div>
        <div className="rounded-xl bg-white p-3 shadow-sm">
          <span className="block text-xs text-stone-500">{t("restock.account.open")}</span>
          <span className="block text-xl font-bold tabular-nums">{money(account.openOrdersFen)}</span>
        </div>
      </div>
      {account.entries.length === 0 ? <p className="text-sm text-stone-500">{t("restock.account.empty")}</p> : null}
      <ul className="divide-y divide-stone-100 rounded-xl bg-white shadow-sm" data-testid="entries">
        {account.entries.map((e) => (
          <li key={e.id} className="flex items-center justify-between gap-2 p-2 text-sm">
            <span className="min-w-0">
              <span className="block font-medium">
                {t(`restock.account.kind.${e.kind}`)}
                {e.method ? ` · ${t(`restock.account.method.${e.method}`)}` : ""}
              </span>
              <span className="block text-xs text-stone-500 tabular-nums">
                {dateTime(e.createdAt)}
                {e.note ? ` · ${e.note}` : ""}
              </span>
            </span>
            <span className={`shrink-0 font-semibold tabular-nums ${e.amountFen < 0 ? "text-brand-700" : ""}`}>
              {money(e.amountFen)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
