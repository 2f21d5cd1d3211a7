import { Form } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { CameraScan } from "./camera-scan";

/**
 * The search box a USB/Bluetooth scanner types into: it sends the digits and Enter, which
 * submits this GET form; the products loader opens (or receives) an exact barcode match
 * directly. No JavaScript involved, so it works on any phone browser; with JavaScript and a camera,
 * a camera button beside it reads the code into the box (CameraScan).
 *
 * With `autoFocus` the box is ready for the next scan as soon as the page opens, and focusing
 * it selects what is there, so a scan replaces the last search instead of appending to it.
 */
export function ScanSearch({
  defaultValue = "",
  then,
  label,
  autoFocus = false,
}: {
  defaultValue?: string;
  then?: "receive";
  /** Shown above the box; without it the label is for screen readers only. */
  label?: string;
  autoFocus?: boolean;
}) {
  const { t } = useT();
  const id = `scan-${then ?? "find"}`;
  return (
    <Form method="get" action="/store/products" role="search" className="flex flex-col gap-1">
      {then ? <input type="hidden" name="then" value={then} /> : null}
      <label htmlFor={id} className={label ? "text-sm font-medium text-stone-700" : "sr-only"}>
        {label ?? t("products.searchLabel")}
      </label>
      <div className="flex gap-2">
        <input
          // A new search (or none, after a tab tap) is a new box: defaultValue alone would keep the old text.
          key={defaultValue}
          id={id}
          name="q"
          type="search"
          defaultValue={defaultValue}
          placeholder={t("products.searchPlaceholder")}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="off"
          spellCheck={false}
          enterKeyHint="search"
          autoFocus={autoFocus}
          onFocus={(event) => event.currentTarget.select()}
          className="min-h-12 min-w-0 flex-1 rounded-lg border border-stone-300 bg-white px-3 focus:outline-2 focus:outline-brand-600"
        />
        <CameraScan into={id} />
        <button
          type="submit"
          className="min-h-12 min-w-12 shrink-0 rounded-lg bg-brand-700 px-4 font-semibold text-white"
        >
          {t("action.search")}
        </button>
      </div>
    </Form>
  );
}
