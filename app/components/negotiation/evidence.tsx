import type { Evidence, Range, SupplierEvidence } from "~/domain/negotiation/figures";
import { useT } from "~/i18n/use-t";

/** The coordinator's view: exact figures of its own members. */
export function EvidenceExact({ evidence }: { evidence: Evidence }) {
  const { t } = useT();
  return (
    <section className="flex flex-col gap-1 rounded-xl bg-white p-3 text-sm shadow-sm" data-testid="evidence">
      <h2 className="font-semibold">{t("negotiation.evidence", { weeks: evidence.weeks })}</h2>
      <p>{t("negotiation.evidence.sales", { stores: evidence.sales.stores, packs: evidence.sales.packsPerWeek })}</p>
      <p>
        {t("negotiation.evidence.interest", {
          stores: evidence.interest.stores,
          packs: evidence.interest.packsPerWeek,
        })}
      </p>
      <p>{t("negotiation.evidence.deposits", { stores: evidence.deposits.stores, packs: evidence.deposits.packs })}</p>
      <p className="font-medium">
        {t("negotiation.evidence.total", {
          stores: evidence.total.stores,
          packs: evidence.total.packsPerWeek,
          batch: evidence.expectedBatchPacks,
        })}
      </p>
    </section>
  );
}

/** The supplier's view: the band, and ranges only where at least five stores stand behind them. */
export function EvidenceRanges({ evidence }: { evidence: SupplierEvidence }) {
  const { t } = useT();
  const range = (r: Range) =>
    r.to === null
      ? t("negotiation.evidence.rangeOpen", { from: r.from })
      : t("negotiation.evidence.range", { from: r.from, to: r.to });
  return (
    <section className="flex flex-col gap-1 rounded-xl bg-white p-3 text-sm shadow-sm" data-testid="evidence">
      <p className="font-medium">
        {evidence.band === null
          ? t("negotiation.evidence.belowBand")
          : t("negotiation.evidence.band", { band: evidence.band })}
      </p>
      {evidence.total ? (
        <>
          <p>{t("negotiation.evidence.rStores", { range: range(evidence.total.stores) })}</p>
          <p>{t("negotiation.evidence.rPacks", { range: range(evidence.total.packsPerWeek) })}</p>
        </>
      ) : null}
    </section>
  );
}
