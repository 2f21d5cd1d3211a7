import { DEFAULT_LOCALE } from "~/i18n/locale";
import { translate, type MessageKey, type MessageParams } from "~/i18n/messages";

// Text stored in a column that holds words, not a message key (an account entry's note): written
// in Chinese, the language of the shopkeepers it is for. Timelines store a key and its params
// instead (`because` in timeline-reason.ts, decision 029), rendered in each reader's language.
export function reason(key: MessageKey, params: MessageParams = {}): string {
  return translate(DEFAULT_LOCALE, key, params);
}

/** "2 箱、3 件": short packs added up per pack unit (the units are the catalog's own words). */
export function packsText(lines: { packs: number; packUnit: string | null }[]): string {
  const byUnit = new Map<string, number>();
  for (const l of lines) byUnit.set(l.packUnit || "件", (byUnit.get(l.packUnit || "件") ?? 0) + l.packs);
  return [...byUnit].map(([unit, n]) => `${n} ${unit}`).join("、");
}
