import type { ActionErrors } from "~/components/forms";
import type { compareQuotes } from "~/domain/negotiation/compare.server";
import { useT } from "~/i18n/use-t";
import { CounterForm } from "./counter-form";
import { OfferCard } from "./offer";

/** After the deadline: the offers side by side (and as a sheet), an award button each, a counter round. */
export function Comparison({
  comparison,
  rfqId,
  open,
  requestId,
  defaultAnswerBy,
  errors,
}: {
  comparison: ReturnType<typeof compareQuotes>;
  rfqId: string;
  open: boolean;
  requestId: string;
  defaultAnswerBy: string;
  errors: ActionErrors | undefined;
}) {
  const { t } = useT();
  return (
    <section className="flex flex-col gap-2" data-testid="comparison">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{t("negotiation.compare")}</h2>
        <a
          href={`/alliance/negotiations/${rfqId}/export.xlsx`}
          className="flex min-h-11 items-center text-sm text-brand-700 underline"
          download
        >
          {t("negotiation.export")}
        </a>
      </div>
      {comparison.offers.length === 0 ? (
        <p className="text-sm text-stone-500">{t("negotiation.compare.noQuotes")}</p>
      ) : null}
      {comparison.offers.map((o) => (
        <OfferCard key={o.quoteId} offer={o} best={comparison.best} open={open} requestId={requestId} />
      ))}
      {open && comparison.offers.length ? (
        <CounterForm
          offers={comparison.offers}
          requestId={requestId}
          defaultAnswerBy={defaultAnswerBy}
          errors={errors}
        />
      ) : null}
    </section>
  );
}
