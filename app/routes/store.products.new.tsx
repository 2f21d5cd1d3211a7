import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import type { ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { ProductForm } from "~/components/product-form";
import { newId } from "~/domain/ids.server";
import { createProductOnce, newProductFormSchema } from "~/domain/inventory/save-product.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-stock";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "product.save");
  return { requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.save");
  const formData = await request.formData();
  const form = parseForm(formData, newProductFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => createProductOnce(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/products/${result.value.id}?done=saved`);
}

export default function NewProduct() {
  const { requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t } = useT();
  return (
    <div className="flex flex-col gap-3">
      <BackLink to="/store/products">{t("products.title")}</BackLink>
      <h1 className="text-xl font-bold">{t("products.new")}</h1>
      <ProductForm
        errors={errors}
        submitLabel={t("action.save")}
        requestId={errors?.values?.requestId || requestId}
        autoFocusName={params.has("barcode")}
        values={{
          name: "",
          // Arriving from a scan that matched nothing: the code is already known.
          barcode: (params.get("barcode") ?? "").slice(0, 14),
          category: "",
          baseUnit: "",
          packUnit: "",
          packSize: "1",
          price: "",
          cost: "",
          reorderPoint: "0",
          active: true,
        }}
      />
    </div>
  );
}
