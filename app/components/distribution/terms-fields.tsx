import { Field, Select, type ActionErrors } from "~/components/forms";
import { fenToYuanString } from "~/domain/money";
import { useT } from "~/i18n/use-t";

export type TermsValues = {
  priceListId: string | null;
  routeId: string | null;
  stopSeq: number;
  paymentTerms: "cod" | "account";
  creditLimitFen: number;
};

/** The terms a distributor sets for a store: price list, route, stop, payment. Ids are per form. */
export function TermsFields({
  idPrefix,
  values,
  routes,
  priceLists,
  errors,
}: {
  idPrefix: string;
  values: TermsValues;
  routes: { id: string; name: string }[];
  priceLists: { id: string; name: string }[];
  errors?: ActionErrors;
}) {
  const { t } = useT();
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-5" data-form={idPrefix}>
      <Select
        label={t("link.route")}
        name="routeId"
        id={`${idPrefix}-route`}
        options={routes.map((r) => ({ value: r.id, label: r.name }))}
        defaultValue={values.routeId ?? routes[0]?.id}
        errors={errors}
      />
      <Field
        id={`${idPrefix}-stop`}
        label={t("link.stopSeq")}
        name="stopSeq"
        inputMode="numeric"
        defaultValue={String(values.stopSeq)}
        errors={errors}
      />
      <Select
        label={t("link.priceList")}
        name="priceListId"
        id={`${idPrefix}-list`}
        options={[
          { value: "", label: t("priceLists.default") },
          ...priceLists.map((l) => ({ value: l.id, label: l.name })),
        ]}
        defaultValue={values.priceListId ?? ""}
        errors={errors}
      />
      <Select
        label={t("link.paymentTerms")}
        name="paymentTerms"
        id={`${idPrefix}-terms`}
        options={[
          { value: "cod", label: t("link.terms.cod") },
          { value: "account", label: t("link.terms.account") },
        ]}
        defaultValue={values.paymentTerms}
        errors={errors}
      />
      <Field
        id={`${idPrefix}-limit`}
        label={t("link.creditLimit")}
        name="creditLimitFen"
        inputMode="decimal"
        optional
        hint={t("link.creditLimitHint")}
        defaultValue={values.creditLimitFen ? fenToYuanString(values.creditLimitFen) : ""}
        errors={errors}
      />
    </div>
  );
}
