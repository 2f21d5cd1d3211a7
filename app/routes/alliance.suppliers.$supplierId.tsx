import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RequestId } from "~/components/alliance/hidden";
import { SupplierFields } from "~/components/alliance/supplier-fields";
import { Field, FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { CERTIFICATE_KINDS } from "~/domain/alliances/kinds";
import {
  addCertificate,
  addSupplierProduct,
  certificateSchema,
  getSupplier,
  supplierProductSchema,
  supplierSchema,
  updateSupplier,
} from "~/domain/alliances/suppliers.server";
import { newId } from "~/domain/ids.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "supplier.view");
  const detail = await load(ctx.locale, () => getSupplier(ctx, params.supplierId!));
  return { ...detail, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "supplier.view");
  const formData = await request.formData();
  const supplierId = params.supplierId!;
  const intent = readIntent(formData, ["certificate", "product", "supplier"], ctx.locale);
  if (!intent.ok) return intent.reply;
  // Each form names its intent; the errors come back tagged with it so only that form shows them.
  const run = async <S extends Parameters<typeof parseForm>[1]>(schema: S, write: (data: never) => unknown) => {
    const form = parseForm(formData, schema, ctx.locale);
    if (!form.ok) return form.reply;
    const result = await attempt(ctx.locale, () => write(form.data as never), formData);
    if (!result.ok) return result.reply;
    throw redirect(`/alliance/suppliers/${supplierId}`);
  };
  switch (intent.value) {
    case "certificate":
      return run(certificateSchema, (d) => addCertificate(ctx, supplierId, d));
    case "product":
      return run(supplierProductSchema, (d) => addSupplierProduct(ctx, supplierId, d));
    case "supplier":
      return run(supplierSchema, (d) => updateSupplier(ctx, supplierId, d));
  }
}

const STATE_TONE = {
  valid: "bg-emerald-100 text-emerald-800",
  expiring: "bg-amber-100 text-amber-800",
  expired: "bg-red-100 text-red-800",
  undated: "bg-stone-100 text-stone-600",
} as const;

