import { Form } from "@remix-run/react";
import { RequestId } from "~/components/alliance/hidden";
import { Field, SubmitButton, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";

/** A counter round: a message to the suppliers ticked, to answer by a date. */
export function CounterForm({
  offers,
  requestId,
  defaultAnswerBy,
  errors,
}: {
  offers: { invitationId: string; supplierName: string }[];
  requestId: string;
  defaultAnswerBy: string;
  errors: ActionErrors | undefined;
}) {
  const { t } = useT();
  return (
    <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="counter-form">
      <h3 className="font-semibold">{t("negotiation.counter")}</h3>
      <RequestId value={requestId} />
      <input type="hidden" name="intent" value="counter" />
      {offers.map((o) => (
        <label key={o.invitationId} className="flex min-h-11 items-center gap-2 break-words">
          <input type="checkbox" name="invitationIds" value={o.invitationId} className="size-5 shrink-0" />
          {o.supplierName}
        </label>
      ))}
      <Field label={t("negotiation.counter.message")} name="message" errors={errors} required />
      <Field
        label={t("negotiation.counter.answerBy")}
        name="answerByDate"
        type="date"
        defaultValue={defaultAnswerBy}
        errors={errors}
        required
      />
      <SubmitButton>{t("negotiation.counter.send")}</SubmitButton>
    </Form>
  );
}
