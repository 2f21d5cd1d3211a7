import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RunStatusBadge } from "~/components/fulfilment/run-bits";
import { isValidDate } from "~/domain/dates";
import { listRuns } from "~/domain/fulfilment/list-runs.server";
import { RUN_STATUS_LIST } from "~/domain/fulfilment/statuses";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.view");
  const url = new URL(request.url);
  const date = url.searchParams.get("date") ?? "";
  const routeId = url.searchParams.get("route") ?? "";
  const status = RUN_STATUS_LIST.find((s) => s === url.searchParams.get("status"));
  const filter = { date: isValidDate(date) ? date : undefined, routeId: routeId.slice(0, 64) || undefined, status };
  return {
    filter: { date: filter.date ?? "", routeId: filter.routeId ?? "", status: status ?? "" },
    ...listRuns(ctx, filter),
  };
}

/** Every van round of the distributor, newest first: what is planned, being picked, on the road. */
export default function Runs() {
  const { filter, runs, routes } = useLoaderData<typeof loader>();
  const { t, money, number } = useT();
  return (
    <>
      <h1 className="text-xl font-bold">{t("fulfilment.runs.title")}</h1>
      <Form
        method="get"
        className="grid grid-cols-2 gap-2 md:flex md:items-end"
        aria-label={t("fulfilment.runs.filter")}
      >
        <label className="flex flex-col gap-1 text-sm">
          {t("fulfilment.runs.date")}
          <input
            type="date"
            name="date"
            defaultValue={filter.date}
            className="min-h-12 rounded-lg border border-stone-300 bg-white px-3"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {t("fulfilment.runs.route")}
          <select
            name="route"
            defaultValue={filter.routeId}
            className="min-h-12 rounded-lg border border-stone-300 bg-white px-3"
          >
            <option value="">{t("fulfilment.runs.all")}</option>
            {routes.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {t("fulfilment.runs.status")}
          <select
            name="status"
            defaultValue={filter.status}
            className="min-h-12 rounded-lg border border-stone-300 bg-white px-3"
          >
            <option value="">{t("fulfilment.runs.all")}</option>
            {RUN_STATUS_LIST.map((s) => (
              <option key={s} value={s}>
                {t(`run.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="min-h-12 rounded-lg bg-white px-4 shadow-sm">
          {t("action.search")}
        </button>
      </Form>
      {runs.length === 0 ? (
        <p className="rounded-xl bg-white p-4 text-sm text-stone-600 shadow-sm">{t("fulfilment.runs.empty")}</p>
      ) : (
        <ul
          className="flex flex-col divide-y divide-stone-200 overflow-hidden rounded-xl bg-white shadow-sm"
          data-testid="run-list"
        >
          {runs.map((run) => (
            <li key={run.id}>
              <Link
                to={`/distributor/runs/${run.id}`}
                className="flex min-h-14 flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2"
              >
                <span className="font-semibold tabular-nums">{run.deliveryDate}</span>
                <span className="font-medium">{run.routeName}</span>
                <RunStatusBadge status={run.status} />
                <span className="ml-auto text-sm text-stone-600 tabular-nums">
                  {t("fulfilment.runs.orders", { count: number(run.orderCount) })} · {money(run.totalFen)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
