import { Form } from "@remix-run/react";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export type RouteFormValues = {
  name: string;
  areas: string;
  weekdays: string;
  cutoffTime: string;
  cutoffDaysBefore: string;
  active: boolean;
};

const DAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

export function RouteForm({
  values,
  errors,
  requestId,
  submitLabel,
}: {
  values: RouteFormValues;
  errors: ActionErrors;
  requestId?: string;
  submitLabel: string;
}) {
  const { t } = useT();
  // After a 400, tick what was sent (the action echoes every ticked day, comma-separated).
  const chosen = new Set((errors?.values ? (errors.values.weekdays ?? "") : values.weekdays).split(","));
  const dayError = errors?.fieldErrors?.weekdays;
  return (
    <Form method="post" className="flex max-w-xl flex-col gap-3" noValidate>
      {requestId ? <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} /> : null}
      <FormError errors={errors} />
      <Field
        label={t("routes.name")}
        name="name"
        maxLength={20}
        placeholder={t("routes.namePlaceholder")}
        defaultValue={values.name}
        errors={errors}
      />
      <Field
        label={t("routes.areas")}
        name="areas"
        maxLength={200}
        optional
        placeholder={t("routes.areasPlaceholder")}
        defaultValue={values.areas}
        errors={errors}
      />
      <fieldset className="flex flex-col gap-1" aria-describedby={dayError ? "weekdays-error" : undefined}>
        <legend className="text-sm font-medium text-stone-700">{t("routes.weekdays")}</legend>
        <div className="grid grid-cols-4 gap-2 sm:grid-cols-7">
          {DAYS.map((d) => (
            <label
              key={d}
              className="flex min-h-11 items-center justify-center gap-1 rounded-lg border border-stone-300 bg-white has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
            >
              <input type="checkbox" name="weekdays" value={d} defaultChecked={chosen.has(d)} className="size-4" />
              {t(`weekday.${d}` as MessageKey)}
            </label>
          ))}
        </div>
        {dayError ? (
          <p id="weekdays-error" className="text-sm text-red-700" role="alert">
            {dayError}
          </p>
        ) : null}
      </fieldset>
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={t("routes.cutoffTime")}
          name="cutoffTime"
          type="time"
          defaultValue={values.cutoffTime}
          errors={errors}
        />
        <Field
          label={t("routes.cutoffDaysBefore")}
          name="cutoffDaysBefore"
          inputMode="numeric"
          defaultValue={values.cutoffDaysBefore}
          hint={t("routes.cutoffDaysBeforeHint")}
          errors={errors}
        />
      </div>
      <label className="flex min-h-11 items-center gap-2">
        <input
          type="checkbox"
          name="active"
          defaultChecked={errors?.values ? errors.values.active === "on" : values.active}
          className="size-5"
        />
        {t("routes.active")}
      </label>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
