import { Form, Link } from "@remix-run/react";
import { RequestId } from "~/components/alliance/hidden";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import type { recallReport } from "~/domain/recall/report.server";
import { useT } from "~/i18n/use-t";

type Report = ReturnType<typeof recallReport>;

const cell = "border-b border-stone-200 px-2 py-1";
const num = `${cell} text-right tabular-nums`;

/**
 * The recall report (decision 041): where every unit is, sold by day and credit customer, the
 * stores' confirmations (a drill's timing), the who/why log; release with a reason. `print`
 * leaves out the forms and links (the printed sheet).
 */
export function RecallReport({
  report,
  base,
  requestId,
  mayRelease,
  print,
  errors,
}: {
  report: Report;
  base: string;
  requestId: string;
  mayRelease: boolean;
  print: boolean;
  errors: ActionErrors;
}) {
  const { t, dateTime, number } = useT();
  const { recall } = report;
  return (
    <>
      <h1 className="text-xl font-bold break-words">
        {t("recall.report")} · {t(`recall.kind.${recall.kind}`)} · {recall.sourceLabel}
      </h1>
      <p className="text-sm break-words text-stone-600">
        {t("recall.flaggedBy", { at: dateTime(recall.createdAt), reason: recall.reason })}
        {recall.returnNote ? ` · ${t("recall.returnArrangement", { note: recall.returnNote })}` : ""}
      </p>
      {recall.status === "released" ? (
        <p className="rounded-lg bg-stone-100 p-2 text-sm">
          {t("recall.releasedBecause", { reason: recall.releaseReason ?? "" })}
        </p>
      ) : null}
      {print ? null : (
        <div className="flex flex-wrap gap-2 print:hidden">
          <a
            href={`${base}/${recall.id}/export.xlsx`}
            download
            className="flex min-h-11 items-center rounded-lg border border-brand-700 px-3 font-semibold text-brand-700"
          >
            {t("recall.exportXlsx")}
          </a>
          <Link
            to={`${base}/${recall.id}?print=1`}
            className="flex min-h-11 items-center rounded-lg border border-stone-300 px-3"
          >
            {t("recall.print")}
          </Link>
        </div>
      )}
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("recall.where")}</h2>
        <div className="overflow-x-auto rounded-xl bg-white shadow-sm">
          <table className="w-full text-sm" data-testid="recall-lots">
            <thead>
              <tr className="text-left text-xs text-stone-500">
                <th className={cell}>{t("recall.col.holder")}</th>
                <th className={cell}>{t("recall.col.batch")}</th>
                <th className={num}>{t("recall.col.received")}</th>
                <th className={num}>{t("recall.col.inStock")}</th>
                <th className={num}>{t("recall.col.sold")}</th>
                <th className={num}>{t("recall.col.returned")}</th>
                <th className={num}>{t("recall.col.destroyed")}</th>
                <th className={num}>{t("recall.col.other")}</th>
              </tr>
            </thead>
            <tbody>
              {report.lots.map((l) => (
                <tr key={l.lotId} data-holder={l.holder}>
                  <td className={cell}>
                    {l.holder}
                    {l.holderKind === "store" ? "" : `（${t("recall.warehouse")}）`}
                    <span className="block text-xs text-stone-500">{l.name}</span>
                  </td>
                  <td className={cell}>{[l.batchNo, l.expiryDate].filter(Boolean).join(" · ")}</td>
                  <td className={num}>{number(l.received)}</td>
                  <td className={num}>{number(l.inStock)}</td>
                  <td className={num}>
                    {number(l.sold)}
                    {l.holderKind === "store" ? null : (
                      <span className="block text-xs text-stone-500">{t("recall.shippedToStores")}</span>
                    )}
                  </td>
                  <td className={num}>{number(l.returned)}</td>
                  <td className={num}>{number(l.destroyed)}</td>
                  <td className={num}>{number(l.other)}</td>
                </tr>
              ))}
              <tr className="font-semibold" data-testid="recall-totals">
                <td className={cell} colSpan={2}>
                  {t("recall.total")}
                </td>
                <td className={num}>{number(report.totals.received)}</td>
                <td className={num}>{number(report.totals.inStock)}</td>
                <td className={num}>{number(report.totals.sold)}</td>
                <td className={num}>{number(report.totals.returned)}</td>
                <td className={num}>{number(report.totals.destroyed)}</td>
                <td className={num}>{number(report.totals.other)}</td>
              </tr>
            </tbody>
          </table>
        </div>
        {report.backOnRuns.pickedUp > 0 ? (
          <p className="text-sm" data-testid="recall-back-on-runs">
            {t("recall.backOnRuns", {
              pickedUp: number(report.backOnRuns.pickedUp),
              quarantined: number(report.backOnRuns.quarantined),
              destroyed: number(report.backOnRuns.destroyed),
              awaiting: number(report.backOnRuns.awaiting),
            })}
          </p>
        ) : null}
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("recall.soldTitle")}</h2>
        {report.sold.length === 0 ? <p className="text-sm text-stone-500">{t("recall.noSales")}</p> : null}
        <ul className="flex flex-col gap-1 text-sm" data-testid="recall-sold">
          {report.sold.map((s) => (
            <li
              key={`${s.holder}|${s.day}|${s.customer}|${s.afterFlag}|${s.offline}`}
              className="rounded-lg bg-white p-2"
            >
              {s.day} · {s.holder} · {number(s.units)}
              {s.customer ? ` · ${t("recall.col.customer")}：${s.customer}` : ""}
              {s.afterFlag && s.offline ? <span className="text-amber-800"> · {t("recall.afterFlag")}</span> : null}
            </li>
          ))}
        </ul>
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("recall.storesTitle")}</h2>
        <ul className="flex flex-col gap-1 text-sm" data-testid="recall-stores">
          {report.stores.map((s) => (
            <li key={s.store} className="rounded-lg bg-white p-2">
              {s.store} ·{" "}
              {s.confirmedAt === null
                ? t("recall.notConfirmed")
                : `${dateTime(s.confirmedAt)} · ${t("recall.col.minutes")} ${number(s.minutes ?? 0)}`}
            </li>
          ))}
        </ul>
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("recall.log")}</h2>
        <ul className="flex flex-col gap-1 text-sm" data-testid="recall-log">
          {report.events.map((e, i) => (
            <li key={i} className="rounded-lg bg-white p-2 break-words">
              {dateTime(e.at)} · {e.org} · {e.actor ?? ""} · {t(`recall.event.${e.kind}`, { qty: e.qty })}
              {e.note ? ` · ${e.note}` : ""}
            </li>
          ))}
        </ul>
      </section>
      {!print && mayRelease && recall.status === "open" ? (
        <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm print:hidden">
          <RequestId value={requestId} />
          <FormError errors={errors} />
          <Field label={t("recall.releaseReason")} name="reason" maxLength={200} errors={errors} />
          <SubmitButton look="destructive">{t("recall.release")}</SubmitButton>
        </Form>
      ) : null}
    </>
  );
}
