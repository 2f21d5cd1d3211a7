import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RequestId } from "~/components/alliance/hidden";
import { Field, FormError, SubmitButton, type ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { newId } from "~/domain/ids.server";
import { confirmRecallSchema, settleUnitsSchema } from "~/domain/recall/fields.server";
import { confirmRecall, settleRecalledUnits } from "~/domain/recall/store-actions.server";
import { storeRecall } from "~/domain/recall/store-recall.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-office";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "recall.store");
  const view = await load(ctx.locale, () => storeRecall(ctx, params.recallId!));
  return { ...view, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "recall.act");
  const formData = await request.formData();
  const intent = readIntent(formData, ["confirm", "settle"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const recallId = params.recallId!;
  if (intent.value === "confirm") {
    const form = parseForm(formData, confirmRecallSchema, ctx.locale);
    if (!form.ok) return form.reply;
    const result = await attempt(ctx.locale, () => confirmRecall(ctx, recallId, form.data), formData);
    if (!result.ok) return result.reply;
  } else {
    const form = parseForm(formData, settleUnitsSchema, ctx.locale);
    if (!form.ok) return form.reply;
    const result = await attempt(ctx.locale, () => settleRecalledUnits(ctx, recallId, form.data), formData);
    if (!result.ok) return result.reply;
  }
  throw redirect(`/store/recalls/${recallId}`);
}

/** 召回通知: the store's recalled lots, kept apart; confirm, hand back or destroy (decision 041). */
export default function StoreRecall() {
  const { recall, lots, confirmedAt, pickupDate, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, dateTime, number } = useT();
  const open = recall.status === "open";
  return (
    <div className="flex flex-col gap-3">
      <BackLink to="/store">{t("nav.home")}</BackLink>
      <h1 className="text-xl font-bold break-words">
        {t(recall.kind === "drill" ? "recall.noticeDrill" : "recall.notice", { label: recall.label })}
      </h1>
      <p className="break-words text-stone-700">
        {t("recall.noticeFrom", { from: recall.from, reason: recall.reason })}
      </p>
      {recall.kind === "drill" ? (
        <p className="rounded-lg bg-sky-50 p-2 text-sky-900">{t("recall.store.drill")}</p>
      ) : null}
      {recall.returnNote ? (
        <p className="text-sm">{t("recall.returnArrangement", { note: recall.returnNote })}</p>
      ) : null}
      {open ? null : (
        <p className="rounded-lg bg-stone-100 p-2">
          {t("recall.releasedBecause", { reason: recall.releaseReason ?? "" })}
        </p>
      )}
      <FormError errors={errors} />
      {confirmedAt !== null ? (
        <p className="rounded-lg bg-brand-50 p-2 text-brand-800" data-testid="confirmed">
          {t("recall.confirmed", { at: dateTime(confirmedAt) })}
        </p>
      ) : open ? (
        <Form method="post">
          <RequestId value={requestId} />
          <SubmitButton name="intent" value="confirm">
            {t("recall.confirm")}
          </SubmitButton>
        </Form>
      ) : null}
      {recall.kind === "recall" ? <p className="text-sm text-stone-600">{t("recall.store.apart")}</p> : null}
      {recall.kind === "recall" && open && pickupDate && lots.some((l) => l.onHand > 0) ? (
        <p className="rounded-lg bg-amber-50 p-2 text-sm text-amber-900" data-testid="recall-pickup-date">
          {t("recall.store.nextRun", { date: pickupDate })}
        </p>
      ) : null}
      <ul className="flex flex-col gap-2" data-testid="recall-lots">
        {lots.map((l) => (
          <li key={l.lotId} className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm ring-2 ring-red-200">
            <p className="font-medium break-words">
              {l.name} · {[l.batchNo, l.expiryDate].filter(Boolean).join(" · ")}
            </p>
            <p className="text-sm">
              {recall.kind === "recall" && open ? `${t("recall.store.held")} ` : `${t("recall.col.inStock")} `}
              <strong className="tabular-nums" data-testid="held">
                {number(l.onHand)}
              </strong>
              {l.baseUnit} · {t("recall.col.received")} {number(l.received)} · {t("recall.col.returned")}{" "}
              {number(l.returned)} · {t("recall.col.destroyed")} {number(l.destroyed)}
            </p>
            {recall.kind === "recall" && open && l.onHand > 0 ? (
              <Form method="post" className="flex flex-col gap-2">
                <RequestId value={requestId} />
                <input type="hidden" name="lotId" value={l.lotId} />
                <input type="hidden" name="intent" value="settle" />
                <Field
                  id={`qty-${l.lotId}`}
                  label={t("recall.qty")}
                  name="qty"
                  inputMode="numeric"
                  defaultValue={String(l.onHand)}
                  errors={errors?.values?.lotId === l.lotId ? errors : undefined}
                />
                <div className="grid grid-cols-2 gap-2">
                  {/* With a run coming, the driver counts the units at the stop (decision 046). */}
                  {pickupDate ? null : (
                    <SubmitButton name="action" value="return">
                      {t("recall.return")}
                    </SubmitButton>
                  )}
                  <SubmitButton name="action" value="destroy" look="destructive">
                    {t("recall.destroy")}
                  </SubmitButton>
                </div>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
