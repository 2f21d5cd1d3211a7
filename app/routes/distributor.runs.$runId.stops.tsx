import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, Notice, type ActionErrors } from "~/components/forms";
import { RunTitle } from "~/components/fulfilment/run-bits";
import { StopCard } from "~/components/fulfilment/stop-card";
import { completeRun } from "~/domain/fulfilment/complete-run.server";
import { deliverStop, deliverStopSchema } from "~/domain/fulfilment/deliver-stop.server";
import { failStop, failStopSchema } from "~/domain/fulfilment/fail-stop.server";
import { getRun } from "~/domain/fulfilment/get-run.server";
import { runActionSchema } from "~/domain/fulfilment/start-picking.server";
import { newId } from "~/domain/ids.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";
import { ReturnLeg } from "~/components/produce/return-leg";
import { confirmPickup } from "~/domain/produce/confirm-pickup.server";
import { handBackRejected } from "~/domain/produce/hand-back.server";
import { confirmPickupSchema, handBackSchema } from "~/domain/produce/fields.server";
import { handBacksOf, returnLeg } from "~/domain/produce/produce-views.server";
import { RunRecallReturns } from "~/components/recall/run-returns";
import { recallReturnsOfRun } from "~/domain/recall/run-returns.server";
import "~/i18n/audiences/produce";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.deliver");
  const run = await load(ctx.locale, () => getRun(ctx, params.runId ?? ""));
  const done = new URL(request.url).searchParams.get("done");
  const pickups = returnLeg(ctx, run.run.id);
  const handBacks = handBacksOf(ctx, run.run.id);
  return {
    run: run.run,
    routeName: run.routeName,
    orders: run.orders,
    totals: run.totals,
    pickups,
    handBacks,
    recallReturns: recallReturnsOfRun(ctx, run.run.id),
    done,
    requestId: newId(),
  };
}

/** The driver's phone: each stop in order, delivered with the store's code (or a signature) or marked failed. */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.deliver");
  const runId = params.runId ?? "";
  const formData = await request.formData();
  const intent = readIntent(formData, ["complete", "deliver", "fail", "pickup", "handBack"], ctx.locale);
  if (!intent.ok) return intent.reply;
  switch (intent.value) {
    case "complete": {
      const form = parseForm(formData, runActionSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => completeRun(ctx, runId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/distributor/runs/${runId}`);
    }
    case "deliver": {
      const form = parseForm(formData, deliverStopSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => deliverStop(ctx, runId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/distributor/runs/${runId}/stops?done=delivered`);
    }
    case "fail": {
      const form = parseForm(formData, failStopSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => failStop(ctx, runId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/distributor/runs/${runId}/stops?done=failed`);
    }
    // The return leg (produce up): the driver weighs what the store sends up, the store signs.
    case "pickup": {
      const form = parseForm(formData, confirmPickupSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => confirmPickup(ctx, runId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/distributor/runs/${runId}/stops?done=pickedUp`);
    }
    case "handBack": {
      const form = parseForm(formData, handBackSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => handBackRejected(ctx, runId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/distributor/runs/${runId}/stops?done=handedBack`);
    }
  }
}

export default function Stops() {
  const { run, routeName, orders, totals, pickups, handBacks, recallReturns, done, requestId } =
    useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  const failedOrder = errors?.values?.orderId;
  const onRoad = run.status === "out_for_delivery";
  return (
    <div className="mx-auto flex w-full max-w-xl flex-col gap-3">
      <Link to={`/distributor/runs/${run.id}`} className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("fulfilment.run.title")}
      </Link>
      <RunTitle title={t("fulfilment.stops.title")} routeName={routeName} date={run.deliveryDate} status={run.status} />
      {done === "delivered" ? (
        <Notice>{t("fulfilment.stops.delivered")}</Notice>
      ) : done === "failed" ? (
        <Notice>{t("fulfilment.stops.failed")}</Notice>
      ) : done === "pickedUp" ? (
        <Notice>{t("produce.pickup.done")}</Notice>
      ) : done === "handedBack" ? (
        <Notice>{t("produce.handBack.done")}</Notice>
      ) : done === "recallPickedUp" ? (
        <Notice>{t("recall.run.pickedUpDone")}</Notice>
      ) : null}
      {failedOrder ? null : <FormError errors={errors} />}
      {!onRoad ? <p className="rounded-xl bg-white p-3 text-sm shadow-sm">{t("fulfilment.stops.notOnRoad")}</p> : null}
      <ol className="flex flex-col gap-3" data-testid="stops">
        {orders.map((order, i) => (
          <StopCard
            key={order.id}
            stop={i + 1}
            order={order}
            open={onRoad && order.status === "out_for_delivery"}
            requestId={`${requestId}-${order.id}`}
            errors={failedOrder === order.id ? errors : undefined}
          />
        ))}
      </ol>
      <ReturnLeg consignments={pickups} handBacks={handBacks} runId={run.id} requestId={requestId} drive={onRoad} />
      <RunRecallReturns lines={recallReturns} runId={run.id} mode={onRoad ? "drive" : "print"} requestId={requestId} />
      {onRoad ? (
        <Form method="post" className="flex flex-col gap-1">
          <input type="hidden" name="requestId" value={requestId} />
          <p className="text-sm text-stone-600">{t("fulfilment.stops.open", { count: totals.open })}</p>
          <button
            type="submit"
            name="intent"
            value="complete"
            className="min-h-14 rounded-xl bg-stone-800 px-4 text-lg font-semibold text-white"
          >
            {t("fulfilment.action.complete")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
