import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { CampaignRow } from "~/components/alliance/campaign-row";
import { listCampaigns } from "~/domain/alliances/campaign-detail.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "campaign.view");
  return { campaigns: listCampaigns(ctx) };
}

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{t("alliance.campaigns.title")}</h1>
        <Link
          to="/alliance/campaigns/new"
          className="flex min-h-11 items-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white"
        >
          {t("alliance.campaigns.new")}
        </Link>
      </div>
      {campaigns.length ? (
        <ul className="flex flex-col gap-2">
          {campaigns.map((c) => (
            <CampaignRow key={c.id} c={c} />
          ))}
        </ul>
      ) : (
        <p className="text-stone-500">{t("alliance.campaigns.empty")}</p>
      )}
    </>
  );
}
