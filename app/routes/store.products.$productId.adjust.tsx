import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { BackLink, ProductHeading } from "~/components/page-top";
import { adjustStock, adjustStockSchema } from "~/domain/inventory/adjust-stock.server";
import { ADJUSTMENT_REASONS } from "~/domain/inventory/kinds";
import { getProduct } from "~/domain/inventory/get-product.server";
import { newId } from "~/domain/ids.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-stock";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "stock.adjust");
  const product = await load(ctx.locale, () => getProduct(ctx, params.productId ?? ""));
  return { product, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "stock.adjust");
  const formData = await request.formData();
  const form = parseForm(formData, adjustStockSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => adjustStock(ctx, params.productId ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  const done = new URLSearchParams({ done: "adjusted", reason: form.data.reason, qty: String(result.value.delta) });
  throw redirect(`/store/products/${result.value.productId}?${done}`);
}

export default function Adjust() {
  const { product, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, number } = useT();
  const chosen = errors?.values?.reason;
  return (
    <div className="flex flex-col gap-3">
      <BackLink to={`/store/products/${product.id}`}>{t("product.detail")}</BackLink>
      <ProductHeading
        title={t("adjust.title")}
        name={product.name}
        stock={t("stock.now", { qty: number(product.onHand), unit: product.baseUnit })}
      />
      <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId || requestId} />
        <FormError errors={errors} />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-stone-700">{t("adjust.reason")}</legend>
          <div className="grid grid-cols-2 gap-2">
            {ADJUSTMENT_REASONS.map((reason) => (
              <label
                key={reason}
                className="flex min-h-12 items-center gap-2 rounded-lg border border-stone-300 bg-white px-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
              >
                <input
                  type="radio"
                  name="reason"
                  value={reason}
                  defaultChecked={chosen === reason}
                  className="size-5"
                />
                {t(`reason.${reason}`)}
              </label>
            ))}
          </div>
          {errors?.fieldErrors?.reason ? (
            <p role="alert" className="text-sm text-red-700">
              {errors.fieldErrors.reason}
            </p>
          ) : null}
          <p className="text-xs text-stone-500">{t("adjust.foundAdds")}</p>
        </fieldset>
        <Field label={t("adjust.qty", { unit: product.baseUnit })} name="qty" inputMode="numeric" errors={errors} />
        <Field label={t("adjust.note")} name="note" maxLength={200} optional errors={errors} />
        <SubmitButton>{t("adjust.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
