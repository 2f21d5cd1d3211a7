import { auth as enAuth } from "./en/auth";
import { common as enCommon } from "./en/common";
import { distribution as enDistribution } from "./en/distribution";
import { fulfilment as enFulfilment } from "./en/fulfilment";
import { inventory as enInventory } from "./en/inventory";
import { restock as enRestock } from "./en/restock";
import { sales as enSales } from "./en/sales";
import { DEFAULT_LOCALE, TIME_ZONE, type Locale } from "./locale";
import { auth } from "./zh-CN/auth";
import { common } from "./zh-CN/common";
import { distribution } from "./zh-CN/distribution";
import { fulfilment } from "./zh-CN/fulfilment";
import { inventory } from "./zh-CN/inventory";
import { restock } from "./zh-CN/restock";
import { sales } from "./zh-CN/sales";

// zh-CN is the source dictionary; each English area file is typed against its Chinese twin,
// so a key missing in English fails the type check.
const zhCN = { ...common, ...auth, ...inventory, ...sales, ...distribution, ...restock, ...fulfilment };
const en: Record<keyof typeof zhCN, string> = {
  ...enCommon,
  ...enAuth,
  ...enInventory,
  ...enSales,
  ...enDistribution,
  ...enRestock,
  ...enFulfilment,
};

export type MessageKey = keyof typeof zhCN;
export type MessageParams = Record<string, string | number>;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export function isMessageKey(value: string): value is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, value);
}

export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template = dictionaries[locale][key] ?? dictionaries[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
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
