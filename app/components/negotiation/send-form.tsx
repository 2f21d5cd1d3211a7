import { Form } from "@remix-run/react";
import { RequestId } from "~/components/alliance/hidden";
import { SubmitButton, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";

/** A draft request goes out to the suppliers ticked here. */
export function SendForm({
  suppliers,
  requestId,
  errors,
}: {
  suppliers: { id: string; name: string }[];
  requestId: string;
  errors: ActionErrors | undefined;
}) {
  const { t } = useT();
  return (
    <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
      <RequestId value={requestId} />
      <input type="hidden" name="intent" value="send" />
      <fieldset className="flex flex-col gap-1">
        <legend className="font-semibold">{t("negotiation.suppliers")}</legend>
        {errors?.fieldErrors?.supplierIds ? (
          <p className="text-sm text-red-700" role="alert">
            {errors.fieldErrors.supplierIds}
          </p>
        ) : null}
        {suppliers.map((s) => (
          <label key={s.id} className="flex min-h-11 items-center gap-2 break-words">
            <input type="checkbox" name="supplierIds" value={s.id} className="size-5 shrink-0" />
            {s.name}
          </label>
        ))}
      </fieldset>
      <SubmitButton>{t("negotiation.send")}</SubmitButton>
    </Form>
  );
}
