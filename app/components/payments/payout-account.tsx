import { Form } from "@remix-run/react";
import { FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import type { PayoutState } from "~/domain/payments/connected-accounts.server";
import { useT } from "~/i18n/use-t";

/**
 * 在线收款账户 (distributor admin, alliance coordinator): where the connected account stands and
 * the one button that opens (or continues) the provider's hosted onboarding. A plain form post:
 * works without JavaScript; the action redirects to the provider's page.
 */
export function PayoutAccount({
  state,
  notice,
  errors,
}: {
  state: PayoutState;
  notice: "returned" | "refresh" | null;
  errors?: ActionErrors;
}) {
  const { t } = useT();
  const button =
    state === "none"
      ? t("payments.connect.start")
      : state === "ready"
        ? t("payments.connect.update")
        : t("payments.connect.continue");
  return (
    <div className="flex flex-col gap-3">
      <h1 className="text-xl font-semibold">{t("payments.connect.title")}</h1>
      <p className="text-sm text-stone-600">{t("payments.connect.intro")}</p>
      {notice === "returned" && !errors?.formError ? <Notice>{t("payments.connect.refreshed")}</Notice> : null}
      {notice === "refresh" ? (
        <p className="text-sm text-amber-800" role="status">
          {t("payments.connect.expired")}
        </p>
      ) : null}
      <p
        className={`rounded-lg p-3 text-sm ${state === "ready" ? "bg-brand-50 text-brand-800" : "bg-amber-50 text-amber-900"}`}
        data-testid="payout-state"
        data-state={state}
      >
        {t(`payments.connect.state.${state}`)}
      </p>
      <FormError errors={errors} />
      {state === "offline" ? null : (
        <Form method="post" className="flex flex-col gap-2">
          <input type="hidden" name="intent" value="onboard" />
          <SubmitButton>{button}</SubmitButton>
        </Form>
      )}
    </div>
  );
}
