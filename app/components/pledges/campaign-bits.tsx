import { useDay } from "~/components/restock/use-day";
import { useT } from "~/i18n/use-t";

/** "还剩 2 天 5 小时": the deadline as a countdown from the moment the page was rendered. */
export function TimeLeft({ deadlineAt, now }: { deadlineAt: number; now: number }) {
  const { t, dateTime } = useT();
  const left = deadlineAt - now;
  const minutes = Math.floor(left / 60_000);
  const text =
    left <= 0
      ? t("pledge.timeLeft.over")
      : minutes >= 24 * 60
        ? t("pledge.timeLeft.days", { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60) })
        : minutes >= 60
          ? t("pledge.timeLeft.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 })
          : t("pledge.timeLeft.minutes", { minutes: Math.max(minutes, 1) });
  return (
    <span className="text-sm">
      <span className={`font-semibold ${left > 0 && left < 86_400_000 ? "text-amber-700" : ""}`}>{text}</span>
      <span className="ml-1 text-stone-500">{t("pledge.deadline", { time: dateTime(deadlineAt) })}</span>
    </span>
  );
}

export type Progress = {
  packUnit: string;
  totalPacks: number;
  moqPacks: number;
  tierIndex: number | null;
  tiers: { minPacks: number; priceFen: number }[];
  next: { packsToGo: number; priceFen: number } | null;
  priceNowFen: number;
  regularPriceFen: number | null;
  savingPerPackFen: number | null;
};

/** The total against the tiers: a bar to the top tier, the tier reached, the next one, the saving. */
export function TierProgress({ p, closed = false }: { p: Progress; closed?: boolean }) {
  const { t, money, number } = useT();
  const unit = p.packUnit;
  const top = p.tiers.at(-1)?.minPacks ?? 1;
  const pct = Math.min(100, Math.round((p.totalPacks / top) * 100));
  return (
    <div className="flex flex-col gap-1 text-sm">
      <div className="flex items-baseline justify-between gap-2">
        <span className="font-semibold" data-testid="campaign-total">
          {t("pledge.total", { packs: number(p.totalPacks), unit })}
        </span>
        <span className="text-xs text-stone-500">{t("pledge.moq", { packs: number(p.moqPacks), unit })}</span>
      </div>
      <div className="relative h-2 rounded bg-stone-200" role="presentation">
        <div className="h-2 rounded bg-brand-600" style={{ width: `${pct}%` }} />
        {p.tiers.map((tier) => (
          <span
            key={tier.minPacks}
            className="absolute top-0 h-2 w-0.5 bg-stone-500"
            style={{ left: `${Math.min(100, (tier.minPacks / top) * 100)}%` }}
          />
        ))}
      </div>
      <span data-testid="campaign-tier">
        {p.tierIndex === null
          ? t("pledge.noTier")
          : t("pledge.tierReached", { n: p.tierIndex + 1, unit, price: money(p.tiers[p.tierIndex].priceFen) })}
      </span>
      {closed ? null : (
        <>
          <span className="text-stone-600" data-testid="campaign-next">
            {p.next
              ? t("pledge.toNext", { packs: number(p.next.packsToGo), unit, price: money(p.next.priceFen) })
              : t("pledge.topTier")}
          </span>
          <span className="font-semibold text-brand-800">
            {t("pledge.priceNow", { unit, price: money(p.priceNowFen) })}
          </span>
        </>
      )}
      {p.regularPriceFen === null ? (
        <span className="text-xs text-stone-500">{t("pledge.noRegular")}</span>
      ) : (
        <span className="text-stone-600">
          {t("pledge.regular", { unit, price: money(p.regularPriceFen) })}
          {p.savingPerPackFen !== null && p.savingPerPackFen > 0 ? (
            <span className="ml-1 font-semibold text-green-700" data-testid="campaign-saving">
              {t("pledge.saves", { unit, amount: money(p.savingPerPackFen) })}
            </span>
          ) : null}
        </span>
      )}
    </div>
  );
}

export function DeliveryLine({ date, distributorName }: { date: string; distributorName: string | null }) {
  const { t } = useT();
  const day = useDay();
  return (
    <span className="text-xs text-stone-500">
      {t("pledge.delivery", { date: day(date) })} ·{" "}
      {distributorName ? t("pledge.distributor", { name: distributorName }) : t("pledge.supplierDirect")}
    </span>
  );
}
