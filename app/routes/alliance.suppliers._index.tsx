import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RequestId } from "~/components/alliance/hidden";
import { SupplierFields } from "~/components/alliance/supplier-fields";
import { FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { createSupplier, listSuppliers, supplierSchema } from "~/domain/alliances/suppliers.server";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "supplier.view");
  return { suppliers: listSuppliers(ctx), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "supplier.view");
  const formData = await request.formData();
  const form = parseForm(formData, supplierSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => createSupplier(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/alliance/suppliers/${result.value.supplierId}`);
}

export default function Suppliers() {
  const { suppliers, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <>
      <h1 className="text-xl font-bold">{t("alliance.suppliers.title")}</h1>
      {suppliers.length ? (
        <ul className="flex flex-col gap-2">
          {suppliers.map((s) => (
            <li key={s.id}>
              <Link
                to={`/alliance/suppliers/${s.id}`}
                className="flex flex-col gap-1 rounded-xl bg-white p-3 shadow-sm"
              >
                <span className="font-semibold break-words">{s.name}</span>
                <span className="text-sm text-stone-600 break-words">
                  {[s.contactName, s.contactPhone].filter(Boolean).join(" · ")}
                </span>
                <span className="flex flex-wrap gap-2 text-xs">
                  <span className="text-stone-500">{t("alliance.suppliers.certCount", { n: s.certificates })}</span>
                  {s.expired ? (
                    <span className="rounded bg-red-100 px-1.5 text-red-800">
                      {t("alliance.suppliers.expiredCount", { n: s.expired })}
                    </span>
                  ) : null}
                  {s.expiring ? (
                    <span className="rounded bg-amber-100 px-1.5 text-amber-800">
                      {t("alliance.suppliers.expiringCount", { n: s.expiring })}
                    </span>
                  ) : null}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-stone-500">{t("alliance.suppliers.empty")}</p>
      )}
      <section className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm">
        <h2 className="font-semibold">{t("alliance.suppliers.new")}</h2>
        <Form method="post" className="flex flex-col gap-3" key={requestId}>
          <RequestId value={requestId} />
          <FormError errors={errors} />
          <SupplierFields errors={errors} />
          <SubmitButton>{t("alliance.suppliers.new")}</SubmitButton>
        </Form>
      </section>
    </>
  );
}
