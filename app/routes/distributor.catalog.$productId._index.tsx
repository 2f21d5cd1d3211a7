import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { CatalogForm } from "~/components/distribution/catalog-form";
import type { ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { catalogItemSchema } from "~/domain/distribution/catalog-fields.server";
import { getCatalogItem } from "~/domain/distribution/list-catalog.server";
import { updateCatalogItem } from "~/domain/distribution/save-catalog-item.server";
import { fenToYuanString } from "~/domain/money";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "catalog.save");
  return { item: await load(ctx.locale, () => getCatalogItem(ctx, params.productId ?? "")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "catalog.save");
  const formData = await request.formData();
  const form = parseForm(formData, catalogItemSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => updateCatalogItem(ctx, params.productId ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/catalog?${new URLSearchParams({ q: form.data.barcode })}`);
}

export default function EditSku() {
  const { item } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <>
      <BackLink to="/distributor/catalog">{t("catalog.title")}</BackLink>
      <h1 className="text-xl font-bold">{t("catalog.edit")}</h1>
      <CatalogForm
        errors={errors}
        values={{
          name: item.name,
          barcode: item.barcode ?? "",
          category: item.category,
          baseUnit: item.baseUnit,
          packUnit: item.packUnit ?? "",
          packSize: String(item.packSize),
          casePriceFen: fenToYuanString(item.casePriceFen),
          minOrderPacks: String(item.minOrderPacks),
          shelfLocation: item.shelfLocation,
          reorderPacks: String(Math.ceil(item.reorderPoint / item.packSize)),
          active: item.active,
        }}
      />
    </>
  );
}
