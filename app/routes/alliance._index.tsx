import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { CampaignRow } from "~/components/alliance/campaign-row";
import { MemberActions } from "~/components/alliance/member-actions";
import { NoticeList } from "~/components/pledges/notice-list";
import { allianceHome } from "~/domain/alliances/alliance-home.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "alliance.home");
  return { name: ctx.org.name, ...allianceHome(ctx) };
}

/** The coordinator's home: what needs a decision first, then what is running, then the totals. */
export default function AllianceHome() {
  const { name, notices, running, pending, activeMembers, byStatus, totals } = useLoaderData<typeof loader>();
  const { t, money, dateTime } = useT();
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="min-w-0 text-xl font-bold break-words">{name}</h1>
        <Link
          to="/alliance/campaigns/new"
          className="flex min-h-11 items-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white"
        >
          {t("alliance.home.newCampaign")}
        </Link>
      </div>
      <NoticeList notices={notices} action="/alliance/notifications" />
      <dl className="grid grid-cols-3 gap-2">
        {[
          ["alliance.home.activeMembers", String(activeMembers)],
          ["alliance.home.openCampaigns", String(byStatus.open)],
          ["alliance.home.saved", money(totals.savingsFen)],
        ].map(([key, value]) => (
          <div key={key} className="flex min-w-0 flex-col gap-1 rounded-xl bg-white p-2 shadow-sm">
            <dt className="text-xs text-stone-500">{t(key as "alliance.home.saved")}</dt>
            <dd className="text-base font-bold whitespace-nowrap tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("alliance.home.pending")}</h2>
        {pending.length ? (
          <ul className="flex flex-col gap-2">
            {pending.map((m) => (
              <li key={m.id} className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
                <span className="font-medium break-words">
                  {m.name}
                  {m.village ? <span className="ml-2 text-sm font-normal text-stone-500">{m.village}</span> : null}
                </span>
                <span className="text-xs text-stone-500">
                  {t("alliance.members.requestedAt", { time: dateTime(m.requestedAt) })}
                </span>
                <MemberActions memberId={m.id} status={m.status} back="home" />
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">{t("alliance.home.noPending")}</p>
        )}
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("alliance.home.running")}</h2>
        {running.length ? (
          <ul className="flex flex-col gap-2">
            {running.map((c) => (
              <CampaignRow key={c.id} c={c} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">{t("alliance.home.noRunning")}</p>
        )}
      </section>
    </>
  );
}
