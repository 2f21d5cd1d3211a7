import { TIME_ZONE, type Locale } from "./locale";
import type { zhCN } from "./zh-CN";
import { everyone } from "./audiences/everyone";
import { everyArea } from "./zh-CN/every-area.server";

// zh-CN is the source dictionary. On the server every area is at hand. In the browser a page
// carries the areas of its audiences only (decision 033): `everyone` (here) ships with every
// page, and the layout or page of each audience imports its module from ./audiences, which
// provides its areas when the route module loads, before hydration. Other languages are provided
// at start-up on the server (dictionaries.server.ts) and, in the browser, fetched before
// hydration only by those who chose them (entry.client.tsx): Chinese users never download English.
export type MessageKey = keyof typeof zhCN;
export type MessageParams = Record<string, string | number>;

export type Dictionary = Record<MessageKey, string>;

const dictionaries: Partial<Record<Locale, Partial<Dictionary>>> = { "zh-CN": { ...everyone } };
// Undefined in the browser build, where *.server modules are empty.
if (everyArea) provideMessages("zh-CN", everyArea);

/** Adds areas of a language's dictionary (an audience's areas, or a whole language). */
export function provideMessages(locale: Locale, messages: Partial<Dictionary>): void {
  dictionaries[locale] = Object.assign(dictionaries[locale] ?? {}, messages);
}

export function provideDictionary(locale: Locale, dictionary: Dictionary): void {
  provideMessages(locale, dictionary);
}

/** A key of the dictionary (in the browser: of the areas this page has loaded). */
export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(dictionaries["zh-CN"], value);
}

/**
 * Fills a template's `{name}` with the param as given, and `{name:money}` with an amount in fen
 * through the locale's money format ("¥11,319.50"), so the domain can pass plain integers.
 */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = dictionaries[locale]?.[key] ?? dictionaries["zh-CN"]?.[key] ?? key;
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
      hourCycle: "h23", // not hour12: false, which Node formats as "24:05" past midnight in English (the browser: "00:05")
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
