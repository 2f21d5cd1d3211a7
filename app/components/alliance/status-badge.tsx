import type { CampaignStatus } from "~/domain/alliances/kinds";
import { useT } from "~/i18n/use-t";

const TONE: Record<CampaignStatus, string> = {
  draft: "bg-stone-200 text-stone-700",
  open: "bg-sky-100 text-sky-800",
  succeeded: "bg-emerald-100 text-emerald-800",
  ordered: "bg-emerald-100 text-emerald-800",
  delivered: "bg-emerald-200 text-emerald-900",
  failed: "bg-amber-100 text-amber-800",
  cancelled: "bg-stone-200 text-stone-600",
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useT();
  return (
    <span className={`shrink-0 rounded px-2 py-0.5 text-xs font-medium ${TONE[status]}`}>
      {t(`alliance.status.${status}`)}
    </span>
  );
}
