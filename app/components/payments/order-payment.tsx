import { Form } from "@remix-run/react";
import type { PaymentStatus } from "~/domain/alliances/kinds";
import { Notice, SubmitButton } from "~/components/forms";
import { PayHint } from "~/components/payments/pay-hint";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

type Props = {
  open: boolean;
  onlinePayment: {
    enabled: boolean;
    payeeReady: boolean;
    payable: boolean;
    amountDueFen: number;
    methodTypes: string[];
    phone: boolean;
    payment: {
      status: PaymentStatus;
      amountFen: number;
      capturedFen: number;
      refundedFen: number;
      lastError: string | null;
    } | null;
    refundingFen: number;
    refundChoice: "refund" | "credit";
    mayChoose: boolean;
  };
};

/**
 * The online payment of a restock order on the store's order page: its state, and the
 * "在线支付 ¥X" button (a plain form post: works without JavaScript) while it can be paid.
 * With no payment keys configured it says plainly that payment is on delivery or on account.
 */
export function OrderPayment({ open, onlinePayment }: Props) {
  const { t, money } = useT();
  const { enabled, payable, payment } = onlinePayment;
  if (!enabled) {
    return open ? (
      <p className="text-sm text-stone-600" data-testid="payment-offline">
        {t("payments.offlineOrder")}
      </p>
    ) : null;
  }
  const status = payment?.status;
  return (
    <section
      className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
      data-testid="order-payment"
      data-status={status ?? "none"}
    >
      <h2 className="font-semibold">{t("payments.title")}</h2>
      {status === "succeeded" ? (
        <Notice>{t("payments.order.paid", { amount: money(payment!.capturedFen) })}</Notice>
      ) : null}
      {status === "processing" || status === "requires_action" || status === "requires_confirmation" ? (
        <p className="text-sm text-stone-700">{t("payments.order.pending")}</p>
      ) : null}
      {(status === "failed" || status === "requires_payment_method") && payment?.lastError ? (
        <p className="text-sm text-red-700" role="alert">
          {t("payments.order.failed", { error: payment.lastError })}
        </p>
      ) : null}
      {status === "canceled" ? <p className="text-sm text-stone-700">{t("payments.order.canceled")}</p> : null}
      {status ? <p className="text-xs text-stone-500">{t(`payments.status.${status}` as MessageKey)}</p> : null}
      {payment && payment.refundedFen > 0 ? (
        <p className="text-sm text-stone-700" data-testid="order-refunded">
          {t("payments.order.refunded", { amount: money(payment.refundedFen) })}
        </p>
      ) : null}
      {onlinePayment.refundingFen > 0 ? (
        <p className="text-sm text-stone-700" data-testid="order-refunding">
          {t("payments.order.refunding", { amount: money(onlinePayment.refundingFen) })}
        </p>
      ) : null}
      {onlinePayment.mayChoose ? (
        <Form method="post" className="flex flex-col gap-1" data-testid="refund-choice">
          <input type="hidden" name="intent" value="refundChoice" />
          <fieldset className="flex flex-col gap-1">
            <legend className="text-sm text-stone-700">{t("payments.refundChoice.legend")}</legend>
            {(["refund", "credit"] as const).map((choice) => (
              <label
                key={choice}
                className="flex min-h-11 items-center gap-2 rounded-lg border border-stone-300 px-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50"
              >
                <input
                  type="radio"
                  name="choice"
                  value={choice}
                  defaultChecked={onlinePayment.refundChoice === choice}
                  className="size-5"
                />
                <span className="text-sm">{t(`payments.refundChoice.${choice}`)}</span>
              </label>
            ))}
          </fieldset>
          <button
            type="submit"
            className="min-h-11 rounded-lg border border-stone-300 bg-white px-4 text-sm text-stone-700"
          >
            {t("payments.refundChoice.save")}
          </button>
        </Form>
      ) : null}
      {!onlinePayment.payeeReady && open && !status ? (
        <p className="text-sm text-stone-700" data-testid="payee-offline">
          {t("payments.payeeOffline.order")}
        </p>
      ) : null}
      {payable ? (
        <Form method="post" className="flex flex-col gap-1">
          <input type="hidden" name="intent" value="pay" />
          <SubmitButton>{t("payments.payOnline", { amount: money(onlinePayment.amountDueFen) })}</SubmitButton>
          <PayHint methods={onlinePayment.methodTypes} phone={onlinePayment.phone} />
        </Form>
      ) : null}
    </section>
  );
}
