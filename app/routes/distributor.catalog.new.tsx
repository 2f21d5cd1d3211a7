import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { CatalogForm } from "~/components/distribution/catalog-form";
import type { ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { createCatalogItem, createCatalogItemSchema } from "~/domain/distribution/save-catalog-item.server";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "catalog.save");
  return { requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "catalog.save");
  const formData = await request.formData();
  const form = parseForm(formData, createCatalogItemSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => createCatalogItem(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/catalog?${new URLSearchParams({ q: form.data.barcode })}`);
}

export default function NewSku() {
  const { requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <>
      <BackLink to="/distributor/catalog">{t("catalog.title")}</BackLink>
      <h1 className="text-xl font-bold">{t("catalog.new")}</h1>
      <CatalogForm
        errors={errors}
        requestId={requestId}
        values={{
          name: "",
          barcode: "",
          category: "",
          baseUnit: "",
          packUnit: "箱",
          packSize: "",
          casePriceFen: "",
          minOrderPacks: "1",
          shelfLocation: "",
          reorderPacks: "0",
          active: true,
        }}
      />
    </>
  );
}
