import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { PrintFrame, paperOf } from "~/components/fulfilment/print-frame";
import { manifest } from "~/domain/fulfilment/manifest.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import { ReturnLeg } from "~/components/produce/return-leg";
import { returnLeg } from "~/domain/produce/produce-views.server";
import { RunRecallReturns } from "~/components/recall/run-returns";
import { recallReturnsOfRun } from "~/domain/recall/run-returns.server";
import "~/i18n/audiences/produce";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.view");
  const data = await load(ctx.locale, () => manifest(ctx, params.runId ?? ""));
  return {
    ...data,
    pickups: returnLeg(ctx, data.run.id),
    recallReturns: recallReturnsOfRun(ctx, data.run.id),
    paper: paperOf(request.url),
  };
}

/** The driver's sheet: stops in route order, whom to call, what to collect and on what terms. */
export default function ManifestPage() {
  const { run, routeName, stops, totalDueFen, pickups, recallReturns, paper } = useLoaderData<typeof loader>();
  const { t, money } = useT();
  return (
    <PrintFrame paper={paper} back={`/distributor/runs/${run.id}`} backLabel={t("fulfilment.run.title")}>
      <h1 className="text-lg font-bold">{t("fulfilment.manifest.title")}</h1>
      <p className="text-sm">{t("fulfilment.routeDate", { route: routeName, date: run.deliveryDate })}</p>
      {stops.length === 0 ? <p className="py-2 text-sm">{t("fulfilment.run.noOrders")}</p> : null}
      <ol className="mt-2 flex flex-col" data-testid="manifest">
        {stops.map((s) => (
          <li key={s.id} className="print-keep flex gap-2 border-b border-stone-300 py-2 text-sm">
            <span className="w-6 shrink-0 text-base font-bold tabular-nums">{s.stop}</span>
            <div className="min-w-0 flex-1">
              <p className="font-semibold">{s.storeName}</p>
              <p>{[s.township, s.village, s.address].filter(Boolean).join(" ")}</p>
              <p className="tabular-nums">
                {s.contactPhone ? (
                  <a href={`tel:${s.contactPhone}`} className="inline-flex min-h-11 items-center">
                    {s.contactPhone}
                  </a>
                ) : (
                  "—"
                )}
              </p>
            </div>
            <div className="shrink-0 text-right">
              <p className="font-bold tabular-nums" data-testid="due">
                {s.paymentTerms === "cod" ? money(s.dueFen) : t("fulfilment.manifest.onAccount")}
              </p>
              <p className="text-xs">{t(`fulfilment.terms.${s.paymentTerms}`)}</p>
              <p className="text-xs text-stone-600">
                {t("fulfilment.manifest.orderTotal", { total: money(s.totalFen) })}
              </p>
            </div>
          </li>
        ))}
      </ol>
      <p className="mt-2 text-right font-semibold">
        {t("fulfilment.manifest.totalDue", { total: money(totalDueFen) })}
      </p>
      <p className="mt-6 text-sm">{t("fulfilment.manifest.signature")} ____________________</p>
      <ReturnLeg consignments={pickups} runId={run.id} drive={false} />
      <RunRecallReturns lines={recallReturns} runId={run.id} mode="print" />
    </PrintFrame>
  );
}
