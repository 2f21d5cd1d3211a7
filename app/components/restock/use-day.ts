import { useLocale } from "~/i18n/use-t";

const formats = new Map<string, Intl.DateTimeFormat>();

/** "1月8日周二" for a "YYYY-MM-DD" delivery date: a calendar day, so no time zone shifts it. */
export function useDay() {
  const locale = useLocale();
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", weekday: "short", timeZone: "UTC" });
    formats.set(locale, format);
  }
  const f = format;
  return (date: string) => {
    const [y, m, d] = date.split("-").map(Number);
    return f.format(Date.UTC(y, m - 1, d));
  };
}
