import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { PrintFrame, paperOf } from "~/components/fulfilment/print-frame";
import { pickList } from "~/domain/fulfilment/pick-list.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import { ReturnLeg } from "~/components/produce/return-leg";
import { returnLeg } from "~/domain/produce/produce-views.server";
import { RunRecallReturns } from "~/components/recall/run-returns";
import { recallReturnsOfRun } from "~/domain/recall/run-returns.server";
import "~/i18n/audiences/produce";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.view");
  const list = await load(ctx.locale, () => pickList(ctx, params.runId ?? ""));
  return {
    ...list,
    pickups: returnLeg(ctx, list.run.id),
    recallReturns: recallReturnsOfRun(ctx, list.run.id),
    paper: paperOf(request.url),
  };
}

/** The consolidated pick list, in shelf order, with each store's share to split into its crate. */
export default function PickListPage() {
  const { run, items, totalPacks, pickups, recallReturns, paper } = useLoaderData<typeof loader>();
  const { t, number } = useT();
  const narrow = paper === "80mm";
  return (
    <PrintFrame paper={paper} back={`/distributor/runs/${run.id}`} backLabel={t("fulfilment.run.title")}>
      <h1 className="text-lg font-bold">{t("fulfilment.pickList.title")}</h1>
      <p className="text-sm">
        {run.deliveryDate} ·{" "}
        {t("fulfilment.pickList.summary", { skus: number(items.length), packs: number(totalPacks) })}
      </p>
      {items.length === 0 ? <p className="py-2 text-sm">{t("fulfilment.run.noOrders")}</p> : null}
      <table className="mt-2 w-full border-collapse text-sm" data-testid="pick-list">
        <thead>
          <tr className="border-b-2 border-black text-left">
            <th className="py-1 pr-2">{t("fulfilment.col.shelf")}</th>
            <th className="py-1 pr-2">{t("fulfilment.col.item")}</th>
            <th className="py-1 pr-2 text-right">{t("fulfilment.col.packs")}</th>
            {narrow ? null : <th className="py-1">{t("fulfilment.col.split")}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.productId} className="print-keep border-b border-stone-300 align-top">
              <td className="py-1 pr-2 font-mono font-semibold whitespace-nowrap">{item.shelfLocation || "—"}</td>
              <td className="py-1 pr-2">
                <span className="font-medium">{item.name}</span>
                <span className="block text-xs text-stone-600">
                  {t("fulfilment.perPack", {
                    packUnit: item.packUnit ?? "",
                    packSize: item.packSize,
                    baseUnit: item.baseUnit,
                  })}
                  {item.barcode ? ` · ${item.barcode}` : ""}
                </span>
                {item.recalled ? (
                  <span className="block text-xs font-semibold text-red-700" data-testid="pick-recalled">
                    {t("recall.warehouse.held", {
                      units: `${item.recalled.units} ${item.baseUnit}`,
                      reason: item.recalled.reason,
                    })}
                  </span>
                ) : null}
                {narrow ? <Split stops={item.stops} unit={item.packUnit} /> : null}
              </td>
              <td
                className="py-1 pr-2 text-right text-base font-bold tabular-nums whitespace-nowrap"
                data-testid="total-packs"
              >
                {number(item.totalPacks)} {item.packUnit}
              </td>
              {narrow ? null : (
                <td className="py-1">
                  <Split stops={item.stops} unit={item.packUnit} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ReturnLeg consignments={pickups} runId={run.id} drive={false} />
      <RunRecallReturns lines={recallReturns} runId={run.id} mode="print" />
    </PrintFrame>
  );
}

function Split({
  stops,
  unit,
}: {
  stops: { orderId: string; stopSeq: number; storeName: string; packs: number }[];
  unit: string | null;
}) {
  return (
    <ul className="text-xs leading-5">
      {stops.map((s) => (
        <li key={s.orderId} className="tabular-nums">
          {s.stopSeq}. {s.storeName} × {s.packs}
          {unit}
        </li>
      ))}
    </ul>
  );
}
