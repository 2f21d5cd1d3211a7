import { Link, useSearchParams } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

// Printable lot labels (decision 040): an 80 mm receipt-printer label, or an A4 sheet of 24.
// Print styles hide the app around them; the QR code is an SVG drawn on the server.

export type LabelView = {
  product: string;
  batchNo: string;
  expiryDate: string;
  code: string;
  url: string;
  qrSvg: string;
};

function Label({ label, compact }: { label: LabelView; compact: boolean }) {
  const { t } = useT();
  return (
    <div
      className={`flex items-center gap-2 border border-stone-400 bg-white text-black ${compact ? "p-1 text-[9pt]" : "p-2 text-sm"}`}
      style={
        compact ? { width: "62mm", height: "33mm", breakInside: "avoid" } : { width: "72mm", breakInside: "avoid" }
      }
      data-testid="lot-label"
    >
      <span
        className="block shrink-0"
        style={{ width: compact ? "26mm" : "30mm", height: compact ? "26mm" : "30mm" }}
        // The SVG is drawn by bwip-js from our own URL on the server.
        dangerouslySetInnerHTML={{ __html: label.qrSvg }}
      />
      <span className="flex min-w-0 flex-col">
        <span className="font-semibold break-words">{label.product}</span>
        <span>
          {t("trace.sheet.batch")} {label.batchNo || t("trace.noBatch")}
        </span>
        <span>
          {t("trace.expiry")} {label.expiryDate || t("trace.noExpiry")}
        </span>
        <span className="font-mono">{label.code}</span>
        <span className="text-[8pt]">{t("trace.label.scan")}</span>
      </span>
    </div>
  );
}

export function LotLabels({ label, back }: { label: LabelView; back: string }) {
  const { t } = useT();
  const [params] = useSearchParams();
  const sheet = params.get("size") === "a4";
  return (
    <div className="flex flex-col gap-3">
      <style>{`@media print { header, nav, .no-print { display: none !important; } body { background: white; } @page { size: ${sheet ? "A4" : "80mm auto"}; margin: ${sheet ? "8mm" : "2mm"}; } }`}</style>
      <div className="no-print flex flex-col gap-2">
        <Link to={back} className="min-h-11 text-sm text-brand-700">
          ← {t("trace.title")}
        </Link>
        <h1 className="text-xl font-bold">{t("trace.label.title")}</h1>
        <div className="flex flex-wrap gap-2">
          <Link
            to="?size=80"
            className={`flex min-h-11 items-center rounded-lg border px-3 text-sm ${sheet ? "border-stone-300 bg-white" : "border-brand-700 bg-brand-50 font-semibold"}`}
          >
            {t("trace.label.small")}
          </Link>
          <Link
            to="?size=a4"
            className={`flex min-h-11 items-center rounded-lg border px-3 text-sm ${sheet ? "border-brand-700 bg-brand-50 font-semibold" : "border-stone-300 bg-white"}`}
          >
            {t("trace.label.sheet")}
          </Link>
        </div>
        <p className="text-xs break-all text-stone-600">
          {t("trace.publicPath")}:{" "}
          <a href={label.url} className="text-brand-700" data-testid="label-url">
            {label.url}
          </a>
        </p>
      </div>
      {sheet ? (
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-2" style={{ maxWidth: "194mm" }} data-testid="label-sheet">
          {Array.from({ length: 24 }, (_, i) => (
            <Label key={i} label={label} compact />
          ))}
        </div>
      ) : (
        <Label label={label} compact={false} />
      )}
    </div>
  );
}
