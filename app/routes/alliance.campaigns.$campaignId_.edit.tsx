import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { CampaignForm } from "~/components/alliance/campaign-form";
import type { ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { campaignFormSchema } from "~/domain/alliances/campaign-fields.server";
import { campaignEditScreen } from "~/domain/alliances/campaign-form-options.server";
import { updateCampaign } from "~/domain/alliances/save-campaign.server";
import { newId } from "~/domain/ids.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "campaign.view");
  const screen = await load(ctx.locale, () => campaignEditScreen(ctx, params.campaignId!));
  if (screen.status !== "draft") throw redirect(`/alliance/campaigns/${params.campaignId}`);
  return { ...screen, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "campaign.view");
  const formData = await request.formData();
  const form = parseForm(formData, campaignFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => updateCampaign(ctx, params.campaignId!, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/alliance/campaigns/${params.campaignId}`);
}

export default function EditCampaign() {
  const { id, title, options, values, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <>
      <BackLink to={`/alliance/campaigns/${id}`}>{title}</BackLink>
      <h1 className="text-xl font-bold">{t("alliance.detail.edit")}</h1>
      <CampaignForm
        requestId={requestId}
        options={options}
        values={values}
        errors={errors}
        submitLabel={t("alliance.form.save")}
      />
    </>
  );
}
