import { Link } from "@remix-run/react";
import type { CampaignStatus } from "~/domain/alliances/kinds";
import { useT } from "~/i18n/use-t";
import { CampaignStatusBadge } from "./status-badge";

export type CampaignRowData = {
  id: string;
  title: string;
  packUnit: string;
  status: CampaignStatus;
  deadlineAt: number;
  moqPacks: number;
  totalPacks: number;
  members: number;
};

export function CampaignRow({ c }: { c: CampaignRowData }) {
  const { t, dateTime } = useT();
  return (
    <li>
      <Link to={`/alliance/campaigns/${c.id}`} className="flex flex-col gap-1 rounded-xl bg-white p-3 shadow-sm">
        <span className="flex items-start justify-between gap-2">
          <span className="min-w-0 font-semibold break-words">{c.title}</span>
          <CampaignStatusBadge status={c.status} />
        </span>
        <span className="text-sm text-stone-600 tabular-nums">
          {t("alliance.campaigns.progress", {
            packs: c.totalPacks,
            moq: c.moqPacks,
            unit: c.packUnit,
            members: c.members,
          })}
        </span>
        <span className="text-xs text-stone-500 tabular-nums">
          {t("alliance.campaigns.deadline", { time: dateTime(c.deadlineAt) })}
        </span>
      </Link>
    </li>
  );
}
