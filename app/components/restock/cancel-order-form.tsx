import { Form } from "@remix-run/react";
import { Field, type ActionErrors } from "~/components/forms";
import { useT } from "~/i18n/use-t";

/**
 * The distributor calls off a confirmed order: a reason the store will read and a box ticked to
 * confirm, inside a fold so it is not pressed by accident. Plain form: works without JavaScript.
 */
export function CancelOrderForm({ requestId, errors }: { requestId: string; errors?: ActionErrors }) {
  const { t } = useT();
  const open = Boolean(errors?.fieldErrors?.reason || errors?.fieldErrors?.confirm);
  const confirmError = errors?.fieldErrors?.confirm;
  return (
    <details open={open} className="rounded-xl border border-red-200 bg-white p-3 shadow-sm">
      <summary className="flex min-h-11 cursor-pointer items-center font-semibold text-red-800">
        {t("restock.inbox.cancelTitle")}
      </summary>
      <Form method="post" className="mt-2 flex flex-col gap-3" data-testid="cancel-order-form">
        <input type="hidden" name="intent" value="cancel" />
        <input type="hidden" name="requestId" value={requestId} />
        <p className="text-sm text-stone-600">{t("restock.inbox.cancelHint")}</p>
        <Field label={t("restock.inbox.cancelReason")} name="reason" maxLength={200} required errors={errors} />
        <label className="flex min-h-11 items-center gap-3 text-sm">
          <input
            type="checkbox"
            name="confirm"
            value="yes"
            required
            className="size-5 shrink-0"
            aria-invalid={confirmError ? true : undefined}
            aria-describedby={confirmError ? "cancel-confirm-error" : undefined}
          />
          <span>{t("restock.inbox.cancelConfirm")}</span>
        </label>
        {confirmError ? (
          <p id="cancel-confirm-error" className="text-sm text-red-700">
            {confirmError}
          </p>
        ) : null}
        <button
          type="submit"
          data-look="destructive"
          className="min-h-12 w-full rounded-lg border border-red-300 bg-white px-4 font-semibold text-red-700"
        >
          {t("restock.inbox.cancel")}
        </button>
      </Form>
    </details>
  );
}
