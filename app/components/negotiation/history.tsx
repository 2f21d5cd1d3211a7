import type { requestDetail } from "~/domain/negotiation/negotiation-detail.server";
import { useT } from "~/i18n/use-t";

type Event = ReturnType<typeof requestDetail>["history"][number];

/** The whole negotiation in order: sent, each supplier's versions, counter rounds, the award. */
export function NegotiationHistory({ history }: { history: Event[] }) {
  const { t, dateTime } = useT();
  return (
    <section className="flex flex-col gap-1">
      <h2 className="font-semibold">{t("negotiation.history")}</h2>
      <ol className="flex flex-col gap-1 text-sm" data-testid="history">
        {history.map((h, i) => (
          <li key={i} className="break-words">
            <span className="text-xs text-stone-500">{dateTime(h.at)}</span>{" "}
            {h.kind === "sent"
              ? t("negotiation.history.sent")
              : h.kind === "version"
                ? t("negotiation.history.version", { supplier: h.supplier ?? "", n: h.n ?? 0 })
                : h.kind === "round"
                  ? t("negotiation.history.round", { n: h.n ?? 0, message: h.message ?? "" })
                  : t("negotiation.history.award", { supplier: h.supplier ?? "" })}
          </li>
        ))}
      </ol>
    </section>
  );
}
