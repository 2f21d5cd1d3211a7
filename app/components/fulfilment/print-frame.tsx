import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/use-t";

export type Paper = "a4" | "80mm";

export function paperOf(url: string): Paper {
  return new URL(url).searchParams.get("paper") === "80mm" ? "80mm" : "a4";
}

// Page boxes for the two printers a county warehouse has: an office A4 laser and an 80 mm
// receipt printer (whose driver sets the roll's length; the width is what the layout needs).
const PRINT_CSS = `
@page { size: A4; margin: 12mm; }
@page receipt { size: 80mm 297mm; margin: 2mm; }
.paper-80mm { page: receipt; width: 76mm; font-size: 12px; line-height: 1.3; }
.paper-80mm table { width: 100%; }
@media print {
  body { background: white; }
  .print-sheet { box-shadow: none !important; padding: 0 !important; max-width: none !important; }
  .print-sheet a { color: inherit; text-decoration: none; }
  .print-break { break-before: page; }
  .paper-80mm .print-break { break-before: auto; border-top: 1px dashed #000; }
  .print-keep { break-inside: avoid; }
}`;

/**
 * A printable sheet: a screen-only toolbar (back, A4 / 80 mm, print) and the sheet itself. The
 * print button needs JavaScript; without it the browser's own Print prints the same sheet.
 */
export function PrintFrame({
  paper,
  back,
  backLabel,
  children,
}: {
  paper: Paper;
  back: string;
  backLabel: string;
  children: ReactNode;
}) {
  const { t } = useT();
  const tab = (p: Paper, label: string) => (
    <Link
      to={p === "80mm" ? "?paper=80mm" : "?"}
      aria-current={paper === p ? "page" : undefined}
      className={`flex min-h-11 items-center rounded-full px-4 text-sm ${paper === p ? "bg-brand-700 text-white" : "bg-white"}`}
    >
      {label}
    </Link>
  );
  return (
    <>
      <style>{PRINT_CSS}</style>
      <div className="no-print flex flex-wrap items-center gap-2">
        <Link to={back} className="flex min-h-11 items-center px-1 text-sm text-brand-700">
          ← {backLabel}
        </Link>
        {tab("a4", t("fulfilment.print.a4"))}
        {tab("80mm", t("fulfilment.print.receipt"))}
        <button
          type="button"
          onClick={() => window.print()}
          className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white"
        >
          {t("fulfilment.print.print")}
        </button>
      </div>
      <div
        className={`print-sheet bg-white text-black ${paper === "80mm" ? "paper-80mm p-2" : "max-w-4xl rounded-xl p-4 shadow-sm"}`}
        data-paper={paper}
      >
        {children}
      </div>
    </>
  );
}
