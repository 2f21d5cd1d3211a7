import { DEFAULT_LOCALE } from "~/i18n/locale";
import { translate, type MessageKey, type MessageParams } from "~/i18n/messages";

// A reason on a timeline is read later by both sides (the store and the distributor), each
// in their own language setting, so there is no one "user's language" when it is written. System
// reasons are written in Chinese, the language of the shopkeepers they are for (decision 020).
export function reason(key: MessageKey, params: MessageParams = {}): string {
  return translate(DEFAULT_LOCALE, key, params);
}

/** "2026-11-28" → "11 月 28 日", as a shopkeeper says it. */
export function dayOf(date: string): string {
  const [, m, d] = date.split("-").map(Number);
  return reason("fulfilment.reason.day", { month: m, day: d });
}

/** "2 箱、3 件": short packs added up per pack unit. */
export function packsText(lines: { packs: number; packUnit: string | null }[]): string {
  const byUnit = new Map<string, number>();
  for (const l of lines) byUnit.set(l.packUnit || "件", (byUnit.get(l.packUnit || "件") ?? 0) + l.packs);
  return [...byUnit].map(([unit, n]) => `${n} ${unit}`).join("、");
}
