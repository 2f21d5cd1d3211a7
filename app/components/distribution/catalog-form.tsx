import { Form } from "@remix-run/react";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";

export type CatalogFormValues = Record<
  | "name"
  | "barcode"
  | "category"
  | "baseUnit"
  | "packUnit"
  | "packSize"
  | "casePriceFen"
  | "minOrderPacks"
  | "shelfLocation"
  | "reorderPacks",
  string
> & { active: boolean };

/** One form for a new SKU and for editing one; two columns on a desktop, one on a phone. */
export function CatalogForm({
  values,
  errors,
  requestId,
}: {
  values: CatalogFormValues;
  errors: ActionErrors;
  requestId?: string;
}) {
  const { t } = useT();
  const field = (name: keyof CatalogFormValues) => ({ name, defaultValue: String(values[name]), errors });
  return (
    <Form method="post" className="flex max-w-3xl flex-col gap-3" noValidate>
      {requestId ? <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} /> : null}
      <FormError errors={errors} />
      <div className="grid gap-3 md:grid-cols-2">
        <Field label={t("product.name")} maxLength={60} {...field("name")} />
        <Field label={t("product.barcode")} inputMode="numeric" autoComplete="off" {...field("barcode")} />
        <Field label={t("product.category")} maxLength={20} optional {...field("category")} />
        <Field
          label={t("catalog.shelf")}
          maxLength={20}
          optional
          hint={t("catalog.shelfHint")}
          {...field("shelfLocation")}
        />
      </div>
      <div className="grid grid-cols-3 gap-3">
        <Field
          label={t("product.baseUnit")}
          placeholder={t("product.baseUnitExample")}
          maxLength={6}
          {...field("baseUnit")}
        />
        <Field
          label={t("product.packUnit")}
          placeholder={t("product.packUnitExample")}
          maxLength={6}
          {...field("packUnit")}
        />
        <Field label={t("product.packSize")} inputMode="numeric" {...field("packSize")} />
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <Field label={t("catalog.casePrice")} inputMode="decimal" {...field("casePriceFen")} />
        <Field label={t("catalog.minOrder")} inputMode="numeric" {...field("minOrderPacks")} />
        <Field
          label={t("catalog.reorderPacks")}
          inputMode="numeric"
          optional
          hint={t("catalog.reorderPacksHint")}
          {...field("reorderPacks")}
        />
      </div>
      <label className="flex min-h-11 items-center gap-2">
        <input
          type="checkbox"
          name="active"
          defaultChecked={errors?.values ? errors.values.active === "on" : values.active}
          className="size-5"
        />
        {t("product.active")}
      </label>
      <div className="md:max-w-xs">
        <SubmitButton>{t("action.save")}</SubmitButton>
      </div>
    </Form>
  );
}
