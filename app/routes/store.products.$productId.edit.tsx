import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import type { ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { ProductForm } from "~/components/product-form";
import { getProduct } from "~/domain/inventory/get-product.server";
import { productSchema } from "~/domain/inventory/product-fields.server";
import { updateProduct } from "~/domain/inventory/save-product.server";
import { fenToYuanString } from "~/domain/money";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-stock";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.save");
  return { product: await load(ctx.locale, () => getProduct(ctx, params.productId ?? "")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.save");
  const formData = await request.formData();
  const form = parseForm(formData, productSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => updateProduct(ctx, params.productId ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/products/${result.value.id}?done=saved`);
}

export default function EditProduct() {
  const { product } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <div className="flex flex-col gap-3">
      <BackLink to={`/store/products/${product.id}`}>{t("product.detail")}</BackLink>
      <h1 className="text-xl font-bold">{t("products.edit")}</h1>
      <ProductForm
        errors={errors}
        submitLabel={t("action.save")}
        values={{
          name: product.name,
          barcode: product.barcode ?? "",
          category: product.category,
          baseUnit: product.baseUnit,
          packUnit: product.packUnit ?? "",
          packSize: String(product.packSize),
          price: fenToYuanString(product.priceFen),
          reorderPoint: String(product.reorderPoint),
          active: product.active,
        }}
      />
    </div>
  );
}