export default function SupplierPage() {
  const { supplier, certificates, products, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const intent = errors?.values?.intent ?? "supplier";
  const errorsFor = (name: string) => (intent === name ? errors : undefined);
  // An intent no form here posts (a stale page) is answered above the forms.
  const strayErrors = ["certificate", "product", "supplier"].includes(intent) ? undefined : errors;
  const { t } = useT();
  return (
    <>
      <BackLink to="/alliance/suppliers">{t("alliance.suppliers.back")}</BackLink>
      <h1 className="text-xl font-bold break-words">{supplier.name}</h1>
      <p className="text-sm text-stone-600 break-words">
        {[supplier.contactName, supplier.contactPhone, supplier.licenceNo].filter(Boolean).join(" · ")}
      </p>
      <FormError errors={strayErrors} />

      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("alliance.cert.title")}</h2>
        {certificates.length ? (
          <ul className="flex flex-col gap-2">
            {certificates.map((c) => (
              <li
                key={c.id}
                className="flex flex-col gap-1 rounded-xl bg-white p-3 shadow-sm"
                data-testid="certificate"
              >
                <span className="flex items-start justify-between gap-2">
                  <span className="min-w-0 font-medium break-words">{c.title}</span>
                  <span className={`shrink-0 rounded px-2 py-0.5 text-xs ${STATE_TONE[c.state]}`}>
                    {t(`alliance.cert.state.${c.state}`)}
                  </span>
                </span>
                <span className="text-xs text-stone-500 break-words">
                  {[
                    t(`alliance.cert.kind.${c.kind}`),
                    c.number,
                    c.validUntil ? t("alliance.cert.until", { date: c.validUntil }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">{t("alliance.cert.empty")}</p>
        )}
        <details className="rounded-xl bg-white p-3 shadow-sm" open={intent === "certificate"}>
          <summary className="min-h-11 cursor-pointer content-center font-medium text-brand-700">
            {t("alliance.cert.add")}
          </summary>
          <Form method="post" className="mt-2 flex flex-col gap-3" key={`c-${requestId}`}>
            <RequestId value={requestId} />
            <input type="hidden" name="intent" value="certificate" />
            <FormError errors={errorsFor("certificate")} />
            <Select
              label={t("alliance.cert.kind")}
              name="kind"
              errors={errorsFor("certificate")}
              options={CERTIFICATE_KINDS.map((k) => ({ value: k, label: t(`alliance.cert.kind.${k}`) }))}
            />
            <Field
              label={t("alliance.cert.name")}
              name="title"
              placeholder={t("alliance.cert.namePlaceholder")}
              errors={errorsFor("certificate")}
              required
            />
            <Field label={t("alliance.cert.number")} name="number" errors={errorsFor("certificate")} optional />
            <div className="grid grid-cols-2 gap-2">
              <Field
                label={t("alliance.cert.validFrom")}
                name="validFrom"
                type="date"
                errors={errorsFor("certificate")}
                optional
              />
              <Field
                label={t("alliance.cert.validUntil")}
                name="validUntil"
                type="date"
                errors={errorsFor("certificate")}
                optional
              />
            </div>
            <SubmitButton>{t("alliance.cert.add")}</SubmitButton>
          </Form>
        </details>
      </section>

      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("alliance.sp.title")}</h2>
        {products.length ? (
          <ul className="flex flex-col gap-2">
            {products.map((p) => (
              <li
                key={p.id}
                className="flex flex-col gap-1 rounded-xl bg-white p-3 shadow-sm"
                data-testid="supplier-product"
              >
                <span className="font-medium break-words">
                  {p.name}
                  {p.spec ? <span className="ml-2 text-sm font-normal text-stone-500">{p.spec}</span> : null}
                </span>
                <span className="text-xs text-stone-500 tabular-nums break-all">
                  {[
                    p.barcode,
                    t("alliance.sp.pack", { packUnit: p.packUnit, packSize: p.packSize, baseUnit: p.baseUnit }),
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">{t("alliance.sp.empty")}</p>
        )}
        <details className="rounded-xl bg-white p-3 shadow-sm" open={intent === "product"}>
          <summary className="min-h-11 cursor-pointer content-center font-medium text-brand-700">
            {t("alliance.sp.add")}
          </summary>
          <Form method="post" className="mt-2 flex flex-col gap-3" key={`p-${requestId}`}>
            <RequestId value={requestId} />
            <input type="hidden" name="intent" value="product" />
            <FormError errors={errorsFor("product")} />
            <Field label={t("alliance.sp.name")} name="name" errors={errorsFor("product")} required />
            <Field
              label={t("alliance.sp.barcode")}
              name="barcode"
              inputMode="numeric"
              errors={errorsFor("product")}
              optional
            />
            <Field label={t("alliance.sp.spec")} name="spec" errors={errorsFor("product")} optional />
            <div className="grid grid-cols-3 gap-2">
              <Field
                label={t("alliance.sp.baseUnit")}
                name="baseUnit"
                defaultValue="瓶"
                errors={errorsFor("product")}
                required
              />
              <Field
                label={t("alliance.sp.packUnit")}
                name="packUnit"
                defaultValue="箱"
                errors={errorsFor("product")}
                required
              />
              <Field
                label={t("alliance.sp.packSize")}
                name="packSize"
                inputMode="numeric"
                errors={errorsFor("product")}
                required
              />
            </div>
            <SubmitButton>{t("alliance.sp.add")}</SubmitButton>
          </Form>
        </details>
      </section>

      <details className="rounded-xl bg-white p-3 shadow-sm" open={intent === "supplier" && Boolean(errors)}>
        <summary className="min-h-11 cursor-pointer content-center font-medium text-brand-700">
          {t("alliance.suppliers.details")}
        </summary>
        <Form method="post" className="mt-2 flex flex-col gap-3" key={`s-${requestId}`}>
          <RequestId value={requestId} />
          <input type="hidden" name="intent" value="supplier" />
          <FormError errors={errorsFor("supplier")} />
          <SupplierFields errors={errorsFor("supplier")} values={supplier} />
          <SubmitButton>{t("alliance.suppliers.save")}</SubmitButton>
        </Form>
      </details>
    </>
  );
}
