import { Link } from "@remix-run/react";
import type { ExportTable, Period } from "~/domain/analysis/periods";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

/** Rows a list card shows; the rest are counted ("and 12 more") and in the downloads. */
export const LIST = 8;

/** Where a product's name in a list leads: its sales and stock insight. */
export const productLink = (id: string) => `/store/products/${id}/insight`;

/** A per-cent from basis points, one decimal ("23.5%"). */
export function pct(bp: number): string {
  return `${(bp / 100).toFixed(1)}%`;
}

/** How much a figure moved against the previous period, in words. */
export function change(
  cur: number,
  prev: number,
  t: ReturnType<typeof useT>["t"],
): { text: string; tone: "up" | "down" | "same" } {
  if (prev === 0)
    return cur === 0 ? { text: t("analysis.kpi.same"), tone: "same" } : { text: t("analysis.kpi.new"), tone: "up" };
  const bp = Math.round(((cur - prev) * 10_000) / Math.abs(prev));
  if (bp === 0) return { text: t("analysis.kpi.same"), tone: "same" };
  return bp > 0
    ? { text: `▲ ${t("analysis.kpi.up", { pct: pct(bp) })}`, tone: "up" }
    : { text: `▼ ${t("analysis.kpi.down", { pct: pct(-bp) })}`, tone: "down" };
}

export function Kpi({
  label,
  value,
  prev,
  cur,
  prevValue,
  extra,
  testId,
}: {
  label: string;
  value: string;
  cur: number;
  prev: number;
  prevValue: string;
  extra?: string;
  testId: string;
}) {
  const { t } = useT();
  const c = change(cur, prev, t);
  const tone = c.tone === "up" ? "text-green-700" : c.tone === "down" ? "text-red-700" : "text-stone-500";
  return (
    <div className="min-w-0 rounded-xl bg-white p-3 shadow-sm" data-testid={testId}>
      <dt className="text-xs text-stone-500">{label}</dt>
      <dd className="text-xl font-bold tabular-nums break-words">{value}</dd>
      {extra ? <dd className="text-xs text-stone-600">{extra}</dd> : null}
      <dd className={`text-xs ${tone}`}>{c.text}</dd>
      <dd className="text-xs text-stone-500">{t("analysis.kpi.prev", { value: prevValue })}</dd>
    </div>
  );
}

export function AdviceCard({
  tone,
  children,
  href,
  action,
}: {
  tone: "warn" | "info" | "ok";
  children: React.ReactNode;
  href?: string;
  action?: string;
}) {
  const colours =
    tone === "warn"
      ? "bg-amber-50 text-amber-950 ring-amber-300"
      : tone === "ok"
        ? "bg-green-50 text-green-900 ring-green-200"
        : "bg-white text-stone-800 ring-stone-200";
  return (
    <li className={`flex items-center gap-2 rounded-xl p-3 ring-1 ${colours}`}>
      <span className="min-w-0 flex-1 font-medium break-words">{children}</span>
      {href && action ? (
        <Link
          to={href}
          className="flex min-h-11 shrink-0 items-center rounded-lg bg-white px-3 text-sm text-brand-700 underline shadow-sm"
        >
          {action}
        </Link>
      ) : null}
    </li>
  );
}

/** A titled list card with its CSV/Excel downloads (plain links: they work without JavaScript). */
export function Section({
  id,
  title,
  note,
  table,
  period,
  children,
  more,
}: {
  id: string;
  title: string;
  note?: string;
  table?: ExportTable;
  period: Period;
  children: React.ReactNode;
  more?: number;
}) {
  const { t } = useT();
  return (
    <section
      id={id}
      className="scroll-mt-3 rounded-xl bg-white p-3 shadow-sm"
      aria-labelledby={`${id}-h`}
      data-testid={id}
    >
      <div className="flex flex-wrap items-baseline gap-x-2">
        <h2 id={`${id}-h`} className="flex-1 font-semibold">
          {title}
        </h2>
        {table ? <Downloads table={table} period={period} /> : null}
      </div>
      {note ? <p className="mt-0.5 text-xs text-stone-500">{note}</p> : null}
      <div className="mt-2">{children}</div>
      {more && more > 0 ? <p className="mt-1 text-xs text-stone-500">{t("analysis.more", { count: more })}</p> : null}
    </section>
  );
}

export function Downloads({ table, period }: { table: ExportTable; period: Period }) {
  const { t } = useT();
  const q = `?table=${table}&period=${period}`;
  return (
    <span className="flex gap-1 text-sm" aria-label={t("analysis.export")}>
      <a
        href={`/store/analysis/export.csv${q}`}
        download
        className="flex min-h-11 min-w-11 items-center justify-center px-1.5 text-brand-700 underline"
        aria-label={`${t("analysis.export")} ${t(`analysis.file.${table}` as MessageKey)} CSV`}
      >
        {t("analysis.export.csv")}
      </a>
      <a
        href={`/store/analysis/export.xlsx${q}`}
        download
        className="flex min-h-11 min-w-11 items-center justify-center px-1.5 text-brand-700 underline"
        aria-label={`${t("analysis.export")} ${t(`analysis.file.${table}` as MessageKey)} Excel`}
      >
        {t("analysis.export.xlsx")}
      </a>
    </span>
  );
}

/** One row of a list: the product (linked) on the left, figures on the right. */
export function Row({
  to,
  name,
  sub,
  right,
  rightSub,
}: {
  to?: string;
  name: string;
  sub?: string;
  right: string;
  rightSub?: string;
}) {
  return (
    <li className="flex items-center justify-between gap-3 py-1">
      <span className="min-w-0">
        {to ? (
          <Link
            to={to}
            className="flex min-h-11 min-w-11 items-center break-words text-stone-900 underline decoration-stone-300"
          >
            {name}
          </Link>
        ) : (
          <span className="block break-words">{name}</span>
        )}
        {sub ? <span className="block text-xs text-stone-500">{sub}</span> : null}
      </span>
      <span className="shrink-0 text-right tabular-nums">
        <span className="block">{right}</span>
        {rightSub ? <span className="block text-xs text-stone-500">{rightSub}</span> : null}
      </span>
    </li>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="text-sm text-stone-500">{children}</p>;
}

/** Days of cover from tenths ("2.5"). */
export function days(tenths: number): string {
  return (tenths / 10).toFixed(1).replace(/\.0$/, "");
}
