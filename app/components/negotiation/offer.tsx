import { Form } from "@remix-run/react";
import { RequestId } from "~/components/alliance/hidden";
import { SubmitButton } from "~/components/forms";
import type { compareQuotes } from "~/domain/negotiation/compare.server";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

type Offer = ReturnType<typeof compareQuotes>["offers"][number];

/** One supplier's latest version: prices and landed cost per band, terms, certificates, record, changes. */
export function OfferCard({
  offer: o,
  best,
  open,
  requestId,
}: {
  offer: Offer;
  /** The cheapest landed cost at each band, to mark. */
  best: number[];
  open: boolean;
  requestId: string;
}) {
  const { t, money } = useT();
  return (
    <article className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="offer">
      <h3 className="font-medium break-words">
        {o.supplierName} <span className="text-xs text-stone-500">v{o.version.version}</span>
      </h3>
      <table className="w-full text-sm tabular-nums">
        <thead>
          <tr className="text-left text-xs text-stone-500">
            <th className="py-1 font-normal"></th>
            <th className="py-1 font-normal">{t("negotiation.compare.price")}</th>
            <th className="py-1 font-normal">{t("negotiation.compare.landed")}</th>
          </tr>
        </thead>
        <tbody>
          {o.landed.map((l, i) => (
            <tr key={l.minPacks} className="border-t border-stone-100" data-testid="offer-band">
              <td className="py-1">{t("negotiation.compare.band", { packs: l.minPacks })}</td>
              <td className="py-1">
                {money(l.priceFen)}
                {l.fallbackPriceFen ? (
                  <span className="block text-xs text-stone-500">
                    {t("negotiation.compare.fallback", { price: money(l.fallbackPriceFen) })}
                  </span>
                ) : null}
              </td>
              <td className={`py-1 ${best[i] === l.landedFen ? "font-semibold text-emerald-700" : ""}`}>
                {money(l.landedFen)}
                {best[i] === l.landedFen ? ` · ${t("negotiation.compare.best")}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {o.version.alternative.length ? (
        <p className="text-xs text-stone-600">
          {t("negotiation.compare.alt")}{" "}
          {o.version.alternative.map((a) => `${a.minPacks}+ ${money(a.priceFen)}`).join(" / ")}
        </p>
      ) : null}
      <p className="text-xs break-words text-stone-600">
        {[
          t("negotiation.compare.minimum", { packs: o.version.minimumPacks }),
          t("negotiation.compare.lead", { days: o.version.leadTimeDays }),
          t("negotiation.compare.valid", { date: o.version.validUntil }),
          t("negotiation.compare.terms", { days: o.version.paymentTermsDays }),
          t("negotiation.compare.delivery", { price: money(o.version.deliveryFen) }),
        ].join(" · ")}
      </p>
      <p className="flex flex-wrap gap-1 text-xs">
        {o.required.map((r) => (
          <span
            key={r.kind}
            className={`rounded px-2 py-0.5 ${r.state === "valid" || r.state === "undated" ? "bg-emerald-100" : r.state === "expiring" ? "bg-amber-100" : "bg-red-100"}`}
          >
            {t(`alliance.cert.kind.${r.kind}` as MessageKey)}:{" "}
            {r.state === "missing" ? t("negotiation.cert.missing") : t(`alliance.cert.state.${r.state}`)}
          </span>
        ))}
      </p>
      <p className="text-xs text-stone-600">{t("negotiation.compare.record", o.record)}</p>
      {o.history
        .filter((h) => h.changes.length)
        .map((h) => (
          <p key={h.version} className="text-xs text-stone-600" data-testid="changes">
            v{h.version} {t("negotiation.changes")}{" "}
            {h.changes
              .map((c) =>
                c.field.startsWith("band:")
                  ? `${c.field.slice(5)}: ${money(Number(c.from))} → ${money(Number(c.to))}`
                  : `${c.field}: ${c.from} → ${c.to}`,
              )
              .join("; ")}
          </p>
        ))}
      {open ? (
        <Form method="post">
          <RequestId value={requestId} />
          <input type="hidden" name="intent" value="award" />
          <input type="hidden" name="quoteId" value={o.quoteId} />
          <SubmitButton>{t("negotiation.award")}</SubmitButton>
        </Form>
      ) : null}
    </article>
  );
}
