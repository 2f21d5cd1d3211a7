import { Form } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/**
 * The search box a USB/Bluetooth scanner types into: it sends the digits and Enter, which
 * submits this GET form; the products loader opens (or receives) an exact barcode match
 * directly. No JavaScript involved, so it works on any phone browser.
 */
export function ScanSearch({ defaultValue = "", then, label }: { defaultValue?: string; then?: "receive"; label?: string }) {
  const { t } = useT();
  return (
    <Form method="get" action="/store/products" role="search" className="flex gap-2">
      {then ? <input type="hidden" name="then" value={then} /> : null}
      <label htmlFor={`scan-${then ?? "find"}`} className="sr-only">
        {label ?? t("products.searchLabel")}
      </label>
      <input
        id={`scan-${then ?? "find"}`}
        name="q"
        type="search"
        defaultValue={defaultValue}
        placeholder={t("products.searchPlaceholder")}
        autoComplete="off"
        enterKeyHint="search"
        className="min-h-12 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3"
      />
      <button type="submit" className="min-h-12 shrink-0 rounded-lg bg-brand-700 px-4 font-semibold text-white">
        {label ?? t("action.search")}
      </button>
    </Form>
  );
}
