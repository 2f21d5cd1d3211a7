import { pinyin } from "pinyin-pro";

/**
 * The search key stored with a product: pinyin initials of its Chinese characters, then the
 * full pinyin ("ksfhsnrm kangshifuhongshaoniuroumian"), so both "ksf" and "kangshifu" find
 * 康师傅. Kept server-side: the pinyin dictionary is far too heavy for a phone's bundle.
 */
export function pinyinSearchKey(name: string): string {
  const syllables = pinyin(name, { toneType: "none", type: "array", nonZh: "removed" });
  const initials = syllables.map((s) => s[0] ?? "").join("");
  return `${initials} ${syllables.join("")}`.toLowerCase();
}
