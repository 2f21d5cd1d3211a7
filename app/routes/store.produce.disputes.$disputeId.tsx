import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { Card, useProduceFormat } from "~/components/produce/bits";
import { DisputeAnswer } from "~/components/produce/dispute";
import { newId } from "~/domain/ids.server";
import { fenToYuanString } from "~/domain/money";
import { may } from "~/domain/permission-check.server";
import { DISPUTE_REASON_MAX, correctDisputeSchema, rejectDisputeSchema } from "~/domain/produce/dispute-fields.server";
import { getDispute } from "~/domain/produce/disputes.server";
import { correctDispute, rejectDispute } from "~/domain/produce/resolve-dispute.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "produce.view");
  const dispute = await load(ctx.locale, () => getDispute(ctx, params.disputeId ?? ""));
  return { dispute, mayResolve: may(ctx, "produceDispute.resolve"), requestId: newId(), answerMax: DISPUTE_REASON_MAX };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "produceDispute.resolve");
  const formData = await request.formData();
  const intent = readIntent(formData, ["correct", "reject"], ctx.locale);
  if (!intent.ok) return intent.reply;
  const disputeId = params.disputeId ?? "";
  if (intent.value === "correct") {
    const form = parseForm(formData, correctDisputeSchema, ctx.locale);
    if (!form.ok) return form.reply;
    const result = await attempt(ctx.locale, () => correctDispute(ctx, disputeId, form.data), formData);
    if (!result.ok) return result.reply;
    throw redirect(`/store/produce/disputes/${disputeId}?done=corrected`);
  }
  const form = parseForm(formData, rejectDisputeSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => rejectDispute(ctx, disputeId, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/store/produce/disputes/${disputeId}?done=rejected`);
}

/** One farmer's dispute: the receipt as bought, the farmer's reason, and the store's answer. */
export default function DisputePage() {
  const { dispute: d, mayResolve, requestId, answerMax } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t, money } = useT();
  const f = useProduceFormat();
  const done = params.get("done");
  const p = d.purchase;
  const answerError = errors?.fieldErrors?.answer;
  return (
    <div className="flex flex-col gap-3">
      <Link to="/store/produce" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("produce.title")}
      </Link>
      {done === "corrected" && !errors ? (
        <Notice>{t("produce.disputes.corrected", { diff: money(Math.abs(d.adjustmentFen ?? 0)) })}</Notice>
      ) : null}
      {done === "rejected" && !errors ? <Notice>{t("produce.disputes.rejected")}</Notice> : null}
      <FormError errors={errors} />
      <Card>
        <h1 className="text-xl font-bold">
          {t("produce.dispute.title")} · {d.farmerName}
        </h1>
        <p className="text-sm">
          {p.produce} {p.grade} ·{" "}
          {t("produce.disputes.receiptWas", {
            qty: f.qty(p.unit, p.qty),
            price: f.price(p.unit, p.priceFen),
            amount: money(p.amountFen),
          })}
        </p>
        <div className="flex flex-wrap gap-x-4">
          <Link
            to={`/store/produce/purchases/${p.id}`}
            className="inline-flex min-h-11 items-center text-brand-700 underline"
          >
            {t("produce.receipt.title")}
          </Link>
          <Link
            to={`/store/produce/farmers/${d.farmerId}`}
            className="inline-flex min-h-11 items-center text-brand-700 underline"
          >
            {d.farmerName}
          </Link>
        </div>
        <DisputeAnswer dispute={d} unit={p.unit} reader="store" />
      </Card>
      {d.status === "open" && !mayResolve ? <Notice>{t("produce.disputes.ownerOnly")}</Notice> : null}
      {d.status === "open" && mayResolve ? (
        <>
          <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" noValidate>
            <h2 className="font-semibold">{t("produce.disputes.correctTitle")}</h2>
            <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
            <Field
              label={t("produce.disputes.correctQty")}
              name="qty"
              inputMode="numeric"
              defaultValue={String(p.qty)}
              errors={errors}
            />
            <Field
              label={t("produce.disputes.correctPrice")}
              name="price"
              inputMode="decimal"
              defaultValue={fenToYuanString(p.priceFen)}
              errors={errors}
            />
            <Field label={t("produce.disputes.note")} name="answer" maxLength={answerMax} optional errors={errors} />
            <SubmitButton name="intent" value="correct">
              {t("produce.disputes.correct")}
            </SubmitButton>
          </Form>
          <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" noValidate>
            <h2 className="font-semibold">{t("produce.disputes.rejectTitle")}</h2>
            <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
            <label htmlFor="reject-answer" className="text-sm font-medium">
              {t("produce.disputes.rejectReason")}
            </label>
            <textarea
              id="reject-answer"
              name="answer"
              rows={2}
              maxLength={answerMax}
              aria-invalid={answerError ? true : undefined}
              className={`w-full rounded-lg border p-3 text-base ${answerError ? "border-red-600 bg-red-50" : "border-stone-300"}`}
            />
            {answerError ? (
              <p className="text-sm text-red-700" role="alert">
                {answerError}
              </p>
            ) : null}
            <SubmitButton name="intent" value="reject" look="destructive">
              {t("produce.disputes.reject")}
            </SubmitButton>
          </Form>
        </>
      ) : null}
    </div>
  );
}
