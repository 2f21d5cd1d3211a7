import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { ClaimList } from "~/components/restock/claim-list";
import { OrderLines, OrderTotal } from "~/components/restock/order-lines";
import { ReceiveForm } from "~/components/restock/receive-form";
import { StatusBadge } from "~/components/restock/status-badge";
import { Timeline } from "~/components/restock/timeline";
import { useDay } from "~/components/restock/use-day";
import { newId } from "~/domain/ids.server";
import { cancelOrder, cancelOrderSchema } from "~/domain/restock/cancel-order.server";
import { chooseOrderRefund, refundChoiceSchema } from "~/domain/payments/order-refund-choice.server";
import { getOrderWithPayment, payOrderOnline } from "~/domain/payments/order-payment.server";
import { OrderPayment } from "~/components/payments/order-payment";
import { receiveOrder } from "~/domain/restock/receive-order.server";
import { receiveOrderFormSchema } from "~/domain/restock/receive-form.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { isPhone } from "~/http/user-agent.server";
import { orderIn } from "~/domain/machines";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-office";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "restock.view");
  // Back from the hosted page (`session_id` on success): the payment is asked of the provider first.
  const view = await load(ctx.locale, () =>
    getOrderWithPayment(ctx, params.orderId!, {
      returned: new URL(request.url).searchParams.has("session_id"),
      phone: isPhone(request),
    }),
  );
  return {
    ...view,
    requestId: newId(),
    done:
      new URL(request.url).searchParams.get("done") ??
      (new URL(request.url).searchParams.has("submitted") ? "submitted" : null),
  };
}

/** Each form names its intent; an unknown one is refused with a 400 and nothing is written. */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "restock.view");
  const formData = await request.formData();
  const intent = readIntent(formData, ["pay", "cancel", "receive", "refundChoice"], ctx.locale);
  if (!intent.ok) return intent.reply;
  formData.delete("intent");
  const orderId = params.orderId!;
  switch (intent.value) {
    case "pay": {
      const returnUrl = new URL(`/store/restock/orders/${orderId}`, request.url).href;
      const paid = await attempt(
        ctx.locale,
        () => payOrderOnline(ctx, orderId, returnUrl, { phone: isPhone(request) }),
        formData,
      );
      if (!paid.ok) return paid.reply;
      throw redirect(paid.value.redirectUrl ?? `/store/restock/orders/${orderId}`);
    }
    case "refundChoice": {
      const form = parseForm(formData, refundChoiceSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => chooseOrderRefund(ctx, orderId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/store/restock/orders/${orderId}?done=refundChoice`);
    }
    case "cancel": {
      const form = parseForm(formData, cancelOrderSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => cancelOrder(ctx, orderId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/store/restock/orders/${orderId}?done=cancelled`);
    }
    case "receive": {
      const form = parseForm(formData, receiveOrderFormSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => receiveOrder(ctx, orderId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(
        `/store/restock/orders/${orderId}?done=${result.value.claims ? `claims-${result.value.claims}` : "received"}`,
      );
    }
  }
}

export default function StoreOrder() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  const day = useDay();
  const { order } = data;
  const done = data.done;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2">
        <Link to="/store/restock/orders" className="flex min-h-11 items-center text-sm text-brand-700 underline">
          {t("action.back")}
        </Link>
        <h1 className="flex-1 text-xl font-bold">{t("restock.order.title")}</h1>
        <StatusBadge status={order.status} />
      </div>
      {done === "submitted" ? <Notice>{t("restock.order.submitted", { date: day(order.deliveryDate) })}</Notice> : null}
      {done === "cancelled" ? <Notice>{t("restock.order.cancelled")}</Notice> : null}
      {done === "refundChoice" ? <Notice>{t("payments.refundChoice.saved")}</Notice> : null}
      {done === "received" ? <Notice>{t("restock.receive.done")}</Notice> : null}
      {done?.startsWith("claims-") ? (
        <Notice>{t("restock.receive.doneClaims", { count: Number(done.slice(7)) })}</Notice>
      ) : null}
      <p className="text-sm text-stone-600">
        {data.other.name} · {t("restock.order.deliveryOn", { date: day(order.deliveryDate) })} ·{" "}
        {t(order.paymentTerms === "account" ? "restock.terms.accountShort" : "restock.terms.cod")}
      </p>
      {order.backorderOf ? <p className="text-sm text-stone-600">{t("restock.order.backorderOf")}</p> : null}
      {orderIn("open", order.status) && order.deliveryCode ? (
        <div className="rounded-xl bg-white p-3 text-center shadow-sm">
          <span className="block text-sm text-stone-600">{t("restock.order.code")}</span>
          <span className="block font-mono text-4xl font-bold tracking-widest" data-testid="delivery-code">
            {order.deliveryCode}
          </span>
          <span className="block text-xs text-stone-500">{t("restock.order.codeHint")}</span>
        </div>
      ) : null}
      <FormError errors={errors} />
      {order.status === "delivered" ? (
        <ReceiveForm lines={data.lines} requestId={data.requestId} errors={errors} />
      ) : (
        <OrderLines lines={data.lines} status={order.status} />
      )}
      <OrderTotal lines={data.lines} totalFen={order.totalFen} />
      <OrderPayment open={orderIn("open", order.status)} onlinePayment={data.onlinePayment} />
      {data.claims.length ? (
        <section className="flex flex-col gap-2">
          <h2 className="font-semibold">{t("restock.claims")}</h2>
          <ClaimList claims={data.claims} lines={data.lines} />
        </section>
      ) : null}
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("restock.order.timeline")}</h2>
        <Timeline steps={data.timeline} />
      </section>
      {order.status === "submitted" ? (
        <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="requestId" value={data.requestId} />
          <Field label={t("restock.order.cancelReason")} name="reason" optional maxLength={200} errors={errors} />
          <SubmitButton look="destructive">{t("restock.order.cancel")}</SubmitButton>
        </Form>
      ) : null}
      <Link
        to={`/store/restock?repeat=${order.id}`}
        className="flex min-h-12 items-center justify-center rounded-lg bg-white font-semibold text-brand-800 shadow-sm"
      >
        {t("restock.order.repeat")}
      </Link>
    </div>
  );
}
