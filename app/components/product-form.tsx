import { Form } from "@remix-run/react";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";

export type ProductFormValues = {
  name: string;
  barcode: string;
  category: string;
  baseUnit: string;
  packUnit: string;
  packSize: string;
  price: string;
  cost?: string;
  reorderPoint: string;
  active: boolean;
};

/** One form for new and edit: the cost field appears only for a new product (after that, receipts set it). */
export function ProductForm({
  values,
  errors,
  submitLabel,
  autoFocusName = false,
  requestId,
}: {
  values: ProductFormValues;
  errors: ActionErrors;
  submitLabel: string;
  /** New products only: makes a double-tapped save create one product. */
  requestId?: string;
  autoFocusName?: boolean;
}) {
  const { t } = useT();
  return (
    <Form method="post" className="flex flex-col gap-3" noValidate>
      {requestId ? <input type="hidden" name="requestId" value={requestId} /> : null}
      <FormError errors={errors} />
      <Field
        label={t("product.name")}
        name="name"
        defaultValue={values.name}
        maxLength={60}
        autoFocus={autoFocusName}
        errors={errors}
      />
      <Field
        label={t("product.barcode")}
        name="barcode"
        inputMode="numeric"
        autoComplete="off"
        defaultValue={values.barcode}
        hint={t("product.barcodeHint")}
        optional
        errors={errors}
      />
      <Field
        label={t("product.category")}
        name="category"
        defaultValue={values.category}
        maxLength={20}
        optional
        errors={errors}
      />
      <div className="flex flex-col gap-1">
        <div className="grid grid-cols-3 gap-3">
          <Field
            label={t("product.baseUnit")}
            name="baseUnit"
            defaultValue={values.baseUnit}
            placeholder={t("product.baseUnitExample")}
            maxLength={6}
            errors={errors}
          />
          <Field
            label={t("product.packUnit")}
            name="packUnit"
            defaultValue={values.packUnit}
            placeholder={t("product.packUnitExample")}
            maxLength={6}
            errors={errors}
          />
          <Field
            label={t("product.packSize")}
            name="packSize"
            inputMode="numeric"
            defaultValue={values.packSize}
            errors={errors}
          />
        </div>
        <p className="text-xs text-stone-500">{t("product.unitsHint")}</p>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field
          label={t("product.price")}
          name="priceFen"
          inputMode="decimal"
          defaultValue={values.price}
          errors={errors}
        />
        {values.cost !== undefined ? (
          <Field
            label={t("product.initialCost")}
            name="costFen"
            inputMode="decimal"
            defaultValue={values.cost}
            optional
            errors={errors}
          />
        ) : null}
      </div>
      <Field
        label={t("product.reorderPoint")}
        name="reorderPoint"
        inputMode="numeric"
        defaultValue={values.reorderPoint}
        hint={t("product.reorderPointHint")}
        errors={errors}
      />
      <label className="flex min-h-12 items-center gap-3">
        <input
          type="checkbox"
          name="active"
          defaultChecked={errors?.values ? errors.values.active === "on" : values.active}
          className="size-5"
        />
        {t("product.active")}
      </label>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
