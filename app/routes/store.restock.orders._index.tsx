import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { StatusBadge } from "~/components/restock/status-badge";
import { useDay } from "~/components/restock/use-day";
import { listStoreOrders } from "~/domain/restock/list-orders.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-office";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "restock.view");
  return { orders: listStoreOrders(ctx) };
}

export default function RestockOrders() {
  const { orders } = useLoaderData<typeof loader>();
  const { t, money } = useT();
  const day = useDay();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("restock.orders")}</h1>
        <Link to="/store/restock" className="flex min-h-11 items-center px-1 text-sm text-brand-700 underline">
          {t("restock.title")}
        </Link>
      </div>
      {orders.length === 0 ? <p className="text-stone-500">{t("restock.orders.empty")}</p> : null}
      <ul className="flex flex-col gap-2" data-testid="orders">
        {orders.map((o) => (
          <li key={o.id}>
            <Link
              to={`/store/restock/orders/${o.id}`}
              className="flex flex-col gap-0.5 rounded-xl bg-white p-3 shadow-sm"
            >
              <span className="flex items-center justify-between gap-2">
                <span className="font-semibold">{day(o.deliveryDate)}</span>
                <StatusBadge status={o.status} />
              </span>
              <span className="flex justify-between text-sm text-stone-600">
                <span className="truncate">
                  {o.distributorName} · {t("restock.orders.lines", { count: o.lineCount })}
                </span>
                <span className="font-semibold text-stone-900 tabular-nums">{money(o.totalFen)}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
