/**
 * Parses a yuan amount typed by a person ("12", "12.5", "12.50") into integer fen without
 * passing through a float, so 0.1 + 0.2 never becomes 30.000000000000004 fen.
 */
export function parseYuanToFen(input: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(input.trim());
  if (!match) return null;
  const fraction = (match[2] ?? "").padEnd(2, "0");
  return Number(match[1]) * 100 + Number(fraction);
}

/** Integer fen to a plain "12.50" for forms and CSV (no currency sign, no grouping). */
export function fenToYuanString(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
