// The restock rule, as pure arithmetic: the suggestions page and the backtest
// (tests/bench/backtest.ts) both call these, so what is measured is what is shipped.
// Browser-safe (no database). Decision record: docs/decisions/021-restock-suggestions.md.
import { demandStdDev, forecastRate, type ForecastMethod } from "./forecast";

/** Days of sales history read for the forecast (eight weeks: every weekday seen eight times). */
export const HISTORY_DAYS = 56;
/** A product with fewer days of history than this is new: no forecast is trusted yet. */
export const NEW_PRODUCT_DAYS = 7;
/**
 * Safety factor on the standard deviation of demand over the protection period: 1.28 is the
 * normal quantile of a 90 % cycle service level. A village shop's customer who finds the shelf
 * empty usually waits or buys a neighbour product; a 95–99 % level would double the money tied
 * up in slow lines for little gain (see the backtest in the decision record).
 */
export const SAFETY_Z = 1.28;

export type Plan = {
  method: ForecastMethod;
  /** Expected units sold per day. */
  ratePerDay: number;
  /** Units the shelf should hold (with what is on the way) to last until the delivery after next. */
  targetUnits: number;
  /** Units short of the target after on hand and incoming; 0 when none are needed. */
  needUnits: number;
  /** Packs to order: need rounded up to whole packs and to the minimum order; 0 when none. */
  packs: number;
};

/**
 * A pack that lasts longer than this many days of sales is its own safety stock: the shelf is
 * full for most of the weeks it takes to sell, so adding z·σ·√T only buys a second case early.
 */
export const SLOW_PACK_DAYS = 28;

/**
 * The order-up-to level for `coverDays` (days until the next delivery plus the interval to the
 * one after it): forecast demand over the period plus z·σ·√(cover days), rounded up to a unit.
 * When the smallest order (`orderUnits`: minimum packs × pack size) lasts more than
 * SLOW_PACK_DAYS, the safety stock is left out.
 */
export function targetLevel(
  series: number[],
  coverDays: number,
  { alpha, orderUnits = 1 }: { alpha?: number; orderUnits?: number } = {},
) {
  const { rate, method } = forecastRate(series, { alpha });
  if (method === "none") return { rate, method, target: 0 };
  const slowPack = orderUnits / rate > SLOW_PACK_DAYS;
  const safety = slowPack ? 0 : SAFETY_Z * demandStdDev(series) * Math.sqrt(coverDays);
  // The epsilon keeps 2.0000000001 from becoming 3 units.
  return { rate, method, target: Math.ceil(rate * coverDays + safety - 1e-9) };
}

/** Whole packs for a need in base units, at least the minimum order; 0 when nothing is needed. */
export function packsFor(needUnits: number, packSize: number, minOrderPacks: number): number {
  if (needUnits <= 0) return 0;
  return Math.max(Math.ceil(needUnits / Math.max(packSize, 1)), minOrderPacks, 1);
}

/**
 * What to order for a product with history. A negative on-hand counts as zero: it means sales
 * were recorded of goods whose receipt never was, and those goods are gone, not owed to anyone;
 * ordering the hole back would overstock the shelf (the page asks for a stock count instead).
 */
export function planRestock(input: {
  series: number[];
  coverDays: number;
  onHand: number;
  incoming: number;
  packSize: number;
  minOrderPacks: number;
  alpha?: number;
}): Plan {
  const { rate, method, target } = targetLevel(input.series, input.coverDays, {
    alpha: input.alpha,
    orderUnits: input.packSize * Math.max(input.minOrderPacks, 1),
  });
  const needUnits = Math.max(0, target - Math.max(input.onHand, 0) - input.incoming);
  return {
    method,
    ratePerDay: rate,
    targetUnits: target,
    needUnits,
    packs: packsFor(needUnits, input.packSize, input.minOrderPacks),
  };
}

/**
 * A new product (under NEW_PRODUCT_DAYS of history) has no trustworthy rate: it is topped up to
 * the quantity of its last receipt (the shopkeeper's own judgement of how much to stock) once
 * it has sold some of it, and never ordered on a guess when it was never received.
 */
export function planNewProduct(input: {
  lastReceiptUnits: number | null;
  onHand: number;
  incoming: number;
  packSize: number;
  minOrderPacks: number;
}): Plan {
  const target = input.lastReceiptUnits ?? 0;
  const needUnits = Math.max(0, target - Math.max(input.onHand, 0) - input.incoming);
  return {
    method: "none",
    ratePerDay: 0,
    targetUnits: target,
    needUnits,
    packs: packsFor(needUnits, input.packSize, input.minOrderPacks),
  };
}
