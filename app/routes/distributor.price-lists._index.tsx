import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { listPriceLists } from "~/domain/distribution/price-lists.server";
import { createPriceList, priceListSchema } from "~/domain/distribution/save-price-list.server";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "priceList.view");
  return { lists: listPriceLists(ctx), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "priceList.save");
  const formData = await request.formData();
  const form = parseForm(formData, priceListSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => createPriceList(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/price-lists/${result.value.id}`);
}

export default function PriceLists() {
  const { lists, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, number } = useT();
  return (
    <>
      <h1 className="text-xl font-bold">{t("priceLists.title")}</h1>
      <p className="max-w-3xl text-sm text-stone-600">{t("priceLists.hint")}</p>
      {lists.length ? (
        <ul className="flex max-w-3xl flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm">
          {lists.map((list) => (
            <li key={list.id}>
              <Link
                to={`/distributor/price-lists/${list.id}`}
                className="flex min-h-14 flex-col justify-center px-3 py-2"
              >
                <span className="font-medium">{list.name}</span>
                <span className="text-xs text-stone-500">
                  {t("priceLists.summary", { items: number(list.items), stores: number(list.stores) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-stone-500">{t("priceLists.empty")}</p>
      )}
      <Form
        method="post"
        className="flex max-w-md flex-col gap-3 rounded-xl bg-white p-3 shadow-sm"
        noValidate
        key={requestId}
      >
        <h2 className="font-semibold">{t("priceLists.new")}</h2>
        <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
        <FormError errors={errors} />
        <Field
          label={t("priceLists.name")}
          name="name"
          maxLength={30}
          placeholder={t("priceLists.namePlaceholder")}
          errors={errors}
        />
        <SubmitButton>{t("priceLists.create")}</SubmitButton>
      </Form>
    </>
  );
}
