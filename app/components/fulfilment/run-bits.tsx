import { Link } from "@remix-run/react";
import type { OrderStatus, RunStatus } from "~/domain/restock/kinds";
import { useT } from "~/i18n/use-t";

const RUN_TONE: Record<RunStatus, string> = {
  planned: "bg-stone-200 text-stone-800",
  picking: "bg-amber-100 text-amber-900",
  out_for_delivery: "bg-sky-100 text-sky-900",
  completed: "bg-brand-100 text-brand-800",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useT();
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${RUN_TONE[status]}`}>
      {t(`run.status.${status}`)}
    </span>
  );
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useT();
  const tone =
    status === "delivered" || status === "received"
      ? "bg-brand-100 text-brand-800"
      : status === "cancelled" || status === "rejected"
        ? "bg-red-100 text-red-800"
        : "bg-stone-200 text-stone-800";
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${tone}`}>
      {t(`order.status.${status}`)}
    </span>
  );
}

/** "东线 · 2030-01-01 (周二)" with the run's state: the top of every run page. */
export function RunTitle({
  title,
  routeName,
  date,
  status,
}: {
  title: string;
  routeName: string;
  date: string;
  status: RunStatus;
}) {
  const { t } = useT();
  return (
    <div className="flex flex-col gap-1">
      <h1 className="text-xl font-bold">{title}</h1>
      <p className="flex flex-wrap items-center gap-2 text-sm text-stone-600">
        <span>{routeName ? t("fulfilment.routeDate", { route: routeName, date }) : date}</span>
        <RunStatusBadge status={status} />
      </p>
    </div>
  );
}

type Entry = {
  id: string;
  from: string | null;
  to: string;
  reason: string | null;
  at: number;
  actorName: string | null;
};

/** Who moved it, when, from what to what, and why: oldest first, as it happened. */
export function Timeline({ entries, entity }: { entries: Entry[]; entity: "run" | "order" }) {
  const { t, dateTime } = useT();
  const label = (s: string) =>
    entity === "run" ? t(`run.status.${s as RunStatus}`) : t(`order.status.${s as OrderStatus}`);
  return (
    <ol className="flex flex-col gap-2 border-l-2 border-stone-200 pl-3 text-sm" data-testid={`${entity}-timeline`}>
      {entries.map((e) => (
        <li key={e.id}>
          <p>
            <span className="font-medium">{e.from ? `${label(e.from)} → ${label(e.to)}` : label(e.to)}</span>
            <span className="ml-2 text-xs text-stone-500 tabular-nums">
              {dateTime(e.at)} · {e.actorName ?? ""}
            </span>
          </p>
          {e.reason ? <p className="text-stone-700">{e.reason}</p> : null}
        </li>
      ))}
    </ol>
  );
}

export function ActionLink({
  to,
  children,
  primary = false,
}: {
  to: string;
  children: React.ReactNode;
  primary?: boolean;
}) {
  return (
    <Link
      to={to}
      className={`flex min-h-12 items-center justify-center rounded-lg px-4 text-center font-semibold ${primary ? "bg-brand-700 text-white" : "bg-white shadow-sm"}`}
    >
      {children}
    </Link>
  );
}
