import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { Field, FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { CancelOrderForm } from "~/components/restock/cancel-order-form";
import { ClaimList } from "~/components/restock/claim-list";
import { OrderLines, OrderTotal } from "~/components/restock/order-lines";
import { StatusBadge } from "~/components/restock/status-badge";
import { Timeline } from "~/components/restock/timeline";
import { useDay } from "~/components/restock/use-day";
import { newId } from "~/domain/ids.server";
import { confirmOrder, orderActionSchema } from "~/domain/restock/confirm-order.server";
import { availabilityOf } from "~/domain/restock/get-order.server";
import { getOrderWithPayment } from "~/domain/payments/order-payment.server";
import { OrderPayment } from "~/components/payments/order-payment";
import { rejectOrder, rejectOrderSchema } from "~/domain/restock/reject-order.server";
import { cancelConfirmedOrder, cancelConfirmedOrderFormSchema } from "~/domain/restock/cancel-confirmed-order.server";
import { may } from "~/domain/permission-check.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "order.view");
  const view = await load(ctx.locale, () => getOrderWithPayment(ctx, params.orderId!));
  const available =
    view.order.status === "submitted"
      ? availabilityOf(
          ctx,
          view.lines.map((l) => l.productId),
        )
      : {};
  return {
    ...view,
    available,
    requestId: newId(),
    canCancel: view.order.status === "confirmed" && may(ctx, "order.cancel"),
    done: new URL(request.url).searchParams.get("done"),
  };
}

/** Each form names its intent; an intent this page does not know is refused, nothing written. */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "order.view");
  const formData = await request.formData();
  const orderId = params.orderId!;
  const intent = readIntent(formData, ["confirm", "reject", "cancel"], ctx.locale);
  if (!intent.ok) return intent.reply;
  formData.delete("intent");
  switch (intent.value) {
    case "confirm": {
      const form = parseForm(formData, orderActionSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => confirmOrder(ctx, orderId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect("/distributor/orders?status=submitted&done=confirmed");
    }
    case "reject": {
      const form = parseForm(formData, rejectOrderSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => rejectOrder(ctx, orderId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect("/distributor/orders?status=submitted&done=rejected");
    }
    case "cancel": {
      const form = parseForm(formData, cancelConfirmedOrderFormSchema, ctx.locale);
      if (!form.ok) return form.reply;
      const result = await attempt(ctx.locale, () => cancelConfirmedOrder(ctx, orderId, form.data), formData);
      if (!result.ok) return result.reply;
      throw redirect(`/distributor/orders/${orderId}?done=cancelled`);
    }
  }
}

export default function DistributorOrder() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  const day = useDay();
  const { order } = data;
  const available = data.available as Record<string, number>;
  return (
    <div className="flex flex-col gap-3 md:max-w-3xl">
      <div className="flex items-center gap-2">
        <Link
          to={`/distributor/orders?status=${order.status}`}
          className="flex min-h-11 items-center text-sm text-brand-700 underline"
        >
          {t("action.back")}
        </Link>
        <h1 className="flex-1 text-xl font-bold">{data.other.name}</h1>
        <StatusBadge status={order.status} />
      </div>
      <p className="text-sm text-stone-600">
        {t("restock.order.deliveryOn", { date: day(order.deliveryDate) })} ·{" "}
        {t(order.paymentTerms === "account" ? "restock.terms.accountShort" : "restock.terms.cod")}
        {order.note ? ` · ${order.note}` : ""}
      </p>
      {data.done === "cancelled" ? <Notice>{t("restock.inbox.cancelled")}</Notice> : null}
      <FormError errors={errors} />
      <OrderLines
        lines={data.lines}
        status={order.status}
        extra={(l) => {
          if (order.status !== "submitted") return null;
          const packs = available[l.productId] ?? 0;
          return (
            <span className={`text-xs ${packs < l.qtyPacks ? "font-semibold text-red-700" : "text-stone-500"}`}>
              {t("restock.inbox.availableNow", { packs })}
              {packs < l.qtyPacks ? ` · ${t("restock.inbox.short")}` : ""}
            </span>
          );
        }}
      />
      <OrderTotal lines={data.lines} totalFen={order.totalFen} />
      {data.onlinePayment.payment ? <OrderPayment open={false} onlinePayment={data.onlinePayment} /> : null}
      {order.status === "submitted" ? (
        <div className="grid gap-3 md:grid-cols-2">
          <Form method="post" className="flex flex-col justify-end gap-2 rounded-xl bg-white p-3 shadow-sm">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="requestId" value={data.requestId} />
            <SubmitButton>{t("restock.inbox.confirm")}</SubmitButton>
          </Form>
          <Form method="post" className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="requestId" value={`${data.requestId}r`} />
            <Field label={t("restock.inbox.rejectReason")} name="reason" maxLength={200} errors={errors} />
            <button
              type="submit"
              className="min-h-12 rounded-lg border border-red-300 bg-white font-semibold text-red-800"
            >
              {t("restock.inbox.reject")}
            </button>
          </Form>
        </div>
      ) : null}
      {data.canCancel ? <CancelOrderForm requestId={`${data.requestId}c`} errors={errors} /> : null}
      {data.claims.length ? (
        <section className="flex flex-col gap-2">
          <h2 className="font-semibold">{t("restock.claims")}</h2>
          <ClaimList claims={data.claims} lines={data.lines} />
          <Link to="/distributor/claims" className="text-sm text-brand-700 underline">
            {t("restock.claims.title")}
          </Link>
        </section>
      ) : null}
      <section className="flex flex-col gap-2">
        <h2 className="font-semibold">{t("restock.order.timeline")}</h2>
        <Timeline steps={data.timeline} />
      </section>
    </div>
  );
}
