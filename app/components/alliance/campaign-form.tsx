import { Form } from "@remix-run/react";
import { Field, FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";
import { RequestId } from "./hidden";

type Options = {
  products: { id: string; name: string; supplierName: string; packSize: number; packUnit: string; baseUnit: string }[];
  distributors: { id: string; name: string }[];
};

const ROWS = [0, 1, 2, 3, 4];

/**
 * Drafting a campaign on a phone: one column, tiers as five short rows (packs | price), the
 * deadline as a date and a time. Works as a plain form; the server checks everything.
 */
export function CampaignForm({
  requestId,
  options,
  values,
  errors,
  submitLabel,
}: {
  requestId: string;
  options: Options;
  values: Record<string, string>;
  errors: ActionErrors;
  submitLabel: string;
}) {
  const { t } = useT();
  const tierError = errors?.fieldErrors?.tiers;
  const v = (name: string) => errors?.values?.[name] ?? values[name] ?? "";
  return (
    <Form method="post" className="flex flex-col gap-3" noValidate>
      <RequestId value={requestId} />
      <FormError errors={errors} />
      <Select
        label={t("alliance.form.product")}
        name="supplierProductId"
        errors={errors}
        defaultValue={values.supplierProductId}
        options={options.products.map((p) => ({
          value: p.id,
          label: `${p.name}（${p.supplierName}，${t("alliance.sp.pack", { packUnit: p.packUnit, packSize: p.packSize, baseUnit: p.baseUnit })}）`,
        }))}
      />
      <Field
        label={t("alliance.form.title")}
        name="title"
        hint={t("alliance.form.titleHint")}
        errors={errors}
        defaultValue={values.title}
        optional
      />
      <fieldset className="flex flex-col gap-2 rounded-lg border border-stone-200 p-2" aria-describedby="tiers-hint">
        <legend className="px-1 text-sm font-medium text-stone-700">{t("alliance.form.tiers")}</legend>
        <p id="tiers-hint" className="text-xs text-stone-500">
          {t("alliance.form.tiersHint")}
        </p>
        <div className="grid grid-cols-2 gap-2 text-xs font-medium text-stone-600" aria-hidden>
          <span>{t("alliance.form.colPacks")}</span>
          <span>{t("alliance.form.colPrice")}</span>
        </div>
        {ROWS.map((i) => (
          <div key={i} className="grid grid-cols-2 gap-2">
            <input
              name={`tierPacks${i}`}
              inputMode="numeric"
              aria-label={t("alliance.form.tierPacks", { n: i + 1, unit: "箱" })}
              placeholder={i === 0 ? "100" : undefined}
              defaultValue={v(`tierPacks${i}`)}
              aria-invalid={tierError ? true : undefined}
              className={`min-h-12 w-full min-w-0 rounded-lg border px-3 text-base ${tierError ? "border-red-600 bg-red-50" : "border-stone-300 bg-white"}`}
            />
            <input
              name={`tierPrice${i}`}
              inputMode="decimal"
              aria-label={t("alliance.form.tierPrice", { n: i + 1, unit: "箱" })}
              placeholder={i === 0 ? "52.00" : undefined}
              defaultValue={v(`tierPrice${i}`)}
              aria-invalid={tierError ? true : undefined}
              className={`min-h-12 w-full min-w-0 rounded-lg border px-3 text-base ${tierError ? "border-red-600 bg-red-50" : "border-stone-300 bg-white"}`}
            />
          </div>
        ))}
        {tierError ? (
          <p className="text-sm text-red-700" role="alert">
            {tierError}
          </p>
        ) : null}
      </fieldset>
      <div className="grid grid-cols-2 gap-2">
        <Field
          label={t("alliance.form.moq")}
          name="moqPacks"
          inputMode="numeric"
          errors={errors}
          defaultValue={values.moqPacks}
          required
        />
        <Field
          label={t("alliance.form.cap")}
          name="capPacks"
          inputMode="numeric"
          hint={t("alliance.form.capHint")}
          errors={errors}
          defaultValue={values.capPacks}
          optional
        />
      </div>
      <div className="grid grid-cols-2 gap-2">
        <Field
          label={t("alliance.form.deadlineDate")}
          name="deadlineDate"
          type="date"
          errors={errors}
          defaultValue={values.deadlineDate}
          required
        />
        <Field
          label={t("alliance.form.deadlineTime")}
          name="deadlineTime"
          type="time"
          errors={errors}
          defaultValue={values.deadlineTime ?? "18:00"}
          required
        />
      </div>
      <Select
        label={t("alliance.form.distributor")}
        name="distributorOrgId"
        errors={errors}
        defaultValue={values.distributorOrgId}
        options={[
          ...options.distributors.map((d) => ({ value: d.id, label: d.name })),
          { value: "", label: t("alliance.form.direct") },
        ]}
      />
      <p className="-mt-2 text-xs text-stone-500">{t("alliance.form.distributorHint")}</p>
      <div className="grid grid-cols-2 gap-2">
        <Field
          label={t("alliance.form.delivery")}
          name="expectedDeliveryDate"
          type="date"
          errors={errors}
          defaultValue={values.expectedDeliveryDate}
          required
        />
        <Field
          label={t("alliance.form.deposit")}
          name="depositPercent"
          inputMode="decimal"
          hint={t("alliance.form.depositHint")}
          errors={errors}
          defaultValue={values.depositPercent ?? "10"}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="f-description" className="text-sm font-medium text-stone-700">
          {t("alliance.form.description")}
        </label>
        <textarea
          id="f-description"
          name="description"
          rows={3}
          defaultValue={v("description")}
          className="rounded-lg border border-stone-300 bg-white p-3 text-base"
        />
      </div>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
