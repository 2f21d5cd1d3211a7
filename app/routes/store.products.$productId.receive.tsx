import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStoreContext } from "~/auth/guard.server";
import { Field, FormError, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { newId } from "~/domain/ids.server";
import { getProduct } from "~/domain/inventory/get-product.server";
import { receiveStock, receiveStockSchema } from "~/domain/inventory/receive-stock.server";
import { fenToYuanString } from "~/domain/money";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireStoreContext(request);
  const product = await load(ctx.locale, () => getProduct(ctx, params.productId ?? ""));
  return { product, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireStoreContext(request);
  const formData = await request.formData();
  const form = parseForm(formData, receiveStockSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => receiveStock(ctx, params.productId ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/products/${result.value.productId}?done=received&qty=${result.value.qtyBase}`);
}

export default function Receive() {
  const { product, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money } = useT();
  const units = [{ value: "base", label: product.baseUnit }];
  if (product.packUnit && product.packSize > 1) {
    units.push({ value: "pack", label: `${product.packUnit} (${product.packSize}${product.baseUnit})` });
  }
  return (
    <div className="flex flex-col gap-4">
      <Link to={`/store/products/${product.id}`} className="text-sm text-brand-700">
        ← {product.name}
      </Link>
      <h1 className="text-xl font-bold">{t("receive.title")}</h1>
      <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
        <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
        <FormError errors={errors} />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("receive.qty")} name="qty" inputMode="numeric" autoFocus errors={errors} />
          <Select label={t("receive.unit")} name="unit" options={units} defaultValue={units.length > 1 ? "pack" : "base"} errors={errors} />
        </div>
        <Field
          label={t("receive.cost")}
          name="costFen"
          inputMode="decimal"
          placeholder={fenToYuanString(product.costFen)}
          hint={`${t("receive.costHint")} (${money(product.costFen)}/${product.baseUnit})`}
          errors={errors}
        />
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("receive.batch")} name="batchNo" maxLength={40} errors={errors} />
          <Field label={t("receive.expiry")} name="expiryDate" type="date" errors={errors} />
        </div>
        <SubmitButton>{t("receive.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
