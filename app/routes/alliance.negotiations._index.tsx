import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RequestId } from "~/components/alliance/hidden";
import { Field, FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { CERTIFICATE_KINDS } from "~/domain/alliances/kinds";
import { addDays, shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { requestFormSchema } from "~/domain/negotiation/fields.server";
import { interestOfAlliance } from "~/domain/negotiation/interest.server";
import { listRequests } from "~/domain/negotiation/negotiation-detail.server";
import { createRequest } from "~/domain/negotiation/save-request.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "rfq.view");
  return {
    requests: listRequests(ctx).map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      deadlineAt: r.deadlineAt,
      bands: r.bands,
    })),
    interest: interestOfAlliance(ctx),
    requestId: newId(),
    defaultDeadline: addDays(shanghaiDate(ctx.clock.now()), 7),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "rfq.save");
  const formData = await request.formData();
  const form = parseForm(formData, requestFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => createRequest(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/alliance/negotiations/${result.value.rfqId}`);
}

export default function Negotiations() {
  const { requests, interest, requestId, defaultDeadline } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, dateTime } = useT();
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{t("negotiation.title")}</h1>
        <Link
          to="/alliance/negotiations/deliveries"
          className="flex min-h-11 items-center text-sm text-brand-700 underline"
        >
          {t("negotiation.deliveries.link")}
        </Link>
      </div>
      {requests.length ? (
        <ul className="flex flex-col gap-2">
          {requests.map((r) => (
            <li key={r.id}>
              <Link
                to={`/alliance/negotiations/${r.id}`}
                className="flex min-h-11 flex-col gap-1 rounded-xl bg-white p-3 shadow-sm"
                data-testid="rfq-row"
              >
                <span className="flex items-start justify-between gap-2">
                  <span className="min-w-0 font-medium break-words">{r.title}</span>
                  <span className="shrink-0 rounded bg-stone-100 px-2 py-0.5 text-xs">
                    {t(`negotiation.status.${r.status}`)}
                  </span>
                </span>
                <span className="text-xs text-stone-500">
                  {t("negotiation.quote.deadline", { time: dateTime(r.deadlineAt) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-stone-500">{t("negotiation.empty")}</p>
      )}

      <details className="rounded-xl bg-white p-3 shadow-sm" open={Boolean(errors)}>
        <summary className="min-h-11 cursor-pointer content-center font-medium text-brand-700">
          {t("negotiation.new")}
        </summary>
        <Form method="post" className="mt-2 flex flex-col gap-3" key={requestId}>
          <RequestId value={requestId} />
          <FormError errors={errors} />
          <Field label={t("negotiation.field.title")} name="title" errors={errors} required />
          <div className="grid grid-cols-2 gap-2">
            <Field label={t("negotiation.field.category")} name="category" errors={errors} required />
            <Field label={t("negotiation.field.spec")} name="spec" errors={errors} optional />
          </div>
          <div className="grid grid-cols-3 gap-2">
            <Field label={t("negotiation.field.baseUnit")} name="baseUnit" defaultValue="瓶" errors={errors} required />
            <Field label={t("negotiation.field.packUnit")} name="packUnit" defaultValue="箱" errors={errors} required />
            <Field
              label={t("negotiation.field.packSize")}
              name="packSize"
              inputMode="numeric"
              defaultValue="12"
              errors={errors}
              required
            />
          </div>
          <Field label={t("negotiation.field.brands")} name="brands" errors={errors} optional />
          <Field label={t("negotiation.field.barcodes")} name="barcodes" inputMode="numeric" errors={errors} optional />
          <fieldset className="flex flex-col gap-1">
            <legend className="text-sm font-medium text-stone-700">{t("negotiation.field.certs")}</legend>
            {CERTIFICATE_KINDS.map((k) => (
              <label key={k} className="flex min-h-11 items-center gap-2">
                <input
                  type="checkbox"
                  name="certificatesRequired"
                  value={k}
                  className="size-5"
                  defaultChecked={k === "compliance"}
                />
                {t(`alliance.cert.kind.${k}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t("negotiation.field.quality")} name="qualityNote" errors={errors} optional />
          <Select
            label={t("negotiation.field.delivery")}
            name="delivery"
            errors={errors}
            options={[
              { value: "distributor", label: t("negotiation.delivery.distributor") },
              { value: "direct", label: t("negotiation.delivery.direct") },
            ]}
          />
          <Field label={t("negotiation.field.deliveryNote")} name="deliveryNote" errors={errors} optional />
          <div className="grid grid-cols-2 gap-2">
            <Field
              label={t("negotiation.field.paymentTerms")}
              name="paymentTermsDays"
              inputMode="numeric"
              defaultValue="30"
              errors={errors}
              required
            />
            <Field
              label={t("negotiation.field.rate")}
              name="annualRatePercent"
              inputMode="decimal"
              defaultValue="6"
              errors={errors}
              optional
            />
          </div>
          <div className="grid grid-cols-2 gap-2">
            <Field
              label={t("negotiation.field.deadline")}
              name="deadlineDate"
              type="date"
              defaultValue={defaultDeadline}
              errors={errors}
              required
            />
            <Field
              label={t("negotiation.field.deadlineTime")}
              name="deadlineTime"
              type="time"
              defaultValue="18:00"
              errors={errors}
              required
            />
          </div>
          <fieldset className="flex flex-col gap-1">
            <legend className="text-sm font-medium text-stone-700">{t("negotiation.field.bands")}</legend>
            {errors?.fieldErrors?.bands ? (
              <p className="text-sm text-red-700" role="alert">
                {errors.fieldErrors.bands}
              </p>
            ) : null}
            <div className="grid grid-cols-5 gap-1">
              {[0, 1, 2, 3, 4].map((i) => (
                <input
                  key={i}
                  name={`band${i}`}
                  aria-label={`${t("negotiation.field.bands")} ${i + 1}`}
                  inputMode="numeric"
                  defaultValue={errors?.values?.[`band${i}`] ?? ["100", "300", "600", "", ""][i]}
                  className="min-h-12 w-full min-w-0 rounded-lg border border-stone-300 px-2 text-base"
                />
              ))}
            </div>
          </fieldset>
          <SubmitButton>{t("negotiation.save")}</SubmitButton>
        </Form>
      </details>

      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("negotiation.interest.list")}</h2>
        {interest.length ? (
          <ul className="flex flex-col gap-1 text-sm">
            {interest.map((i) => (
              <li key={i.id} className="rounded-lg bg-white p-2 break-words shadow-sm" data-testid="interest-row">
                {t("negotiation.interest.line", { store: i.storeName, product: i.product, packs: i.packsPerMonth })}
                {i.barcode ? <span className="ml-1 text-xs text-stone-500 tabular-nums">{i.barcode}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">—</p>
        )}
      </section>
    </>
  );
}
