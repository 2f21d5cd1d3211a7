import { useT } from "~/i18n/use-t";

type Refund = { id: string; storeName: string; amountFen: number; error: string | null };

/** The payee's attention list: refunds that failed, each with what to do (give it back by hand). */
export function FailedRefunds({ refunds }: { refunds: Refund[] }) {
  const { t, money } = useT();
  return (
    <section
      className="flex flex-col gap-2 rounded-xl border border-red-200 bg-red-50 p-3 text-sm text-red-900"
      data-testid="failed-refunds"
      aria-labelledby="failed-refunds-title"
    >
      <h2 id="failed-refunds-title" className="font-semibold">
        {t("payments.refund.title")}
      </h2>
      <ul className="flex flex-col gap-2">
        {refunds.map((r) => (
          <li key={r.id} className="flex flex-col gap-0.5">
            <span className="font-medium break-words">
              {t("payments.refund.failedRow", {
                store: r.storeName,
                amount: money(r.amountFen),
                error: r.error ?? "—",
              })}
            </span>
            <span>{t("payments.refund.whatToDo", { amount: money(r.amountFen) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
