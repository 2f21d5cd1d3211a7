import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, type ActionErrors } from "~/components/forms";
import { RunTitle } from "~/components/fulfilment/run-bits";
import { dispatchRun } from "~/domain/fulfilment/dispatch-run.server";
import { picksSheet } from "~/domain/fulfilment/packing-lists.server";
import { recordPicks, recordPicksSchema } from "~/domain/fulfilment/record-picks.server";
import { runActionSchema, startPicking } from "~/domain/fulfilment/start-picking.server";
import { newId } from "~/domain/ids.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.pick");
  return { ...(await load(ctx.locale, () => picksSheet(ctx, params.runId ?? ""))), requestId: newId() };
}

/** The warehouse's page: start picking, enter what was short per order, send the van off. */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.pick");
  const runId = params.runId ?? "";
  const formData = await request.formData();
  const intent = readIntent(formData, ["start", "dispatch", "record"], ctx.locale);
  if (!intent.ok) return intent.reply;
  formData.delete("intent");
  switch (intent.value) {
    case "start":
    case "dispatch": {
      const form = parseForm(formData, runActionSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(
        ctx.locale,
        () => (intent.value === "start" ? startPicking : dispatchRun)(ctx, runId, form.data),
        formData,
      );
      if (!result.ok) return result.reply;
      throw redirect(`/distributor/runs/${runId}`);
    }
    case "record": {
      const form = parseForm(formData, recordPicksSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => recordPicks(ctx, runId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/distributor/runs/${runId}/picks`);
    }
  }
}

export default function Picks() {
  const { run, lists, held, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, number } = useT();
  const failedOrder = errors?.values?.orderId;
  const open = lists.filter((l) => l.status === "picking" && l.lines.every((line) => line.pickedPacks === null));
  const done = lists.filter((l) => !open.includes(l));
  return (
    <>
      <Link to={`/distributor/runs/${run.id}`} className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("fulfilment.run.title")}
      </Link>
      <RunTitle title={t("fulfilment.picks.title")} routeName="" date={run.deliveryDate} status={run.status} />
      {failedOrder ? null : <FormError errors={errors} />}
      {run.status === "planned" ? (
        <RunStep requestId={requestId} intent="start" label={t("fulfilment.action.start")} />
      ) : null}
      {run.status === "picking" ? <p className="text-sm text-stone-600">{t("fulfilment.picks.hint")}</p> : null}
      {run.status === "picking"
        ? open.map((list) => (
            <Form
              key={list.id}
              method="post"
              className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
              data-testid="pick-form"
            >
              <input type="hidden" name="requestId" value={`${requestId}-${list.id}`} />
              <input type="hidden" name="orderId" value={list.id} />
              <h2 className="font-semibold">
                {list.stopSeq}. {list.storeName}
              </h2>
              {failedOrder === list.id ? <FormError errors={errors} /> : null}
              {list.lines.map((line) => {
                const name = `picked.${line.id}`;
                const error = failedOrder === list.id ? errors?.fieldErrors?.[name] : undefined;
                return (
                  <div key={line.id} className="flex flex-wrap items-center gap-2">
                    <label htmlFor={`${list.id}-${line.id}`} className="min-w-0 flex-1 text-sm">
                      {line.name}
                      <span className="block text-xs text-stone-500">
                        {line.shelfLocation || "—"} ·{" "}
                        {t("fulfilment.picks.ordered", { packs: number(line.qtyPacks), unit: line.packUnit ?? "" })}
                      </span>
                      {held[line.productId] ? (
                        <span className="block text-xs font-semibold text-red-700" data-testid="picks-recalled">
                          {t("recall.warehouse.held", {
                            units: `${number(held[line.productId]!.units)} ${line.baseUnit}`,
                            reason: held[line.productId]!.reason,
                          })}
                        </span>
                      ) : null}
                    </label>
                    <input
                      id={`${list.id}-${line.id}`}
                      name={name}
                      inputMode="numeric"
                      defaultValue={
                        (failedOrder === list.id ? errors?.values?.[name] : undefined) ?? String(line.qtyPacks)
                      }
                      aria-invalid={error ? true : undefined}
                      className={`min-h-12 w-20 rounded-lg border px-3 text-right tabular-nums ${error ? "border-red-600 bg-red-50" : "border-stone-300"}`}
                    />
                    {error ? (
                      <p role="alert" className="w-full text-sm text-red-700">
                        {error}
                      </p>
                    ) : null}
                  </div>
                );
              })}
              <fieldset className="flex flex-col gap-1 text-sm">
                <legend className="font-medium">{t("fulfilment.picks.shortfall")}</legend>
                <label className="flex min-h-11 items-center gap-2">
                  <input type="radio" name="shortfall" value="backorder" defaultChecked />{" "}
                  {t("fulfilment.picks.backorder")}
                </label>
                <label className="flex min-h-11 items-center gap-2">
                  <input type="radio" name="shortfall" value="cancel" /> {t("fulfilment.picks.cancel")}
                </label>
              </fieldset>
              <button
                type="submit"
                name="intent"
                value="record"
                className="min-h-12 rounded-lg bg-brand-700 px-4 font-semibold text-white"
              >
                {t("fulfilment.picks.record")}
              </button>
            </Form>
          ))
        : null}
      {done.length ? (
        <ul
          className="flex flex-col divide-y divide-stone-200 rounded-xl bg-white text-sm shadow-sm"
          data-testid="picked-orders"
        >
          {done.map((list) => (
            <li key={list.id} className="px-3 py-2">
              <span className="font-medium">
                {list.stopSeq}. {list.storeName}
              </span>
              <span className="ml-2 text-stone-600">
                {t("fulfilment.picks.recorded", { packs: number(list.packs) })}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {run.status === "picking" ? (
        <RunStep requestId={requestId} intent="dispatch" label={t("fulfilment.action.dispatch")} />
      ) : null}
    </>
  );
}

function RunStep({ requestId, intent, label }: { requestId: string; intent: string; label: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="requestId" value={requestId} />
      <button
        type="submit"
        name="intent"
        value={intent}
        className="min-h-12 w-full rounded-lg bg-brand-700 px-4 font-semibold text-white md:w-auto"
      >
        {label}
      </button>
    </Form>
  );
}
