import { Form } from "@remix-run/react";
import type { OrderStatus, PaymentTerms } from "~/domain/restock/kinds";
import { Field, FormError, Select, type ActionErrors } from "~/components/forms";
import { fenToYuanString } from "~/domain/money";
import { useT } from "~/i18n/use-t";
import { OrderStatusBadge } from "./run-bits";

type StopOrder = {
  id: string;
  status: OrderStatus;
  storeName: string;
  township: string | null;
  village: string | null;
  address: string | null;
  contactPhone: string | null;
  paymentTerms: PaymentTerms;
  totalFen: number;
  dueFen: number;
  signedBy: string | null;
  codCollectedFen: number;
};

const METHODS = ["cash", "wechat", "alipay", "bank"] as const;

/**
 * One stop on the driver's phone: who and where (tap to call), what to collect, and two big
 * answers: delivered (the store's code, or who signed, and the cash taken) or not delivered.
 */
export function StopCard({
  stop,
  order,
  open,
  requestId,
  errors,
}: {
  stop: number;
  order: StopOrder;
  open: boolean;
  requestId: string;
  errors?: ActionErrors;
}) {
  const { t, money } = useT();
  const id = (name: string) => `${name}-${order.id}`;
  return (
    <li className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm" data-testid="stop" id={`stop-${stop}`}>
      <div className="flex items-start gap-2">
        <span className="text-2xl font-bold tabular-nums">{stop}</span>
        <div className="min-w-0 flex-1">
          <p className="font-semibold">{order.storeName}</p>
          <p className="text-sm text-stone-600">
            {[order.township, order.village, order.address].filter(Boolean).join(" ")}
          </p>
          {order.contactPhone ? (
            <a
              href={`tel:${order.contactPhone}`}
              className="inline-flex min-h-11 items-center text-brand-700 tabular-nums"
            >
              {order.contactPhone}
            </a>
          ) : null}
        </div>
        <OrderStatusBadge status={order.status} />
      </div>
      <p className="text-sm">
        {order.paymentTerms === "cod"
          ? t("fulfilment.stops.collect", { amount: money(order.dueFen) })
          : t("fulfilment.stops.onAccount", { amount: money(order.totalFen) })}
      </p>
      {order.status === "delivered" || order.status === "received" ? (
        <p className="text-sm text-brand-800">
          {order.signedBy ? t("fulfilment.stops.signedBy", { name: order.signedBy }) : t("fulfilment.stops.byCode")}
          {order.codCollectedFen
            ? ` · ${t("fulfilment.stops.collected", { amount: money(order.codCollectedFen) })}`
            : ""}
        </p>
      ) : null}
      {open ? (
        <>
          <FormError errors={errors?.values?.intent === "fail" ? undefined : errors} />
          <Form method="post" className="flex flex-col gap-2" noValidate>
            <input type="hidden" name="requestId" value={requestId} />
            <input type="hidden" name="orderId" value={order.id} />
            <Field
              id={id("code")}
              label={t("fulfilment.stops.code")}
              name="code"
              inputMode="numeric"
              autoComplete="off"
              maxLength={6}
              hint={t("fulfilment.stops.codeHint")}
              errors={errors}
            />
            <Field
              id={id("signedBy")}
              label={t("fulfilment.stops.signedByLabel")}
              name="signedBy"
              maxLength={40}
              optional
              errors={errors}
            />
            <div className="grid grid-cols-2 gap-2">
              <Field
                id={id("cash")}
                label={t("fulfilment.stops.cash")}
                name="cashFen"
                inputMode="decimal"
                defaultValue={order.paymentTerms === "cod" ? fenToYuanString(order.dueFen) : ""}
                optional={order.paymentTerms !== "cod"}
                errors={errors}
              />
              <Select
                label={t("fulfilment.stops.method")}
                name="method"
                options={METHODS.map((m) => ({ value: m, label: t(`fulfilment.method.${m}`) }))}
                errors={errors}
              />
            </div>
            <button
              type="submit"
              name="intent"
              value="deliver"
              className="min-h-14 rounded-xl bg-brand-700 text-lg font-semibold text-white"
            >
              {t("fulfilment.stops.deliver")}
            </button>
          </Form>
          <details className="rounded-lg bg-stone-50 px-2" open={errors?.values?.intent === "fail" || undefined}>
            <summary className="flex min-h-12 cursor-pointer items-center text-sm text-red-800">
              {t("fulfilment.stops.notDelivered")}
            </summary>
            <Form method="post" className="flex flex-col gap-2 pb-2">
              <input type="hidden" name="requestId" value={`${requestId}-f`} />
              <input type="hidden" name="orderId" value={order.id} />
              <Field
                id={id("reason")}
                label={t("fulfilment.stops.reason")}
                name="reason"
                maxLength={100}
                placeholder={t("fulfilment.stops.reasonPlaceholder")}
                errors={errors}
              />
              <fieldset className="flex flex-col text-sm">
                <label className="flex min-h-11 items-center gap-2">
                  <input type="radio" name="then" value="return" defaultChecked /> {t("fulfilment.stops.return")}
                </label>
                <label className="flex min-h-11 items-center gap-2">
                  <input type="radio" name="then" value="redeliver" /> {t("fulfilment.stops.redeliver")}
                </label>
              </fieldset>
              <button
                type="submit"
                name="intent"
                value="fail"
                className="min-h-12 rounded-lg border border-red-700 bg-white font-semibold text-red-800"
              >
                {t("fulfilment.stops.markFailed")}
              </button>
            </Form>
          </details>
        </>
      ) : null}
    </li>
  );
}
