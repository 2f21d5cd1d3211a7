import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

type Origin = {
  requestTitle: string;
  suppliersQuoted: number;
  rounds: number;
  acceptedVersion: number | null;
  firstBands: { minPacks: number; priceFen: number }[];
  acceptedBands: { minPacks: number; priceFen: number }[];
  certificates: { title: string; kind: string; validUntil: string | null }[];
};

/** 这个价格是怎么来的: on a campaign an award opened, for the members who pledge to it. */
export function PriceOrigin({ origin }: { origin: Origin }) {
  const { t, money } = useT();
  const tiers = (bands: Origin["firstBands"]) => bands.map((b) => `${b.minPacks}+ ${money(b.priceFen)}`).join(" / ");
  return (
    <details className="rounded-xl bg-white p-3 text-sm shadow-sm" data-testid="price-origin">
      <summary className="min-h-11 cursor-pointer content-center font-medium text-brand-700">
        {t("negotiation.origin.title")}
      </summary>
      <p className="break-words">
        {t("negotiation.origin.text", {
          title: origin.requestTitle,
          suppliers: origin.suppliersQuoted,
          rounds: origin.rounds,
          version: origin.acceptedVersion ?? 0,
        })}
      </p>
      <p className="tabular-nums">{t("negotiation.origin.first", { tiers: tiers(origin.firstBands) })}</p>
      <p className="tabular-nums">{t("negotiation.origin.accepted", { tiers: tiers(origin.acceptedBands) })}</p>
      {origin.certificates.length ? (
        <p className="break-words">
          {t("negotiation.origin.certs", {
            list: origin.certificates
              .map(
                (c) =>
                  `${c.title}（${t(`alliance.cert.kind.${c.kind}` as MessageKey)}${c.validUntil ? ` ${c.validUntil}` : ""}）`,
              )
              .join("、"),
          })}
        </p>
      ) : null}
    </details>
  );
}
