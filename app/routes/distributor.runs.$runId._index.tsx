import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { may } from "~/domain/permission-check.server";
import { ActionLink, OrderStatusBadge, RunTitle, Timeline } from "~/components/fulfilment/run-bits";
import { getRun } from "~/domain/fulfilment/get-run.server";
import { newId } from "~/domain/ids.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.view");
  const run = await load(ctx.locale, () => getRun(ctx, params.runId ?? ""));
  return {
    ...run,
    requestId: newId(),
    canPick: may(ctx, "run.pick"),
    canDrive: may(ctx, "run.deliver"),
  };
}

/**
 * One run at a glance: its stops, totals and history, the lists to print, and the next step.
 * The step's form posts to the page that owns it (picks or stops), whose guard decides who may.
 */
export default function RunOverview() {
  const { run, routeName, orders, orderTimelines, totals, timeline, requestId, canPick, canDrive } =
    useLoaderData<typeof loader>();
  const { t, money, number } = useT();
  const base = `/distributor/runs/${run.id}`;
  const step = (action: string, intent: string, label: string) => (
    <Form method="post" action={`${base}/${action}`}>
      <input type="hidden" name="requestId" value={requestId} />
      <button
        type="submit"
        name="intent"
        value={intent}
        className="min-h-12 w-full rounded-lg bg-brand-700 px-4 font-semibold text-white"
      >
        {label}
      </button>
    </Form>
  );
  return (
    <>
      <Link to="/distributor/runs" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("fulfilment.runs.title")}
      </Link>
      <RunTitle title={t("fulfilment.run.title")} routeName={routeName} date={run.deliveryDate} status={run.status} />
      <p className="text-sm text-stone-700" data-testid="run-totals">
        {t("fulfilment.run.totals", { orders: number(totals.orders), total: money(totals.totalFen) })}
      </p>
      <div className="grid grid-cols-2 gap-2 md:grid-cols-4">
        {run.status === "planned" && canPick ? step("picks", "start", t("fulfilment.action.start")) : null}
        {run.status === "picking" && canPick ? (
          <ActionLink to={`${base}/picks`} primary>
            {t("fulfilment.action.picks")}
          </ActionLink>
        ) : null}
        {run.status === "picking" && canPick ? step("picks", "dispatch", t("fulfilment.action.dispatch")) : null}
        {run.status === "out_for_delivery" && canDrive ? (
          <ActionLink to={`${base}/stops`} primary>
            {t("fulfilment.action.stops")}
          </ActionLink>
        ) : null}
        {run.status === "out_for_delivery" && canDrive
          ? step("stops", "complete", t("fulfilment.action.complete"))
          : null}
        <ActionLink to={`${base}/pick-list`}>{t("fulfilment.pickList.title")}</ActionLink>
        <ActionLink to={`${base}/packing`}>{t("fulfilment.packing.title")}</ActionLink>
        <ActionLink to={`${base}/manifest`}>{t("fulfilment.manifest.title")}</ActionLink>
        <ActionLink to={`${base}/recall-returns`}>{t("recall.run.link")}</ActionLink>
      </div>
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("fulfilment.run.stops")}</h2>
        {orders.length === 0 ? <p className="text-sm text-stone-600">{t("fulfilment.run.noOrders")}</p> : null}
        <ol
          className="flex flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm"
          data-testid="run-orders"
        >
          {orders.map((o) => (
            <li key={o.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
              <span className="w-8 text-stone-500 tabular-nums">{o.stopSeq}</span>
              <span className="font-medium">{o.storeName}</span>
              <OrderStatusBadge status={o.status} />
              {o.short ? (
                <span className="text-xs font-semibold text-amber-700">{t("fulfilment.run.short")}</span>
              ) : null}
              {o.backorderOf ? <span className="text-xs text-stone-500">{t("fulfilment.run.backorder")}</span> : null}
              <span className="ml-auto tabular-nums">
                {money(o.totalFen)} · {t(`fulfilment.terms.${o.paymentTerms}`)}
              </span>
              <details className="w-full">
                <summary className="min-h-11 cursor-pointer py-2 text-xs text-brand-700">
                  {t("fulfilment.run.orderHistory")}
                </summary>
                <Timeline entries={orderTimelines[o.id] ?? []} entity="order" />
              </details>
            </li>
          ))}
        </ol>
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("fulfilment.run.history")}</h2>
        <Timeline entries={timeline} entity="run" />
      </section>
    </>
  );
}
