import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, Notice, type ActionErrors } from "~/components/forms";
import { StatusBadge } from "~/components/restock/status-badge";
import { useDay } from "~/components/restock/use-day";
import { newId } from "~/domain/ids.server";
import type { OrderStatus } from "~/domain/restock/kinds";
import { confirmOrder, orderActionSchema } from "~/domain/restock/confirm-order.server";
import { isOrderStatus, listDistributorOrders } from "~/domain/restock/list-orders.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "order.view");
  const params = new URL(request.url).searchParams;
  const status = params.get("status");
  const chosen = isOrderStatus(status) ? status : "submitted";
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get("date") ?? "") ? params.get("date") : null;
  return {
    ...listDistributorOrders(ctx, { statuses: [chosen], date }),
    status: chosen,
    date,
    requestId: newId(),
    done: params.get("done"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "order.view");
  const formData = await request.formData();
  const orderId = String(formData.get("orderId") ?? "");
  const form = parseForm(formData, orderActionSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () => confirmOrder(ctx, orderId, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect("/distributor/orders?status=submitted&done=confirmed");
}

// In the order an order lives through them; the refused ones last.
const TABS: OrderStatus[] = [
  "submitted",
  "confirmed",
  "picking",
  "out_for_delivery",
  "delivered",
  "received",
  "rejected",
  "cancelled",
];

/** The inbox: orders by status, then by delivery date and arrival; new ones confirmed in one tap. */
export default function DistributorOrders() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t, money, dateTime } = useT();
  const day = useDay();
  const dates = [...new Set(data.orders.map((o) => o.deliveryDate))];
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("restock.inbox.title")}</h1>
        <Link to="/distributor/claims" className="flex min-h-11 items-center text-sm text-brand-700 underline">
          {t("restock.inbox.claims")}
        </Link>
        <Link to="/distributor/accounts" className="flex min-h-11 items-center text-sm text-brand-700 underline">
          {t("restock.inbox.accounts")}
        </Link>
      </div>
      {data.done === "confirmed" ? <Notice>{t("restock.inbox.confirmed")}</Notice> : null}
      {data.done === "rejected" ? <Notice>{t("restock.inbox.rejected")}</Notice> : null}
      <FormError errors={errors} />
      <nav className="flex gap-1 overflow-x-auto md:flex-wrap" aria-label={t("restock.inbox.title")}>
        {TABS.map((s) => (
          <Link
            key={s}
            to={`?status=${s}`}
            aria-current={s === data.status ? "page" : undefined}
            className={`flex min-h-11 shrink-0 items-center rounded-full px-3 text-sm whitespace-nowrap ${s === data.status ? "bg-brand-700 font-semibold text-white" : "bg-white text-stone-700 shadow-sm"}`}
          >
            {t(`order.status.${s}`)} {data.counts[s] ?? 0}
          </Link>
        ))}
      </nav>
      {data.orders.length === 0 ? <p className="text-stone-500">{t("restock.inbox.empty")}</p> : null}
      {dates.map((date) => (
        <section key={date} className="flex flex-col gap-2">
          <h2 className="text-sm font-semibold text-stone-600">
            {t("restock.inbox.date")}：{day(date)}
          </h2>
          <ul className="flex flex-col gap-2" data-testid="inbox">
            {data.orders
              .filter((o) => o.deliveryDate === date)
              .map((o) => (
                <li key={o.id} className="flex flex-wrap items-center gap-2 rounded-xl bg-white p-3 shadow-sm">
                  <Link
                    to={`/distributor/orders/${o.id}`}
                    className="min-w-0 flex-1 underline-offset-2 hover:underline"
                  >
                    <span className="block font-semibold">{o.storeName}</span>
                    <span className="block text-xs text-stone-500 tabular-nums">
                      {dateTime(o.createdAt)} · {t("restock.orders.lines", { count: o.lineCount })}
                    </span>
                  </Link>
                  <span className="font-semibold tabular-nums">{money(o.totalFen)}</span>
                  <StatusBadge status={o.status} />
                  {o.status === "submitted" ? (
                    <Form method="post" className="shrink-0">
                      <input type="hidden" name="orderId" value={o.id} />
                      <input type="hidden" name="requestId" value={`${data.requestId}-${o.id}`.slice(0, 64)} />
                      <button
                        type="submit"
                        className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white"
                      >
                        {t("restock.inbox.confirm")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
