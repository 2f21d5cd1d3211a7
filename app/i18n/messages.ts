import { TIME_ZONE, type Locale } from "./locale";
import { zhCN } from "./zh-CN";

// zh-CN is the source dictionary and ships with every page. Other languages are provided at
// start-up on the server (dictionaries.server.ts) and, in the browser, fetched before hydration
// only by those who chose them (entry.client.tsx): Chinese users never download English.
export type MessageKey = keyof typeof zhCN;
export type MessageParams = Record<string, string | number>;

export type Dictionary = Record<MessageKey, string>;

const dictionaries: Partial<Record<Locale, Dictionary>> = { "zh-CN": zhCN };

export function provideDictionary(locale: Locale, dictionary: Dictionary): void {
  dictionaries[locale] = dictionary;
}

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, value);
}

/**
 * Fills a template's `{name}` with the param as given, and `{name:money}` with an amount in fen
 * through the locale's money format ("¥11,319.50"), so the domain can pass plain integers.
 */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = dictionaries[locale]?.[key] ?? zhCN[key] ?? key;
  return template.replace(/\{(\w+)(:money)?\}/g, (whole, name: string, money?: string) => {
    if (!(name in params)) return whole;
    return money ? formatMoney(locale, Number(params[name])) : String(params[name]);
  });
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

// Intl formatters are expensive to construct (milliseconds on a phone, and on the server per
// number rendered): build each once per locale and reuse it.
function cached<T>(make: (locale: Locale) => T): (locale: Locale) => T {
  const byLocale = new Map<Locale, T>();
  return (locale) => {
    let value = byLocale.get(locale);
    if (value === undefined) {
      value = make(locale);
      byLocale.set(locale, value);
    }
    return value;
  };
}

// "¥" in both languages: every price here is in yuan, and English's "CN¥" only adds noise.
const moneyFormat = cached(
  (locale) => new Intl.NumberFormat(locale, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol" }),
);
const numberFormat = cached((locale) => new Intl.NumberFormat(locale));
const dateTimeFormat = cached(
  (locale) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }),
);

/** Integer fen to "¥12.50" in the user's locale. */
export function formatMoney(locale: Locale, fen: number): string {
  return moneyFormat(locale).format(fen / 100);
}

export function formatDateTime(locale: Locale, epochMs: number): string {
  return dateTimeFormat(locale).format(epochMs);
}

export function formatNumber(locale: Locale, n: number): string {
  return numberFormat(locale).format(n);
}
