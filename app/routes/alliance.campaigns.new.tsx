import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { CampaignForm } from "~/components/alliance/campaign-form";
import type { ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { campaignFormSchema } from "~/domain/alliances/campaign-fields.server";
import { campaignFormOptions } from "~/domain/alliances/campaign-form-options.server";
import { createCampaign } from "~/domain/alliances/save-campaign.server";
import { addDays, shanghaiDate } from "~/domain/dates";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "campaign.view");
  const today = shanghaiDate(ctx.clock.now());
  return {
    options: campaignFormOptions(ctx),
    requestId: newId(),
    // A week to pledge and delivery a few days later: what coordinators usually pick.
    defaults: {
      deadlineDate: addDays(today, 7),
      deadlineTime: "18:00",
      expectedDeliveryDate: addDays(today, 10),
      depositPercent: "10",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "campaign.view");
  const formData = await request.formData();
  const form = parseForm(formData, campaignFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => createCampaign(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/alliance/campaigns/${result.value.campaignId}`);
}

export default function NewCampaign() {
  const { options, requestId, defaults } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <>
      <BackLink to="/alliance/campaigns">{t("alliance.campaigns.back")}</BackLink>
      <h1 className="text-xl font-bold">{t("alliance.campaigns.new")}</h1>
      {options.products.length ? (
        <CampaignForm
          requestId={requestId}
          options={options}
          values={defaults}
          errors={errors}
          submitLabel={t("alliance.form.create")}
        />
      ) : (
        <p className="rounded-xl bg-white p-3 shadow-sm">
          <Link to="/alliance/suppliers" className="text-brand-700 underline">
            {t("alliance.campaigns.needProduct")}
          </Link>
        </p>
      )}
    </>
  );
}
