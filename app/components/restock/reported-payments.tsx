import { Form } from "@remix-run/react";
import type { ActionErrors } from "~/components/forms";
import { FormError } from "~/components/forms";
import { useT } from "~/i18n/use-t";

export type ReportedPayment = {
  id: string;
  amountFen: number;
  method: "cash" | "bank" | "wechat" | "alipay";
  paidOn: string;
  reference: string | null;
  status: "pending" | "confirmed" | "rejected";
  rejectReason: string | null;
};

const STATUS_STYLE = {
  pending: "bg-amber-100 text-amber-900",
  confirmed: "bg-brand-50 text-brand-800",
  rejected: "bg-red-50 text-red-800",
} as const;

/**
 * Payments a store reported on one account. The store sees where each stands; the office gets,
 * on each pending one, a form to confirm it or send it back with a reason (works without JS).
 */
export function ReportedPayments({
  reports,
  decide,
}: {
  reports: ReportedPayment[];
  decide?: { action: string; requestId: string; errors: ActionErrors };
}) {
  const { t, money } = useT();
  if (reports.length === 0 && !decide) return null;
  return (
    <section className="flex flex-col gap-2" data-testid="reported-payments">
      <h2 className="font-semibold">{t("accounts.reports.title")}</h2>
      {decide ? <FormError errors={decide.errors} /> : null}
      {reports.length === 0 ? <p className="text-sm text-stone-500">{t("accounts.reports.none")}</p> : null}
      <ul className="flex flex-col gap-2">
        {reports.map((r) => (
          <li key={r.id} className="flex flex-col gap-2 rounded-xl bg-white p-3 text-sm shadow-sm" data-report={r.id}>
            <div className="flex items-center justify-between gap-2">
              <span className="min-w-0">
                <span className="block font-semibold tabular-nums">{money(r.amountFen)}</span>
                <span className="block text-xs text-stone-500">
                  {t(`restock.account.method.${r.method}`)} · {t("accounts.reports.paidOn", { date: r.paidOn })}
                  {r.reference ? ` · ${r.reference}` : ""}
                </span>
              </span>
              <span className={`shrink-0 rounded px-2 py-1 text-xs font-medium ${STATUS_STYLE[r.status]}`}>
                {t(`accounts.reports.status.${r.status}`)}
              </span>
            </div>
            {r.status === "rejected" && r.rejectReason ? (
              <p className="text-xs text-red-800">
                {t("accounts.reports.rejectedBecause", { reason: r.rejectReason })}
              </p>
            ) : null}
            {decide && r.status === "pending" ? (
              <Form method="post" action={decide.action} className="flex flex-col gap-2" noValidate>
                <input type="hidden" name="requestId" value={`${decide.requestId}-${r.id}`} />
                <input type="hidden" name="reportId" value={r.id} />
                <label className="flex flex-col gap-1 text-xs text-stone-600">
                  {t("accounts.reports.rejectReason")}
                  <input
                    name="reason"
                    maxLength={200}
                    className="min-h-11 rounded-lg border border-stone-300 bg-white px-2 text-sm"
                  />
                </label>
                <div className="grid grid-cols-2 gap-2">
                  <button
                    type="submit"
                    name="decision"
                    value="confirm"
                    className="min-h-11 rounded-lg bg-brand-700 px-3 font-semibold text-white"
                  >
                    {t("accounts.reports.confirm")}
                  </button>
                  <button
                    type="submit"
                    name="decision"
                    value="reject"
                    className="min-h-11 rounded-lg border border-stone-300 bg-white px-3 font-semibold text-stone-700"
                  >
                    {t("accounts.reports.reject")}
                  </button>
                </div>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
