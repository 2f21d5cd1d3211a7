import { Form, Link } from "@remix-run/react";
import { RequestId } from "~/components/alliance/hidden";
import { Field, FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";

type Row = {
  id: string;
  kind: "recall" | "drill";
  status: "open" | "released";
  label: string;
  reason: string;
  createdAt: number;
  stores: number;
  confirmed: number;
};

/** 召回与演练: start a recall or a drill, and the list of them (a distributor's or an alliance's). */
export function RecallsPage({
  base,
  rows,
  sources,
  requestId,
  mayFlag,
  errors,
}: {
  base: string;
  rows: Row[];
  sources: { value: string; label: string }[];
  requestId: string;
  mayFlag: boolean;
  errors: ActionErrors;
}) {
  const { t, dateTime } = useT();
  return (
    <>
      <h1 className="text-xl font-bold">{t("recall.title")}</h1>
      <p className="text-sm text-stone-600">{t("recall.intro")}</p>
      {mayFlag ? (
        <Form method="post" className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm" data-testid="flag-form">
          <h2 className="font-semibold">{t("recall.new")}</h2>
          <RequestId value={requestId} />
          <FormError errors={errors} />
          {sources.length === 0 ? <p className="text-sm text-stone-500">{t("recall.noSources")}</p> : null}
          <Select
            label={t("recall.source")}
            name="source"
            options={[{ value: "", label: t("recall.sourcePick") }, ...sources]}
            errors={errors}
          />
          <Field label={t("recall.reason")} name="reason" maxLength={200} errors={errors} />
          <Field
            label={t("recall.returnNote")}
            name="returnNote"
            hint={t("recall.returnNoteHint")}
            maxLength={200}
            optional
            errors={errors}
          />
          <label className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="drill" className="size-5" />
            {t("recall.drill")}
          </label>
          <SubmitButton>{t("recall.submit")}</SubmitButton>
        </Form>
      ) : null}
      {rows.length === 0 ? <p className="text-stone-500">{t("recall.none")}</p> : null}
      <ul className="flex flex-col gap-2" data-testid="recalls">
        {rows.map((r) => (
          <li key={r.id}>
            <Link to={`${base}/${r.id}`} className="flex flex-col gap-1 rounded-xl bg-white p-3 shadow-sm">
              <span className="flex flex-wrap items-center gap-2">
                <span
                  className={`rounded px-1.5 text-xs font-semibold ${r.kind === "drill" ? "bg-sky-100 text-sky-800" : "bg-red-100 text-red-800"}`}
                >
                  {t(`recall.kind.${r.kind}`)}
                </span>
                <span className="font-medium break-words text-brand-700">{r.label}</span>
              </span>
              <span className="text-sm break-words text-stone-600">{r.reason}</span>
              <span className="text-xs text-stone-500">
                {dateTime(r.createdAt)} · {t(`recall.status.${r.status}`)} ·{" "}
                {t("recall.storesConfirmed", { confirmed: r.confirmed, stores: r.stores })}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
