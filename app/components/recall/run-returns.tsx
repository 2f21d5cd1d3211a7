import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { useT } from "~/i18n/use-t";

type Line = {
  lotId: string;
  reason: string;
  storeName: string;
  stopSeq: number;
  product: string;
  baseUnit: string;
  batchNo: string;
  expiryDate: string;
  expected: number;
  picked: { id: string; qty: number; outcome: "quarantined" | "destroyed" | null } | null;
};

/**
 * The run's recall returns (召回退货, decision 046), beside produce's return leg: on the pick list
 * and manifest a printed list with space to write the count; on the driver's phone a count to
 * confirm at each store (`drive`); back at the warehouse, booking in or destroying (`book`).
 */
export function RunRecallReturns({
  lines,
  runId,
  mode,
  requestId = "",
}: {
  lines: Line[];
  runId: string;
  mode: "print" | "drive" | "book";
  requestId?: string;
}) {
  const { t, number } = useT();
  if (lines.length === 0) return null;
  const action = `/distributor/runs/${runId}/recall-returns`;
  const units = (n: number, unit: string) => `${number(n)} ${unit}`;
  return (
    <section className="print-keep mt-3 flex flex-col gap-2" data-testid="recall-returns">
      <h2 className="text-base font-bold">{t("recall.run.title")}</h2>
      {lines.map((l) => (
        <div
          key={l.lotId}
          className="rounded-xl border border-red-300 bg-red-50 p-3 text-sm"
          data-testid="recall-return"
          data-store={l.storeName}
        >
          <p className="flex justify-between gap-2 font-semibold">
            <span className="min-w-0 break-words">
              {l.stopSeq > 0 ? `${l.stopSeq}. ` : ""}
              {l.storeName}
            </span>
            <span className="shrink-0 tabular-nums">
              {l.picked
                ? t("recall.run.pickedUp", { qty: units(l.picked.qty, l.baseUnit) })
                : t("recall.run.expected", { qty: units(l.expected, l.baseUnit) })}
            </span>
          </p>
          <p className="break-words">{l.product}</p>
          <p className="text-xs break-words text-stone-700">
            {[l.batchNo, l.expiryDate].filter(Boolean).join(" · ")} · {l.reason}
          </p>
          {mode === "print" && !l.picked ? <p className="mt-1 text-xs">{t("recall.run.writeIn")}</p> : null}
          {mode === "drive" && !l.picked ? (
            <Form method="post" action={action} className="mt-2 flex items-end gap-2" noValidate>
              <input type="hidden" name="requestId" value={`${requestId}-${l.lotId}`.slice(0, 64)} />
              <input type="hidden" name="lotId" value={l.lotId} />
              <label className="flex min-w-0 flex-1 flex-col text-xs font-medium" htmlFor={`recall-qty-${l.lotId}`}>
                {t("recall.run.count")}
                <input
                  id={`recall-qty-${l.lotId}`}
                  name="qty"
                  inputMode="numeric"
                  defaultValue={l.expected}
                  className="min-h-12 w-full rounded-lg border border-stone-300 bg-white px-3 text-base"
                />
              </label>
              <div className="w-36 shrink-0">
                <SubmitButton name="intent" value="pickup">
                  {t("recall.run.pickup")}
                </SubmitButton>
              </div>
            </Form>
          ) : null}
          {mode === "book" && l.picked && !l.picked.outcome ? (
            <Form method="post" action={action} className="mt-2 grid grid-cols-2 gap-2">
              <input type="hidden" name="requestId" value={`${requestId}-${l.picked.id}`.slice(0, 64)} />
              <input type="hidden" name="returnId" value={l.picked.id} />
              <input type="hidden" name="intent" value="bookIn" />
              <SubmitButton name="outcome" value="quarantined">
                {t("recall.run.bookIn")}
              </SubmitButton>
              <SubmitButton name="outcome" value="destroyed" look="destructive">
                {t("recall.run.destroy")}
              </SubmitButton>
            </Form>
          ) : null}
          {l.picked ? (
            <p className="mt-1 text-xs font-medium" data-testid="recall-return-outcome">
              {l.picked.outcome ? t(`recall.run.outcome.${l.picked.outcome}`) : t("recall.run.awaiting")}
            </p>
          ) : null}
        </div>
      ))}
    </section>
  );
}
