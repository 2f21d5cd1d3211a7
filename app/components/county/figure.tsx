import type { Figure } from "~/domain/county/figures.server";
import { useT } from "~/i18n/use-t";

export type FigureKind = "index" | "permille" | "money" | "count";

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
