import type { Figure, PlaceRow } from "~/domain/county/figures.server";
import { useT } from "~/i18n/use-t";

export type FigureKind = "index" | "permille" | "money" | "count" | "tenths";

/** Formats a shown figure; the label of a hidden one ("<5 家", 保密, —): never a zero in its place. */
export function useFigureText(minStores: number) {
  const { t, money } = useT();
  return (f: Figure, kind: FigureKind): string => {
    if (f.state !== "shown") {
      if (f.state === "few") return t("county.label.few", { min: minStores });
      return f.state === "confidential" ? t("county.label.confidential") : t("county.label.none");
    }
    if (kind === "money") return money(f.value);
    if (kind === "permille") return `${(f.value / 10).toFixed(1)}%`;
    if (kind === "tenths") return (f.value / 10).toFixed(1);
    return String(f.value);
  };
}

export function FigureCell({ f, kind, minStores }: { f: Figure; kind: FigureKind; minStores: number }) {
  const text = useFigureText(minStores)(f, kind);
  return (
    <td
      className={`px-2 py-2 text-right whitespace-nowrap tabular-nums ${f.state === "shown" ? "" : "text-stone-500"}`}
      data-state={f.state}
    >
      {text}
    </td>
  );
}

/** A place's name; the pool of small townships as "其他 N 个乡镇", its members in a note below. */
export function PlaceName({ row }: { row: PlaceRow }) {
  const { t } = useT();
  return (
    <td className="min-w-20 px-2 py-2" title={row.members.length ? row.name : undefined}>
      {row.members.length ? t("county.pool.label", { n: row.members.length }) : row.name}
    </td>
  );
}

export function PoolNote({ rows }: { rows: PlaceRow[] }) {
  const { t } = useT();
  const pool = rows.find((r) => r.members.length > 0);
  if (!pool) return null;
  return <p className="text-xs text-stone-500">{t("county.pool.note", { names: pool.members.join("、") })}</p>;
}
