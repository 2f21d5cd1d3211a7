import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, Notice, type ActionErrors } from "~/components/forms";
import { RunTitle } from "~/components/fulfilment/run-bits";
import { RunRecallReturns } from "~/components/recall/run-returns";
import { getRun } from "~/domain/fulfilment/get-run.server";
import { newId } from "~/domain/ids.server";
import { may } from "~/domain/permission-check.server";
import { bookInReturnSchema, pickUpRecalledSchema } from "~/domain/recall/fields.server";
import { bookInReturn, pickUpRecalled, recallReturnsOfRun } from "~/domain/recall/run-returns.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.view");
  const run = await load(ctx.locale, () => getRun(ctx, params.runId ?? ""));
  return {
    run: run.run,
    routeName: run.routeName,
    lines: recallReturnsOfRun(ctx, run.run.id),
    canBook: may(ctx, "recall.bookIn"),
    done: new URL(request.url).searchParams.get("done"),
    requestId: newId(),
  };
}

/**
 * Recalled stock on a run (decision 046): the driver's pickup (posted from the stops page, back
 * there when done) and the warehouse's book-in or destruction (on this page).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "run.view");
  const runId = params.runId ?? "";
  const formData = await request.formData();
  const intent = readIntent(formData, ["pickup", "bookIn"], ctx.locale);
  if (!intent.ok) return intent.reply;
  if (intent.value === "pickup") {
    const form = parseForm(formData, pickUpRecalledSchema, ctx.locale);
    if (!form.ok) return form.reply;
    const result = await attempt(ctx.locale, () => pickUpRecalled(ctx, runId, form.data), formData);
    if (!result.ok) return result.reply;
    throw redirect(`/distributor/runs/${runId}/stops?done=recallPickedUp`);
  }
  const form = parseForm(formData, bookInReturnSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => bookInReturn(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/runs/${runId}/recall-returns?done=booked`);
}

export default function RunRecallReturnsPage() {
  const { run, routeName, lines, canBook, done, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <div className="mx-auto flex w-full max-w-xl flex-col gap-3">
      <Link to={`/distributor/runs/${run.id}`} className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("fulfilment.run.title")}
      </Link>
      <RunTitle title={t("recall.run.title")} routeName={routeName} date={run.deliveryDate} status={run.status} />
      {done === "booked" ? <Notice>{t("recall.run.booked")}</Notice> : null}
      <FormError errors={errors} />
      {lines.length === 0 ? <p className="text-sm text-stone-600">{t("recall.run.none")}</p> : null}
      <RunRecallReturns lines={lines} runId={run.id} mode={canBook ? "book" : "print"} requestId={requestId} />
    </div>
  );
}
