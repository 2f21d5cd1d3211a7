import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { savingsReport } from "~/domain/alliances/savings-report.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "savings.view");
  return savingsReport(ctx);
}

function ExportLinks({ table }: { table: "members" | "campaigns" }) {
  const { t } = useT();
  return (
    <span className="flex gap-2 text-sm">
      <span className="text-stone-500">{t("alliance.savings.export")}</span>
      <a href={`/alliance/savings/export?table=${table}&format=csv`} className="text-brand-700 underline" download>
        CSV
      </a>
      <a href={`/alliance/savings/export?table=${table}&format=xlsx`} className="text-brand-700 underline" download>
        Excel
      </a>
    </span>
  );
}

/** Money saved per member and per campaign: recorded after each store's receipt, summed in fen. */
export default function Savings() {
  const { byCampaign, byMember, byStatus, totals } = useLoaderData<typeof loader>();
  const { t, money } = useT();
  return (
    <>
      <h1 className="text-xl font-bold">{t("alliance.savings.title")}</h1>
      <p className="text-sm text-stone-600">{t("alliance.savings.hint")}</p>
      <dl className="grid grid-cols-3 gap-2">
        {(
          [
            ["alliance.savings.totalSaved", money(totals.savingsFen)],
            ["alliance.savings.totalPacks", String(totals.packs)],
            ["alliance.savings.totalSpent", money(totals.spentFen)],
          ] as const
        ).map(([key, value]) => (
          <div key={key} className="flex min-w-0 flex-col gap-1 rounded-xl bg-white p-2 shadow-sm">
            <dt className="text-xs text-stone-500">{t(key)}</dt>
            <dd className="text-base font-bold whitespace-nowrap tabular-nums" data-testid={key}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="flex flex-wrap gap-x-3 gap-y-1 text-sm text-stone-600" data-testid="by-status">
        <span>{t("alliance.savings.byStatus")}:</span>
        {Object.entries(byStatus)
          .filter(([, n]) => n > 0)
          .map(([status, n]) => (
            <span key={status}>
              {t(`alliance.status.${status as keyof typeof byStatus}`)} {n}
            </span>
          ))}
      </p>

      <section className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="font-semibold">{t("alliance.savings.byMember")}</h2>
          <ExportLinks table="members" />
        </div>
        {byMember.length ? (
          <div className="overflow-x-auto rounded-xl bg-white shadow-sm">
            <table className="w-full text-sm" data-testid="savings-members">
              <thead className="text-left text-xs text-stone-500">
                <tr>
                  <th className="p-2">{t("alliance.savings.col.store")}</th>
                  <th className="p-2 text-right">{t("alliance.savings.col.packs")}</th>
                  <th className="p-2 text-right">{t("alliance.savings.col.saved")}</th>
                </tr>
              </thead>
              <tbody>
                {byMember.map((m) => (
                  <tr key={m.storeOrgId} className="border-t border-stone-100">
                    <td className="p-2 break-words">
                      {m.storeName}
                      {m.village ? <span className="block text-xs text-stone-500">{m.village}</span> : null}
                    </td>
                    <td className="p-2 text-right tabular-nums">{m.packs}</td>
                    <td className="p-2 text-right font-semibold tabular-nums">{money(m.savingsFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="text-sm text-stone-500">{t("alliance.savings.empty")}</p>
        )}
      </section>

      <section className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="font-semibold">{t("alliance.savings.byCampaign")}</h2>
          <ExportLinks table="campaigns" />
        </div>
        {byCampaign.length ? (
          <ul className="flex flex-col gap-2" data-testid="savings-campaigns">
            {byCampaign.map((c) => (
              <li key={c.campaignId} className="flex flex-col gap-0.5 rounded-xl bg-white p-3 text-sm shadow-sm">
                <span className="flex items-start justify-between gap-2">
                  <span className="min-w-0 font-medium break-words">{c.title}</span>
                  <span className="shrink-0 font-semibold tabular-nums">{money(c.savingsFen)}</span>
                </span>
                <span className="text-stone-600 tabular-nums">
                  {t(`alliance.status.${c.status}`)} · {c.members} · {c.packs} {c.packUnit}
                  {c.finalPriceFen !== null ? ` · ${money(c.finalPriceFen)}` : ""}
                </span>
                {c.recorded < c.members ? (
                  <span className="text-xs text-amber-700">
                    {t("alliance.savings.pendingReceipt", { n: c.members - c.recorded })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">{t("alliance.savings.empty")}</p>
        )}
      </section>
    </>
  );
}
