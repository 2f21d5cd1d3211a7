import { Form } from "@remix-run/react";
import { SubmitButton } from "~/components/forms";
import { useT } from "~/i18n/use-t";
import { useProduceFormat } from "./bits";

type Line = {
  id: string;
  produce: string;
  grade: string;
  unit: "jin" | "piece";
  offeredQty: number;
  pickedQty: number | null;
  batchNo: string;
};
type Consignment = {
  id: string;
  otherName: string;
  stopSeq: number;
  status: "offered" | "picked_up" | "graded";
  signedBy: string | null;
  lines: (Line & { rejectReason?: string | null })[];
};

/**
 * The return leg of a run (回程): the produce to pick up at each store. On the driver's phone each
 * offered consignment is a form (weigh or count, the store signs); on the pick list and manifest
 * it is a printed list with space to write.
 */
export function ReturnLeg({
  consignments,
  handBacks = [],
  runId,
  requestId,
  drive,
}: {
  consignments: Consignment[];
  handBacks?: Consignment[];
  runId: string;
  requestId?: string;
  drive: boolean;
}) {
  const { t } = useT();
  const f = useProduceFormat();
  if (consignments.length === 0 && handBacks.length === 0) return null;
  return (
    <section className="print-keep mt-3 flex flex-col gap-2" data-testid="return-leg">
      <h2 className="text-base font-bold">{t("produce.returnLeg.title")}</h2>
      {handBacks.map((c) => (
        <div
          key={`back-${c.id}`}
          className="rounded-xl border border-amber-300 bg-amber-50 p-3 text-sm"
          data-testid="hand-back"
        >
          <p className="font-semibold">{t("produce.handBack.title", { store: c.otherName })}</p>
          {c.lines.map((l) => (
            <div key={l.id} className="mt-1 flex items-center justify-between gap-2">
              <span className="min-w-0">
                {l.produce} {l.grade} · {f.qty(l.unit, l.pickedQty ?? 0)}
                <span className="block text-xs text-stone-600">
                  {l.batchNo} · {l.rejectReason}
                </span>
              </span>
              {drive ? (
                <Form method="post" action={`/distributor/runs/${runId}/stops`} className="w-32 shrink-0">
                  <input type="hidden" name="requestId" value={`${requestId}-${l.id}`.slice(0, 64)} />
                  <input type="hidden" name="lineId" value={l.id} />
                  <SubmitButton name="intent" value="handBack">
                    {t("produce.handBack.submit")}
                  </SubmitButton>
                </Form>
              ) : null}
            </div>
          ))}
        </div>
      ))}
      {consignments.map((c) => (
        <div key={c.id} className="rounded-xl border border-stone-200 bg-white p-3 text-sm" data-testid="pickup">
          <p className="flex justify-between gap-2 font-semibold">
            <span>{c.otherName}</span>
            <span>{t(`produce.status.${c.status}`)}</span>
          </p>
          {drive && c.status === "offered" ? (
            <Form
              method="post"
              action={`/distributor/runs/${runId}/stops`}
              className="mt-2 flex flex-col gap-2"
              noValidate
            >
              <input type="hidden" name="requestId" value={`${requestId}-${c.id}`.slice(0, 64)} />
              <input type="hidden" name="consignmentId" value={c.id} />
              {c.lines.map((l) => (
                <div key={l.id} className="flex items-end justify-between gap-2">
                  <label htmlFor={`pick-${l.id}`} className="min-w-0">
                    {l.produce} {l.grade}
                    <span className="block text-xs text-stone-500">
                      {t("produce.pickup.offered", { qty: f.qty(l.unit, l.offeredQty) })}
                    </span>
                  </label>
                  <input type="hidden" name="lineId" value={l.id} />
                  <input
                    id={`pick-${l.id}`}
                    name="qty"
                    inputMode="numeric"
                    defaultValue={l.offeredQty}
                    className="min-h-12 w-32 shrink-0 rounded-lg border border-stone-300 px-3 text-base"
                  />
                </div>
              ))}
              <label htmlFor={`sign-${c.id}`} className="text-sm font-medium">
                {t("produce.pickup.sign")}
              </label>
              <input
                id={`sign-${c.id}`}
                name="signedBy"
                className="min-h-12 rounded-lg border border-stone-300 px-3 text-base"
              />
              <SubmitButton name="intent" value="pickup">
                {t("produce.pickup.confirm")}
              </SubmitButton>
            </Form>
          ) : (
            <ul className="mt-1">
              {c.lines.map((l) => (
                <li key={l.id} className="flex justify-between gap-2">
                  <span>
                    {l.produce} {l.grade} <span className="text-xs text-stone-500">{l.batchNo}</span>
                  </span>
                  <span className="tabular-nums">{f.qty(l.unit, l.pickedQty ?? l.offeredQty)}</span>
                </li>
              ))}
              {c.signedBy ? <li className="text-xs">{t("produce.pickup.signedBy", { name: c.signedBy })}</li> : null}
              {!drive && c.status === "offered" ? (
                <li className="text-xs">{t("produce.pickup.writeIn")} ____________</li>
              ) : null}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
