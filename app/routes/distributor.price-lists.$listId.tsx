import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, type ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { getPriceList } from "~/domain/distribution/price-lists.server";
import { listPriceSchema, setListPrice } from "~/domain/distribution/save-price-list.server";
import { fenToYuanString } from "~/domain/money";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { translate } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "priceList.view");
  return load(ctx.locale, () => getPriceList(ctx, params.listId ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "priceList.save");
  const formData = await request.formData();
  const form = parseForm(formData, listPriceSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => setListPrice(ctx, params.listId ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  return data({ saved: form.data.productId, message: translate(ctx.locale, "priceLists.saved") });
}

/** One row per SKU, each its own small form: a price is set or cleared where it is read. */
export default function PriceList() {
  const { list, items } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as (ActionErrors & { saved?: string; message?: string }) | undefined;
  const { t, money } = useT();
  return (
    <>
      <BackLink to="/distributor/price-lists">{t("priceLists.title")}</BackLink>
      <h1 className="text-xl font-bold">{list.name}</h1>
      <p className="text-sm text-stone-600">{t("priceLists.listPriceHint")}</p>
      <ul className="flex max-w-4xl flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm">
        {items.map((item) => {
          const mine = answer?.values?.productId === item.productId || answer?.saved === item.productId;
          const errors = mine ? answer : undefined;
          return (
            <li key={item.productId} className="px-3 py-2">
              <Form method="post" className="flex flex-col gap-2 md:flex-row md:items-end md:gap-4" noValidate>
                <input type="hidden" name="productId" value={item.productId} />
                <div className="min-w-0 flex-1">
                  <p className={`font-medium break-words ${item.active ? "" : "text-stone-400 line-through"}`}>
                    {item.name}
                  </p>
                  <p className="text-xs text-stone-500">
                    {t("priceLists.default")} {money(item.defaultFen)}/{item.packUnit} · {item.barcode}
                  </p>
                  {errors ? <FormError errors={errors} /> : null}
                  {answer?.saved === item.productId ? (
                    <p role="status" className="text-sm text-brand-800">
                      {answer.message}
                    </p>
                  ) : null}
                </div>
                <div className="flex items-end gap-2">
                  <Field
                    id={`price-${item.productId}`}
                    label={t("priceLists.listPrice")}
                    name="casePriceFen"
                    inputMode="decimal"
                    defaultValue={item.listFen === null ? "" : fenToYuanString(item.listFen)}
                    placeholder={t("priceLists.usesDefault")}
                    errors={errors}
                    className="w-36"
                  />
                  <button type="submit" className="min-h-12 rounded-lg bg-brand-700 px-4 font-semibold text-white">
                    {t("priceLists.set")}
                  </button>
                </div>
              </Form>
            </li>
          );
        })}
      </ul>
    </>
  );
}
