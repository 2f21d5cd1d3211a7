import type { Locale } from "~/i18n/locale";
import { isMessageKey, translate, type MessageKey, type MessageParams } from "~/i18n/messages";

/**
 * Why an order, run or campaign moved, as the app states it (decision 029): a message key and its
 * params, rendered when read in the reader's language. (The words a person typed, a reject reason,
 * are kept as they were written: a plain string.) Browser-safe.
 */
export type TimelineReason = { key: MessageKey; params?: MessageParams };

/** A reason the app states, as a key and its params. Params named `date`/`…Date` hold "YYYY-MM-DD" days. */
export function because(key: MessageKey, params: MessageParams = {}): TimelineReason {
  return { key, params };
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayFormats = new Map<Locale, Intl.DateTimeFormat>();

/** "11月28日周六" / "Sat, Nov 28": a calendar day, so no time zone shifts it. */
export function formatDay(locale: Locale, date: string): string {
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", weekday: "short", timeZone: "UTC" });
    dayFormats.set(locale, format);
  }
  const [y, m, d] = date.split("-").map(Number);
  return format.format(Date.UTC(y, m - 1, d));
}

/** Params with their days formatted for the reader. */
function localParams(locale: Locale, params: MessageParams): MessageParams {
  const out: MessageParams = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] =
      /(^d|D)ate$/.test(name) && typeof value === "string" && ISO_DAY.test(value) ? formatDay(locale, value) : value;
  }
  return out;
}

/** A stored message (a timeline reason, a notice) in the reader's language, its days formatted for them. */
export function renderMessage(locale: Locale, key: MessageKey, params: MessageParams): string {
  return translate(locale, key, localParams(locale, params));
}

/** A stored reason in the reader's language: the key rendered, else the plain text, else nothing. */
export function renderReason(
  locale: Locale,
  row: { reason: string | null; reasonKey: string | null; reasonParams: string | null },
): string | null {
  if (row.reasonKey && isMessageKey(row.reasonKey)) {
    const params = row.reasonParams ? (JSON.parse(row.reasonParams) as MessageParams) : {};
    return renderMessage(locale, row.reasonKey, params);
  }
  return row.reason;
}
