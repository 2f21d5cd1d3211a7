/**
 * The median of `xs`: the middle value, or the mean of the two middle values for an even count.
 * Sorts a copy, so `xs` is left as it was; an empty list has no median and throws.
 */
export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error("median of an empty list");
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
