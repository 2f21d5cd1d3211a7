import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, type Locale } from "./locale";
import { formatDateTime, formatMoney, formatNumber, translator, type Translate } from "./messages";

type RootData = { locale: Locale } | undefined;

export function useLocale(): Locale {
  return (useRouteLoaderData("root") as RootData)?.locale ?? DEFAULT_LOCALE;
}

/** The translate function and formatters for the current request's language. */
export function useT(): {
  t: Translate;
  locale: Locale;
  money: (fen: number) => string;
  dateTime: (ms: number) => string;
  number: (n: number) => string;
} {
  const locale = useLocale();
  return {
    t: translator(locale),
    locale,
    money: (fen) => formatMoney(locale, fen),
    dateTime: (ms) => formatDateTime(locale, ms),
    number: (n) => formatNumber(locale, n),
  };
}
