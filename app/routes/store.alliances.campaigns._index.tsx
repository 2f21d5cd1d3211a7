import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { DeliveryLine, TierProgress, TimeLeft } from "~/components/pledges/campaign-bits";
import { memberCampaigns } from "~/domain/alliances/member-campaigns.server";
import { load } from "~/http/errors.server";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-alliance";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "groupBuy.view");
  return load(ctx.locale, () => memberCampaigns(ctx));
}

/** 联盟团购: what my alliances are buying together now, and what I bought with them before. */
export default function MemberCampaigns() {
  const data = useLoaderData<typeof loader>();
  const { t, money, number } = useT();
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("pledge.title")}</h1>
        <Link to="/store/alliances" className="flex min-h-11 items-center px-1 text-sm text-brand-700 underline">
          {t("alliance.store.title")}
        </Link>
      </div>
      <section aria-labelledby="open-h" className="flex flex-col gap-3">
        <h2 id="open-h" className="text-sm font-medium text-stone-600">
          {t("pledge.open")}
        </h2>
        {data.open.length === 0 ? <p className="text-stone-600">{t("pledge.none")}</p> : null}
        {data.open.map((c) => (
          <Link
            key={c.id}
            to={`/store/alliances/campaigns/${c.id}`}
            className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
            data-testid="campaign-card"
          >
            <span className="flex items-baseline justify-between gap-2">
              <span className="font-semibold">{c.title}</span>
              {c.myPacks !== null ? (
                <span className="shrink-0 rounded bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-800">
                  {t("pledge.mine", { packs: number(c.myPacks), unit: c.packUnit })}
                </span>
              ) : null}
            </span>
            <span className="text-xs text-stone-500">
              {t("pledge.supplier", { name: c.supplierName })} · {t("pledge.alliance", { name: c.allianceName })}
            </span>
            <TimeLeft deadlineAt={c.deadlineAt} now={data.now} />
            <TierProgress p={c} />
            <DeliveryLine date={c.expectedDeliveryDate} distributorName={c.distributorName} />
          </Link>
        ))}
      </section>
      <section aria-labelledby="past-h" className="flex flex-col gap-2">
        <h2 id="past-h" className="text-sm font-medium text-stone-600">
          {t("pledge.past")}
        </h2>
        {data.past.length === 0 ? (
          <p className="text-stone-600">{t("pledge.noPast")}</p>
        ) : (
          <>
            {data.savedFen > 0 ? (
              <p className="font-semibold text-green-700" data-testid="saved-total">
                {t("pledge.savedTotal", { amount: money(data.savedFen) })}
              </p>
            ) : null}
            <ul className="flex flex-col gap-2">
              {data.past.map((p) => (
                <li key={p.campaignId}>
                  <Link
                    to={`/store/alliances/campaigns/${p.campaignId}`}
                    className="flex flex-col rounded-lg bg-white p-3 text-sm shadow-sm"
                    data-testid="past-campaign"
                  >
                    <span className="flex justify-between gap-2">
                      <span className="font-semibold">{p.title}</span>
                      <span className="shrink-0 text-stone-600">{t(`pledge.status.${p.status}` as MessageKey)}</span>
                    </span>
                    <span className="text-stone-600">
                      {p.pledgeStatus === "withdrawn"
                        ? t("pledge.withdrawn")
                        : t("pledge.mine", { packs: number(p.packs), unit: p.packUnit })}
                      {p.priceFen !== null && p.pledgeStatus === "active"
                        ? ` · ${t("pledge.finalPrice", { unit: p.packUnit, price: money(p.priceFen) })}`
                        : ""}
                    </span>
                    {p.savingsFen !== null ? (
                      <span className="font-semibold text-green-700">
                        {t("pledge.savings", { amount: money(p.savingsFen) })}
                      </span>
                    ) : p.restockOrderId ? (
                      <span className="text-xs text-stone-500">{t("pledge.savingsPending")}</span>
                    ) : null}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
