import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { useProduceFormat } from "./bits";

type Unit = "jin" | "piece";

export type DisputeAnswerView = {
  status: "open" | "corrected" | "rejected";
  reason: string;
  raisedAt: number;
  answer: string | null;
  correctedQty: number | null;
  correctedPriceFen: number | null;
  correctedAmountFen: number | null;
  adjustmentFen: number | null;
};

const TONE = {
  open: "bg-amber-50 border-amber-300",
  corrected: "bg-emerald-50 border-emerald-300",
  rejected: "bg-stone-50 border-stone-300",
} as const;

/** A dispute as the farmer and the store read it: the reason, its state, the store's answer. */
export function DisputeAnswer({
  dispute: d,
  unit,
  reader = "farmer",
}: {
  dispute: DisputeAnswerView;
  unit: Unit;
  /** Who reads it: the farmer ("your dispute") or the store ("the farmer's dispute"). */
  reader?: "farmer" | "store";
}) {
  const { t, money, dateTime } = useT();
  const f = useProduceFormat();
  const sign = (fen: number) => `${fen > 0 ? "+" : "−"}${money(Math.abs(fen))}`;
  return (
    <div className={`flex flex-col gap-1 rounded-lg border p-3 text-sm ${TONE[d.status]}`} data-testid="dispute">
      <p className="font-semibold" data-testid="dispute-status">
        {t(`produce.dispute.status.${d.status}`)}
      </p>
      <p className="break-words">
        {t(reader === "farmer" ? "produce.dispute.yours" : "produce.dispute.theirs", {
          at: dateTime(d.raisedAt),
          reason: d.reason,
        })}
      </p>
      {d.status === "corrected" && d.correctedQty !== null && d.correctedPriceFen !== null ? (
        <p className="font-medium" data-testid="dispute-correction">
          {t("produce.dispute.correctedTo", {
            qty: f.qty(unit, d.correctedQty),
            price: f.price(unit, d.correctedPriceFen),
            amount: money(d.correctedAmountFen ?? 0),
            diff: sign(d.adjustmentFen ?? 0),
          })}
        </p>
      ) : null}
      {d.status === "rejected" && d.answer ? (
        <p className="font-medium break-words" data-testid="dispute-answer">
          {t("produce.dispute.rejectedBecause", { answer: d.answer })}
        </p>
      ) : null}
      {d.status === "corrected" && d.answer ? (
        <p className="break-words">{t("produce.dispute.answer", { answer: d.answer })}</p>
      ) : null}
    </div>
  );
}

export type DisputeListRow = DisputeAnswerView & {
  id: string;
  farmerName: string;
  purchase: { id: string; produce: string; grade: string; unit: Unit };
};

/** The store's list of disputes (open ones first), each with a link to answer or read it. */
export function DisputeList({ disputes, testId = "disputes" }: { disputes: DisputeListRow[]; testId?: string }) {
  const { t, dateTime } = useT();
  if (disputes.length === 0) return <p className="text-sm text-stone-500">{t("produce.disputes.none")}</p>;
  return (
    <ul className="divide-y divide-stone-100 text-sm" data-testid={testId}>
      {disputes.map((d) => (
        <li key={d.id} className="flex items-center justify-between gap-2 py-2">
          <span className="min-w-0 break-words">
            {d.farmerName} · {d.purchase.produce} {d.purchase.grade}
            <span className="block text-xs text-stone-500">
              {dateTime(d.raisedAt)} · {d.reason}
            </span>
          </span>
          <Link
            to={`/store/produce/disputes/${d.id}`}
            className={`inline-flex min-h-11 shrink-0 items-center rounded-lg px-3 ${
              d.status === "open" ? "bg-amber-600 font-semibold text-white" : "text-brand-700 underline"
            }`}
          >
            {d.status === "open" ? t("produce.disputes.handle") : t(`produce.dispute.status.${d.status}`)}
          </Link>
        </li>
      ))}
    </ul>
  );
}
