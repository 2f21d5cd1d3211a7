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
    payable: boolean;
    amountDueFen: number;
    methodTypes: string[];
    phone: boolean;
    payment: { status: PaymentStatus; amountFen: number; capturedFen: number; lastError: string | null } | null;
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
