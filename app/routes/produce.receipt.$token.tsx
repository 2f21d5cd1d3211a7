import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { publicContext } from "~/auth/guard.server";
import { FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { DisputeAnswer } from "~/components/produce/dispute";
import { ReceiptBody } from "~/components/produce/receipt";
import { DISPUTE_REASON_MAX, raiseDisputeSchema } from "~/domain/produce/dispute-fields.server";
import { disputeByToken, raiseDispute } from "~/domain/produce/disputes.server";
import { receiptByToken } from "~/domain/produce/receipts.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { translate } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

// The farmer's copy, opened by the link the store sent: the token is the credential and opens
// this one receipt. Never cached, and the token never leaves in a Referer. The farmer may dispute
// it here, once, until the deadline the receipt states (decision 047).
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, clock, locale } = await publicContext(request);
  const token = params.token ?? "";
  const receipt = await load(locale, () => receiptByToken(db, token));
  return { receipt, ...disputeByToken(db, clock, token), reasonMax: DISPUTE_REASON_MAX };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, clock, locale } = await publicContext(request);
  const formData = await request.formData();
  const form = parseForm(formData, raiseDisputeSchema, locale);
  if (!form.ok) return form.reply;
  const result = await attempt(locale, () => raiseDispute(db, clock, params.token ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  return data({ notice: translate(locale, "produce.dispute.sent") });
}

type Reply = ActionErrors & { notice?: string };

export default function FarmerReceipt() {
  const { receipt, open, dispute, reasonMax } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const errors = reply?.notice ? undefined : reply;
  const { t, dateTime } = useT();
  const reasonError = errors?.fieldErrors?.reason;
  return (
    <main className="mx-auto flex max-w-md flex-col gap-3 p-4">
      <div className="rounded-xl bg-white p-4 shadow-sm">
        <ReceiptBody receipt={receipt} />
      </div>
      {reply?.notice ? <Notice>{reply.notice}</Notice> : null}
      <FormError errors={errors} />
      {dispute ? <DisputeAnswer dispute={dispute} unit={receipt.unit} /> : null}
      {open ? (
        <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-4 shadow-sm" noValidate>
          <h2 className="font-semibold">{t("produce.dispute.title")}</h2>
          <p className="text-sm text-stone-600">
            {t("produce.dispute.hint", { until: dateTime(receipt.disputeUntil) })}
          </p>
          <label htmlFor="dispute-reason" className="text-sm font-medium">
            {t("produce.dispute.reason")}
          </label>
          <textarea
            id="dispute-reason"
            name="reason"
            rows={3}
            maxLength={reasonMax}
            required
            defaultValue={errors?.values?.reason ?? ""}
            aria-invalid={reasonError ? true : undefined}
            className={`w-full rounded-lg border p-3 text-base ${reasonError ? "border-red-600 bg-red-50" : "border-stone-300"}`}
          />
          {reasonError ? (
            <p className="text-sm text-red-700" role="alert">
              {reasonError}
            </p>
          ) : null}
          <SubmitButton>{t("produce.dispute.submit")}</SubmitButton>
        </Form>
      ) : !dispute ? (
        <p className="rounded-lg bg-stone-100 p-3 text-sm" data-testid="dispute-closed">
          {t("produce.dispute.closedShort", { until: dateTime(receipt.disputeUntil) })}
        </p>
      ) : null}
    </main>
  );
}
