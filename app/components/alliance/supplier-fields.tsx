import { Field, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";

export function SupplierFields({
  errors,
  values = {},
}: {
  errors: ActionErrors;
  values?: Partial<Record<"name" | "contactName" | "contactPhone" | "licenceNo" | "address", string | null>>;
}) {
  const { t } = useT();
  return (
    <>
      <Field
        label={t("alliance.suppliers.name")}
        name="name"
        errors={errors}
        defaultValue={values.name ?? ""}
        required
      />
      <Field
        label={t("alliance.suppliers.contactName")}
        name="contactName"
        errors={errors}
        defaultValue={values.contactName ?? ""}
        optional
      />
      <Field
        label={t("alliance.suppliers.contactPhone")}
        name="contactPhone"
        type="tel"
        errors={errors}
        defaultValue={values.contactPhone ?? ""}
        optional
      />
      <Field
        label={t("alliance.suppliers.licenceNo")}
        name="licenceNo"
        errors={errors}
        defaultValue={values.licenceNo ?? ""}
        optional
      />
      <Field
        label={t("alliance.suppliers.address")}
        name="address"
        errors={errors}
        defaultValue={values.address ?? ""}
        optional
      />
    </>
  );
}
