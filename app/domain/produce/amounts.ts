// Money for produce, browser-safe (the price card previews it). Weights are integer grams,
// counts integer pieces, prices integer fen per 斤 (500 g) or per piece.
import type { ProduceUnit } from "@db/schema/produce";

export const GRAMS_PER_JIN = 500;

/**
 * What one line costs: grams × fen-per-斤 ÷ 500, rounded half up to the fen once for the line
 * (never per 斤 and then summed), or pieces × fen-per-piece. Exact integer arithmetic (BigInt),
 * so no weight × price product is ever a rounded float; a result beyond a safe integer is refused.
 */
export function lineAmountFen(unit: ProduceUnit, qty: number, priceFen: number): number {
  if (!Number.isSafeInteger(qty) || qty < 0) throw new RangeError("quantity must be a non-negative integer");
  if (!Number.isSafeInteger(priceFen) || priceFen < 0) throw new RangeError("price must be a non-negative integer");
  const product = BigInt(qty) * BigInt(priceFen);
  // floor(q·p/500 + 1/2) = floor((2·q·p + 500) / 1000): half up, in integers.
  const fen = unit === "piece" ? product : (2n * product + BigInt(GRAMS_PER_JIN)) / BigInt(2 * GRAMS_PER_JIN);
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("amount too large");
  return Number(fen);
}

/** "12.345 斤" style figure for a weight in grams (3 decimals at most, no float rounding). */
export function gramsToJin(grams: number): string {
  const whole = Math.floor(grams / GRAMS_PER_JIN);
  const rest = grams % GRAMS_PER_JIN;
  if (rest === 0) return String(whole);
  const thousandths = String(rest * 2)
    .padStart(3, "0")
    .replace(/0+$/, "");
  return `${whole}.${thousandths}`;
}
